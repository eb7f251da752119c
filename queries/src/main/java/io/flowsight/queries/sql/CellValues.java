package io.flowsight.queries.sql;

import java.sql.Array;
import java.sql.Blob;
import java.sql.SQLException;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what DuckDB's JDBC driver returns into plain Java values that outlive the result set: lists for LIST and
 * ARRAY, maps (in column order) for STRUCT and MAP, {@link BinaryValue} for BLOB; everything else as it comes.
 * Without this, nested columns reach the output as the driver's {@code toString} text.
 */
final class CellValues {
    private CellValues() {
    }

    static Object plain(Object value) throws SQLException {
        if (value instanceof Array array) {
            Object[] elements = (Object[]) array.getArray();
            List<Object> list = new ArrayList<>(elements.length);
            for (Object element : elements) {
                list.add(plain(element));
            }
            return Collections.unmodifiableList(list);
        }
        if (value instanceof Struct struct) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Map.Entry<String, Object> field : structFields(struct).entrySet()) {
                fields.put(field.getKey(), plain(field.getValue()));
            }
            return Collections.unmodifiableMap(fields);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> entries = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                entries.put(plain(entry.getKey()), plain(entry.getValue()));
            }
            return Collections.unmodifiableMap(entries);
        }
        if (value instanceof Blob blob) {
            return new BinaryValue(blob.getBytes(1, Math.toIntExact(blob.length())));
        }
        return value;
    }

    private static Map<String, Object> structFields(Struct struct) throws SQLException {
        if (struct instanceof org.duckdb.DuckDBStruct duckStruct) {
            return duckStruct.getMap();
        }
        throw new SQLException("A STRUCT of an unexpected driver class " + struct.getClass().getName());
    }
}
