package io.flowsight.queries.sql;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How query results are shown: an aligned table for people, CSV or JSON lines for scripts. Nested values (lists,
 * structs, maps) are JSON arrays and objects in JSON and JSON text in CSV and the table; BLOBs are UTF-8 text when
 * valid, else base64 in JSON and CSV and hex in the table. Table cells longer than {@link #TABLE_CELL_WIDTH}
 * characters are cut, ending in an ellipsis, and line breaks in them are shown as {@code \n}.
 */
public enum ResultFormat {
    TABLE, CSV, JSON;

    /** Wide enough for an IPv6 address, an ARN or a short log line; whole values are in CSV and JSON. */
    public static final int TABLE_CELL_WIDTH = 80;

    private static final ObjectMapper JSON_MAPPER = new ObjectMapper();

    public static ResultFormat fromName(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown format '" + name + "': use table, csv or json.", e);
        }
    }

    public String render(QueryResult result) {
        return switch (this) {
            case TABLE -> table(result);
            case CSV -> csv(result);
            case JSON -> json(result);
        };
    }

    private static String table(QueryResult result) {
        List<String[]> cells = new ArrayList<>();
        cells.add(result.columns().toArray(String[]::new));
        for (List<Object> row : result.rows()) {
            cells.add(row.stream().map(ResultFormat::tableCell).toArray(String[]::new));
        }
        int[] widths = new int[result.columns().size()];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < cells.size(); r++) {
            String[] row = cells.get(r);
            for (int i = 0; i < row.length; i++) {
                boolean number = r > 0 && result.rows().get(r - 1).get(i) instanceof Number;
                String cell = number ? " ".repeat(widths[i] - row[i].length()) + row[i]
                        : row[i] + " ".repeat(widths[i] - row[i].length());
                out.append(i == 0 ? "" : " | ").append(cell);
            }
            out.append(System.lineSeparator());
            if (r == 0) {
                for (int i = 0; i < widths.length; i++) {
                    out.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
                }
                out.append(System.lineSeparator());
            }
        }
        out.append("(").append(result.rows().size()).append(result.rows().size() == 1 ? " row)" : " rows)")
                .append(System.lineSeparator());
        return out.toString();
    }

    private static String csv(QueryResult result) {
        StringBuilder out = new StringBuilder();
        out.append(String.join(",", result.columns().stream().map(ResultFormat::csvCell).toList())).append('\n');
        for (List<Object> row : result.rows()) {
            out.append(String.join(",", row.stream().map(value -> value == null ? "" : csvCell(scriptText(value))).toList()))
                    .append('\n');
        }
        return out.toString();
    }

    private static String json(QueryResult result) {
        StringWriter out = new StringWriter();
        try {
            for (List<Object> row : result.rows()) {
                try (JsonGenerator json = JSON_MAPPER.getFactory().createGenerator(out)) {
                    json.writeStartObject();
                    for (int i = 0; i < result.columns().size(); i++) {
                        json.writeFieldName(result.columns().get(i));
                        writeValue(json, row.get(i));
                    }
                    json.writeEndObject();
                }
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        json.writeObject(JsonCells.of(value));
    }

    /** A cell as CSV holds it: nested values as JSON text, BLOBs as UTF-8 text or base64. */
    private static String scriptText(Object value) {
        Object cell = JsonCells.of(value);
        return cell instanceof List<?> || cell instanceof Map<?, ?> ? compactJson(cell) : String.valueOf(cell);
    }

    /** A cell as the table shows it: one line, at most {@link #TABLE_CELL_WIDTH} characters. */
    private static String tableCell(Object value) {
        String text;
        if (value == null) {
            text = "NULL";
        } else if (value instanceof BinaryValue binary) {
            text = binary.forPeople();
        } else if (value instanceof List<?> || value instanceof Map<?, ?>) {
            text = compactJson(JsonCells.of(value));
        } else {
            text = JsonCells.scalarText(value);
        }
        String oneLine = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
        return oneLine.length() <= TABLE_CELL_WIDTH ? oneLine
                : oneLine.substring(0, TABLE_CELL_WIDTH - 1) + "\u2026";
    }

    private static String compactJson(Object tree) {
        try {
            return JSON_MAPPER.writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String csvCell(String text) {
        return text.contains(",") || text.contains("\"") || text.contains("\n")
                ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
