package io.flowsight.queries.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A result cell as JSON shows it: numbers and booleans as themselves, lists as arrays, structs and maps as objects
 * (map keys as text), BLOBs as UTF-8 text when valid and base64 otherwise, times as ISO-8601 text, and any other
 * value as its text. The same rules serve {@code flowsight query --format json} and {@code /api/query}.
 */
public final class JsonCells {
    private JsonCells() {
    }

    /** A tree of maps, lists, strings, numbers, booleans and nulls that any JSON writer renders as intended. */
    public static Object of(Object value) {
        if (value == null || value instanceof Boolean || value instanceof String || value instanceof BigInteger
                || value instanceof BigDecimal || value instanceof Number) {
            return value;
        }
        if (value instanceof List<?> list) {
            List<Object> array = new ArrayList<>(list.size());
            list.forEach(element -> array.add(of(element)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> object = new LinkedHashMap<>();
            map.forEach((key, element) -> object.put(String.valueOf(of(key)), of(element)));
            return object;
        }
        if (value instanceof BinaryValue binary) {
            return binary.forScripts();
        }
        return scalarText(value);
    }

    /** The text of a value that is neither nested nor binary; instants in UTC, as the lake's partitions are. */
    static String scalarText(Object value) {
        if (value instanceof OffsetDateTime time) {
            return time.withOffsetSameInstant(ZoneOffset.UTC).toInstant().toString();
        }
        return String.valueOf(value);
    }
}
