package io.flowsight.ingest.alb;

import io.flowsight.ingest.parse.ParseException;
import io.flowsight.ingest.parse.RejectReason;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an ELB log line into fields: separated by spaces, some double-quoted (and then free to contain spaces
 * and backslash-escaped quotes). A closing quote ends its field even when no space follows, since real logs
 * contain {@code "-" "-"1} (beats' example-alb-http.log).
 */
final class AlbLine {
    private AlbLine() {
    }

    static List<String> fields(String line) throws ParseException {
        List<String> fields = new ArrayList<>(40);
        int length = line.length();
        int i = 0;
        while (i < length) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                i++;
                continue;
            }
            if (c == '"') {
                StringBuilder value = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < length) {
                    char q = line.charAt(i);
                    if (q == '\\' && i + 1 < length && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                        value.append(line.charAt(i + 1));
                        i += 2;
                    } else if (q == '"') {
                        i++;
                        closed = true;
                        break;
                    } else {
                        value.append(q);
                        i++;
                    }
                }
                if (!closed) {
                    throw new ParseException(RejectReason.MALFORMED, "Field " + (fields.size() + 1)
                            + " opens a quote that never closes.");
                }
                fields.add(value.toString());
            } else {
                int start = i;
                while (i < length && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                    i++;
                }
                fields.add(line.substring(start, i));
            }
        }
        return fields;
    }
}
