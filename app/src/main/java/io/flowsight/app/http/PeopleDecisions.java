package io.flowsight.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowsight.app.topics.BlocklistTopic;
import io.flowsight.app.topics.SilenceTopic;
import io.flowsight.respond.policy.BlockedAddress;
import io.flowsight.respond.policy.ManualBlock;
import io.flowsight.respond.policy.ManualUnblock;
import io.flowsight.schemas.BlocklistChange;
import io.flowsight.schemas.DurationSetting;
import io.flowsight.schemas.Severity;
import io.flowsight.schemas.Silence;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The endpoints where people decide, on the same topics as the command line: {@code /api/silences} (list, add) and
 * {@code /api/blocklist} (the list in force; a person's block or unblock through the blocklist's guardrails).
 * A process started without one of the topics answers there with a 400 that says which process has it.
 */
public final class PeopleDecisions implements AutoCloseable {
    /** Who decided, when a request does not say. */
    static final String DEFAULT_DECIDER = "http-api";

    /** A status and the JSON body to answer with. */
    record Answer(int status, Object body) {
    }

    private final Optional<SilenceTopic> silences;
    private final Optional<BlocklistTopic> blocklist;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public PeopleDecisions(Optional<SilenceTopic> silences, Optional<BlocklistTopic> blocklist, Clock clock) {
        this.silences = silences;
        this.blocklist = blocklist;
        this.clock = clock;
    }

    /** For a process where people decide nothing (tests of the read-only endpoints). */
    public static PeopleDecisions none() {
        return new PeopleDecisions(Optional.empty(), Optional.empty(), Clock.systemUTC());
    }

    /** GET lists the silences ({@code ?all=true}: the expired too); POST adds one. */
    Answer silences(String method, Map<String, String> query, InputStream body) throws IOException {
        SilenceTopic topic = silences.orElseThrow(() -> new IllegalArgumentException("This process keeps no "
                + "silences; ask the one that runs stream processing."));
        Instant now = clock.instant();
        if (method.equals("GET")) {
            List<Map<String, Object>> listed = topic.list(Boolean.parseBoolean(query.get("all")), now).stream()
                    .map(PeopleDecisions::silenceJson).toList();
            return new Answer(200, Map.of("silences", listed));
        }
        Map<?, ?> request = object(body, "{\"address\":\"203.0.113.7\",\"until\":\"4h\",\"comment\":\"why\"}");
        Silence silence = SilenceTopic.of(text(request, "address"), text(request, "detector"), text(request, "until"),
                text(request, "comment"), Optional.ofNullable(text(request, "createdBy")).orElse(DEFAULT_DECIDER), now);
        topic.add(silence);
        return new Answer(201, silenceJson(silence));
    }

    /**
     * GET: the addresses blocked now and whether the list is enforced. POST: a person's decision,
     * {@code {"action":"add"|"remove","address":..,"comment":..[,"ttl":"4h"][,"by":..]}}; 201 with the decisions
     * when the blocklist took it, 409 with them and the refusal's sentence as {@code error} when a guardrail refused.
     */
    Answer blocklist(String method, InputStream body) throws IOException {
        BlocklistTopic topic = blocklist.orElseThrow(() -> new IllegalArgumentException("This process keeps no "
                + "blocklist; ask the one that runs flowsight run or flowsight streams with a Kafka connection."));
        Instant now = clock.instant();
        if (method.equals("GET")) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("enforced", topic.enforced());
            answer.put("blocked", topic.active(now).stream().map(PeopleDecisions::blockedJson).toList());
            return new Answer(200, answer);
        }
        Map<?, ?> request = object(body, "{\"action\":\"add\",\"address\":\"203.0.113.7\",\"comment\":\"why\"}");
        String action = text(request, "action");
        String address = text(request, "address");
        String comment = text(request, "comment");
        String by = Optional.ofNullable(text(request, "by")).filter(name -> !name.isBlank()).orElse(DEFAULT_DECIDER);
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("The field 'address' is missing; give an IP address or CIDR block.");
        }
        if (comment == null || comment.isBlank()) {
            throw new IllegalArgumentException("The field 'comment' is missing; say why, for the audit trail.");
        }
        List<BlocklistChange> changes;
        if ("add".equals(action)) {
            String ttl = text(request, "ttl");
            changes = topic.add(new ManualBlock(address, ttl == null ? null : DurationSetting.parse("ttl", ttl),
                    Severity.CRITICAL, comment, by), now);
        } else if ("remove".equals(action)) {
            changes = topic.remove(new ManualUnblock(address, comment, by), now);
        } else {
            throw new IllegalArgumentException("The field 'action' is '" + action + "'; use add or remove.");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        changes.stream().filter(change -> change.getAction().equals("refuse")).findFirst()
                .ifPresent(refusal -> answer.put("error", refusal.getReason()));
        answer.put("decisions", changes.stream().map(PeopleDecisions::changeJson).toList());
        return new Answer(answer.containsKey("error") ? 409 : 201, answer);
    }

    @Override
    public void close() {
        silences.ifPresent(SilenceTopic::close);
        blocklist.ifPresent(BlocklistTopic::close);
    }

    private Map<?, ?> object(InputStream body, String example) {
        try {
            return json.readValue(body, Map.class);
        } catch (IOException notJson) {
            throw new IllegalArgumentException("The body must be a JSON object such as " + example + ".");
        }
    }

    private static String text(Map<?, ?> request, String field) {
        Object value = request.get(field);
        return value == null ? null : String.valueOf(value);
    }

    private static Map<String, Object> silenceJson(Silence silence) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", silence.getSilenceId());
        fields.put("address", silence.getAddress());
        fields.put("detector", silence.getDetector());
        fields.put("startsAt", silence.getStartsAt());
        fields.put("endsAt", silence.getEndsAt());
        fields.put("createdBy", silence.getCreatedBy());
        fields.put("comment", silence.getComment());
        return fields;
    }

    private static Map<String, Object> blockedJson(BlockedAddress entry) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("address", entry.address().toString());
        fields.put("until", entry.expiresAt());
        fields.put("severity", entry.severity().wireName());
        fields.put("offences", entry.offences());
        fields.put("since", entry.since());
        fields.put("decidedBy", entry.decidedBy());
        fields.put("reason", entry.reason());
        fields.put("alertId", entry.alertId());
        fields.put("detector", entry.detector());
        fields.put("comment", entry.comment());
        return fields;
    }

    private static Map<String, Object> changeJson(BlocklistChange change) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("action", change.getAction());
        fields.put("address", change.getAddress());
        fields.put("reason", change.getReason());
        fields.put("expiresAt", change.getExpiresAt());
        fields.put("enforced", change.getEnforced());
        fields.put("decidedBy", change.getDecidedBy());
        return fields;
    }
}
