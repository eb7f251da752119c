package io.flowsight.ingest.cloudtrail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowsight.ingest.envelope.LogEnvelope;
import io.flowsight.ingest.parse.ParseException;
import io.flowsight.ingest.parse.RejectReason;
import io.flowsight.schemas.CloudTrailEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns CloudTrail JSON into {@link CloudTrailEvent} records, whatever way it was delivered: an S3 log file
 * ({@code {"Records":[…]}}), a JSON array of events, one event (as CloudWatch Logs and the API deliver them), or
 * an EventBridge event whose {@code detail} is the CloudTrail record. Digest files (log-file integrity
 * validation) are recognised and skipped. Text holding several JSON values, one per line, is read line by line,
 * and CloudWatch Logs subscription envelopes ({@link LogEnvelope}) are opened to the events inside.
 *
 * <p>Each event succeeds or fails on its own: one bad event in a file of thousands is one dead letter.
 */
public final class CloudTrailParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * CloudTrail writes {@code 2020-09-14T01:19:40Z}; exports (SIEMs, Panther) rewrite it as
     * {@code 2020-09-14 01:19:40[.fraction]}, still UTC. Both are read, fractions to the nanosecond.
     */
    private static final DateTimeFormatter EVENT_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffsetId().optionalEnd()
            .parseDefaulting(ChronoField.OFFSET_SECONDS, 0)
            .toFormatter(Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** What a CloudTrail document held. */
    public record Document(List<Outcome> events, boolean digest) {
    }

    /**
     * One event of a document: its record, or why it has none, with its JSON text for the dead letter.
     *
     * @param index the event's 0-based position in the document
     */
    public record Outcome(int index, CloudTrailEvent event, ParseException error, String json) {
        public boolean parsed() {
            return event != null;
        }
    }

    /**
     * Parses a whole document.
     *
     * @throws ParseException when the text is not JSON or is JSON of no CloudTrail shape
     */
    /** Why a CloudTrail file over {@code limit} bytes is not parsed. */
    public static ParseException documentTooLarge(int limit) {
        return new ParseException(RejectReason.DOCUMENT_TOO_LARGE, "The CloudTrail file is larger than "
                + "flowsight.ingest.max.document.bytes (" + limit + "), so it is not parsed; its first bytes are kept "
                + "here. Raise the limit (and the heap) if it is a real log.");
    }

    public Document parseDocument(String text) throws ParseException {
        JsonNode root;
        boolean moreValues;
        try (JsonParser json = JSON.createParser(text)) {
            root = json.readValueAsTree();
            moreValues = root != null && json.nextToken() != null;
        } catch (JsonProcessingException e) {
            throw notJson(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ParseException(RejectReason.BAD_JSON, "The document is empty.");
        }
        if (moreValues) {
            return jsonLines(text);
        }
        if (isDigest(root)) {
            return new Document(List.of(), true);
        }
        Optional<LogEnvelope.Contents> envelope = LogEnvelope.open(root);
        if (envelope.isPresent()) {
            return fromMessages(envelope.get().messages());
        }
        List<JsonNode> events = new ArrayList<>();
        if (root.isObject() && root.has("Records")) {
            root.path("Records").forEach(events::add);
        } else if (root.isArray()) {
            root.forEach(events::add);
        } else if (root.isObject()) {
            events.add(root);
        } else {
            throw new ParseException(RejectReason.BAD_JSON, "Expected a CloudTrail JSON object or array, found "
                    + root.getNodeType().name().toLowerCase(Locale.ROOT) + ".");
        }
        List<Outcome> outcomes = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            outcomes.add(outcome(i, events.get(i)));
        }
        return new Document(outcomes, false);
    }

    /** One event per line, as exports and CloudWatch Logs downloads write them; a bad line spoils only itself. */
    private Document jsonLines(String text) {
        return fromMessages(List.of(text.split("\\r?\\n")));
    }

    /** Events as separate JSON texts (lines, or the messages of a CloudWatch Logs subscription). */
    private Document fromMessages(List<String> messages) {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            String message = messages.get(i);
            if (message.isBlank()) {
                continue;
            }
            try {
                JsonNode event = JSON.readTree(message);
                Optional<LogEnvelope.Contents> wrapped = LogEnvelope.open(event);
                if (wrapped.isPresent() && wrapped.get().messages().size() == 1) {
                    event = JSON.readTree(wrapped.get().messages().get(0));
                }
                outcomes.add(outcome(i, event));
            } catch (JsonProcessingException e) {
                outcomes.add(new Outcome(i, null, notJson(e), message));
            } catch (ParseException e) {
                outcomes.add(new Outcome(i, null, e, message));
            }
        }
        return new Document(outcomes, false);
    }

    private Outcome outcome(int index, JsonNode event) {
        try {
            return new Outcome(index, parseEvent(event), null, null);
        } catch (ParseException e) {
            return new Outcome(index, null, e, event.toString());
        }
    }

    private static ParseException notJson(JsonProcessingException e) {
        return new ParseException(RejectReason.BAD_JSON, "Not JSON: " + e.getOriginalMessage()
                + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ".");
    }

    /**
     * Parses one event object (or an EventBridge event wrapping one).
     *
     * @throws ParseException naming what is missing or wrong
     */
    public CloudTrailEvent parseEvent(JsonNode event) throws ParseException {
        if (!event.isObject()) {
            throw new ParseException(RejectReason.BAD_JSON, "A CloudTrail event is a JSON object, not "
                    + event.getNodeType().name().toLowerCase(Locale.ROOT) + ".");
        }
        JsonNode record = event.has("detail") && event.has("detail-type") ? event.path("detail") : event;
        JsonNode eventTime = record.get("eventTime");
        if (eventTime == null || !eventTime.isTextual()) {
            throw new ParseException(RejectReason.MISSING_FIELD, "The event has no eventTime"
                    + (record.has("eventID") ? " (eventID " + record.path("eventID").asText() + ")" : "")
                    + ": it is not a CloudTrail record.");
        }
        CloudTrailEvent parsed = (CloudTrailEvent) JsonToAvro.record(record, CloudTrailEvent.getClassSchema());
        try {
            parsed.setEventTime(EVENT_TIME.parse(eventTime.asText(), Instant::from).truncatedTo(ChronoUnit.MILLIS));
        } catch (DateTimeParseException e) {
            throw new ParseException(RejectReason.BAD_VALUE, "eventTime must be an ISO-8601 UTC time such as "
                    + "2020-09-14T01:19:40Z, not '" + eventTime.asText() + "'.");
        }
        return parsed;
    }

    /** A digest file: the integrity-validation summary CloudTrail writes beside the logs, not events. */
    private static boolean isDigest(JsonNode root) {
        return root.isObject() && root.has("digestStartTime") && root.has("logFiles");
    }
}
