package io.flowsight.app.topics;

import io.flowsight.schemas.DurationSetting;
import io.flowsight.schemas.IpNetwork;
import io.flowsight.schemas.Silence;
import io.flowsight.schemas.Topic;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The silences as people edit them, from the command line or the HTTP API: each added with one clear sentence per
 * mistake, listed, and expired by writing it again with its end now (the compacted topic keeps the latest version).
 */
public final class SilenceTopic implements AutoCloseable {
    private final CompactedTopic topic;

    private SilenceTopic(CompactedTopic topic) {
        this.topic = topic;
    }

    /** The silences topic under the prefix the settings give, created when missing. */
    public static SilenceTopic open(Map<String, Object> settings) throws Exception {
        return new SilenceTopic(CompactedTopic.open(settings, Topic.SILENCES));
    }

    /**
     * A silence from what a person gave.
     *
     * @param until an ISO-8601 time or a duration from {@code now} ({@code 4h}, {@code 2d})
     * @throws IllegalArgumentException naming the mistake and its fix
     */
    public static Silence of(String address, String detector, String until, String comment, String createdBy,
                             Instant now) {
        if (address == null || IpNetwork.parse(address).isEmpty()) {
            throw new IllegalArgumentException("--address is '" + address + "', which is not an IP address or CIDR "
                    + "block; write e.g. 203.0.113.7 or 10.0.0.0/8.");
        }
        if (until == null || until.isBlank()) {
            throw new IllegalArgumentException("--until is missing; give an ISO-8601 time or a duration such as 4h.");
        }
        if (comment == null || comment.isBlank()) {
            throw new IllegalArgumentException("--comment is missing; say why the alerts are silenced.");
        }
        Instant ends = endOf(until, now);
        if (!ends.isAfter(now)) {
            throw new IllegalArgumentException("--until " + until + " is not in the future; give a later time.");
        }
        return Silence.newBuilder().setSilenceId(UUID.randomUUID().toString()).setAddress(address)
                .setDetector(detector == null || detector.isBlank() ? null : detector).setStartsAt(now)
                .setEndsAt(ends).setComment(comment).setCreatedBy(createdBy == null ? "unknown" : createdBy).build();
    }

    private static Instant endOf(String until, Instant now) {
        try {
            return Instant.parse(until);
        } catch (DateTimeParseException notATime) {
            Duration duration = DurationSetting.parse("--until", until);
            return now.plus(duration);
        }
    }

    public void add(Silence silence) {
        topic.write(Map.of(silence.getSilenceId(), silence));
    }

    /** The silences that hold at {@code now} or later; with {@code all}, the expired ones too. */
    public List<Silence> list(boolean all, Instant now) {
        Map<String, Silence> silences = topic.read();
        return silences.values().stream().filter(silence -> all || silence.getEndsAt().isAfter(now)).toList();
    }

    /**
     * Ends the silences with these ids at {@code now}.
     *
     * @throws IllegalArgumentException when an id names no silence (then none is expired)
     */
    public void expire(List<String> ids, Instant now) {
        Map<String, Silence> silences = topic.read();
        List<String> unknown = ids.stream().filter(id -> !silences.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("No silence " + String.join(", ", unknown) + "; nothing was expired "
                    + "('flowsight silence list --all' shows the ids).");
        }
        Map<String, Silence> expired = new LinkedHashMap<>();
        for (String id : ids) {
            Silence silence = silences.get(id);
            expired.put(id, Silence.newBuilder(silence)
                    .setEndsAt(silence.getEndsAt().isBefore(now) ? silence.getEndsAt() : now).build());
        }
        topic.write(expired);
    }

    public String name() {
        return topic.name();
    }

    @Override
    public void close() {
        topic.close();
    }
}
