package io.flowsight.queries.sql;

import java.util.List;

/** The rows a query returned, with its column names and DuckDB type names. */
public record QueryResult(List<String> columns, List<String> types, List<List<Object>> rows) {
    public QueryResult {
        columns = List.copyOf(columns);
        types = List.copyOf(types);
        rows = List.copyOf(rows);
    }
}
