package io.flowsight.queries.sql;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How query results are shown: an aligned table for people, CSV or JSON lines for scripts. */
public enum ResultFormat {
    TABLE, CSV, JSON;

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
            cells.add(row.stream().map(ResultFormat::text).toArray(String[]::new));
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
            out.append(String.join(",", row.stream().map(value -> value == null ? "" : csvCell(text(value))).toList()))
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
        if (value == null) {
            json.writeNull();
        } else if (value instanceof BigInteger big) {
            json.writeNumber(big);
        } else if (value instanceof BigDecimal decimal) {
            json.writeNumber(decimal);
        } else if (value instanceof Number || value instanceof Boolean) {
            json.writeObject(value);
        } else {
            json.writeString(text(value));
        }
    }

    private static String text(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof OffsetDateTime time) {
            return time.withOffsetSameInstant(ZoneOffset.UTC).toInstant().toString();
        }
        return value.toString();
    }

    private static String csvCell(String text) {
        return text.contains(",") || text.contains("\"") || text.contains("\n")
                ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
