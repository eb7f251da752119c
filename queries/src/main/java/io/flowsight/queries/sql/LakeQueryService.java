package io.flowsight.queries.sql;

import io.flowsight.schemas.LakeTable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Read-only SQL over the lake with an embedded DuckDB: one view per table that has files, reading its Hive
 * partitions ({@code dt}, {@code hour} as strings, as in the Athena and Trino tables) so that filters on them
 * prune files. The SQL surface is confined: only SELECT statements (and EXPLAIN of them) run, files can be read
 * only under the lake, no extension is installed or loaded, and the configuration is locked.
 */
public final class LakeQueryService implements AutoCloseable {
    private static final Pattern EXPLAIN = Pattern.compile("(?is)^\\s*explain(\\s+analyze)?\\s+(.*)$");

    private final Connection connection;
    private final List<String> tables = new ArrayList<>();

    private LakeQueryService(Connection connection) {
        this.connection = connection;
    }

    /** Opens the lake at {@code lake}; fails with one sentence when it is not a lake. */
    public static LakeQueryService open(Path lake) throws LakeQueryException {
        Path root = lake.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new LakeQueryException("No lake at " + root + ": give --lake the directory the sink writes to.");
        }
        try {
            Connection connection = DriverManager.getConnection("jdbc:duckdb:");
            LakeQueryService service = new LakeQueryService(connection);
            service.createViews(root);
            service.confine(root);
            return service;
        } catch (SQLException e) {
            throw new LakeQueryException("Cannot open the lake at " + root + ": " + firstLine(e), e);
        }
    }

    /** The tables that have data. */
    public List<String> tables() {
        return List.copyOf(tables);
    }

    public QueryResult query(String sql) throws LakeQueryException {
        requireSelect(sql);
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            ResultSetMetaData meta = result.getMetaData();
            List<String> columns = new ArrayList<>();
            List<String> types = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i));
                types.add(meta.getColumnTypeName(i));
            }
            List<List<Object>> rows = new ArrayList<>();
            while (result.next()) {
                List<Object> row = new ArrayList<>(columns.size());
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(result.getObject(i));
                }
                rows.add(row);
            }
            return new QueryResult(columns, types, rows);
        } catch (SQLException e) {
            throw new LakeQueryException(explain(e), e);
        }
    }

    private void createViews(Path root) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (LakeTable table : LakeTable.values()) {
                Path directory = root.resolve(table.tableName());
                if (!hasParquet(directory)) {
                    continue;
                }
                statement.execute("CREATE VIEW " + table.tableName() + " AS SELECT * FROM read_parquet('"
                        + directory.toString().replace("'", "''") + "/**/*.parquet', hive_partitioning = true, "
                        + "hive_types = {'dt': VARCHAR, 'hour': VARCHAR}, union_by_name = true)");
                tables.add(table.tableName());
            }
        }
    }

    private void confine(Path root) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET allowed_directories = ['" + root.toString().replace("'", "''") + "/']");
            statement.execute("SET enable_external_access = false");
            statement.execute("SET autoinstall_known_extensions = false");
            statement.execute("SET autoload_known_extensions = false");
            statement.execute("SET lock_configuration = true");
        }
    }

    /** Lets through one SELECT statement (a CTE, set operation or EXPLAIN of one included), nothing else. */
    private void requireSelect(String sql) throws LakeQueryException {
        java.util.regex.Matcher explain = EXPLAIN.matcher(sql);
        String statement = explain.matches() ? explain.group(2) : sql;
        try (PreparedStatement check = connection.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
            check.setString(1, statement);
            try (ResultSet result = check.executeQuery()) {
                result.next();
                if (result.getString(1).startsWith("{\"error\":true")) {
                    throw new LakeQueryException("Only one SELECT statement (or EXPLAIN of one) is allowed: the lake "
                            + "is read-only.");
                }
            }
        } catch (SQLException e) {
            throw new LakeQueryException(explain(e), e);
        }
    }

    private String explain(SQLException e) {
        String message = firstLine(e);
        if (message.contains("Table with name") && message.contains("does not exist")) {
            return message + " The lake has: " + (tables.isEmpty() ? "no tables with data yet" : String.join(", ", tables))
                    + ".";
        }
        return message;
    }

    private static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.lines().findFirst().orElse(message).trim();
    }

    private static boolean hasParquet(Path directory) {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.anyMatch(file -> file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet")
                    && !file.getFileName().toString().startsWith("."));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws LakeQueryException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new LakeQueryException("Closing DuckDB failed: " + firstLine(e), e);
        }
    }
}
