package io.flowsight.ingest.parse;

import io.flowsight.ingest.envelope.LogEnvelope;

import java.util.List;
import java.util.Optional;

/**
 * One line of a line-oriented log as it arrives: a record line, or an envelope (CloudWatch Logs subscription,
 * {@code {"message":…}} wrapper) holding record lines. Each record line is parsed and handed on, each failure
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
        List<String> messages;
        try {
            Optional<LogEnvelope.Contents> envelope = LogEnvelope.open(line);
            if (envelope.isPresent() && envelope.get().control()) {
                handler.controlMessage();
            }
            messages = envelope.map(LogEnvelope.Contents::messages).orElse(List.of(line));
        } catch (ParseException e) {
            handler.rejected(line, e);
            return;
        }
        for (String message : messages) {
            try {
                parser.parse(message).ifPresent(handler::record);
            } catch (ParseException e) {
                handler.rejected(message, e);
            }
        }
    }
}
