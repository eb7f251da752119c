package io.flowsight.ingest.parse;

import io.flowsight.ingest.envelope.LogEnvelope;

import java.util.List;
import java.util.Optional;

/**
 * One line of a line-oriented log as it arrives (or one JSON value of a pretty-printed one): a record line, or an
 * envelope (CloudWatch Logs subscription, {@code {"message":…}} wrapper) holding record lines. Each record line is parsed and handed on, each failure
 * reported with the text that failed, so that callers (the ingester, {@code flowsight parse}) treat both alike.
 */
public final class EnvelopedLines {

    /** What happens to each part of a line. */
    public interface Handler {
        void record(Object record);

        void rejected(String text, ParseException error);

        /** A CloudWatch Logs CONTROL_MESSAGE: no log lines, only a reachability check. */
        void controlMessage();
    }

    private EnvelopedLines() {
    }

    public static void parse(String line, LineParser<?> parser, Handler handler) {
        Optional<LogEnvelope.Contents> envelope;
        try {
            envelope = LogEnvelope.open(line);
        } catch (ParseException e) {
            handler.rejected(line, e);
            return;
        }
        parseContents(line, envelope, parser, handler);
    }

    /**
     * Like {@link #parse}, for text that is one whole JSON value (see {@code LineReader.readingJsonValues}): an
     * envelope is opened, any other value handed to the parser as it is; text that is not valid JSON is rejected as
     * such.
     */
    public static void parseJsonValue(String json, LineParser<?> parser, Handler handler) {
        Optional<LogEnvelope.Contents> envelope;
        try {
            envelope = LogEnvelope.openJsonValue(json);
        } catch (ParseException e) {
            handler.rejected(json, e);
            return;
        }
        parseContents(json, envelope, parser, handler);
    }

    private static void parseContents(String text, Optional<LogEnvelope.Contents> envelope, LineParser<?> parser,
                                      Handler handler) {
        if (envelope.isPresent() && envelope.get().control()) {
            handler.controlMessage();
        }
        List<String> messages = envelope.map(LogEnvelope.Contents::messages).orElse(List.of(text));
        for (String message : messages) {
            try {
                parser.parse(message).ifPresent(handler::record);
            } catch (ParseException e) {
                handler.rejected(message, e);
            }
        }
    }
}
