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
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Read-only SQL over the lake with an embedded DuckDB: one view per table that has files, reading its Hive
 * partitions ({@code dt}, {@code hour} as strings, as in the Athena and Trino tables) so that filters on them
 * prune files. The SQL surface is confined: only SELECT statements (and EXPLAIN of them) run, files can be read
 * only under the lake, no extension is installed or loaded, and the configuration is locked. Each query runs within
 * the limits of a {@link QueryConfig}: a time limit, and DuckDB's threads and memory, set before the lock.
 *
 * <p>AWS's example Athena queries run as pasted: see {@link AthenaCompatibility} for the table names, partition
 * columns and functions added for them.
 */
public final class LakeQueryService implements AutoCloseable {
    private static final Pattern EXPLAIN = Pattern.compile("(?is)^\\s*explain(\\s+analyze)?\\s+(.*)$");

    private final Connection connection;
    private final QueryConfig config;
    private final List<String> tables = new ArrayList<>();
    private final List<String> athenaViews = new ArrayList<>();
    private final AtomicReference<Statement> running = new AtomicReference<>();
    private volatile boolean cancelled;

    private LakeQueryService(Connection connection, QueryConfig config) {
        this.connection = connection;
        this.config = config;
    }

    /** Opens the lake at {@code lake} with the default limits; fails with one sentence when it is not a lake. */
    public static LakeQueryService open(Path lake) throws LakeQueryException {
        return open(lake, QueryConfig.defaults());
    }

    /** Opens the lake at {@code lake}; fails with one sentence when it is not a lake. */
    public static LakeQueryService open(Path lake, QueryConfig config) throws LakeQueryException {
        Path root = lake.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new LakeQueryException("No lake at " + root + ": give --lake the directory the sink writes to.");
        }
        Connection connection;
        try {
            connection = DriverManager.getConnection("jdbc:duckdb:", limits(config));
        } catch (SQLException e) {
            throw new LakeQueryException("DuckDB refused the query limits (" + QueryConfig.THREADS_CONFIG + "="
                    + config.threads() + ", " + QueryConfig.MEMORY_LIMIT_CONFIG + "=" + config.memoryLimit() + "): "
                    + firstLine(e), e);
        }
        try {
            LakeQueryService service = new LakeQueryService(connection, config);
            service.createViews(root);
            service.confine(root);
            return service;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new LakeQueryException("Cannot open the lake at " + root + ": " + firstLine(e), e);
        }
    }

    /**
     * DuckDB's settings given when the database is created, so that no SQL text is built from them. (Times are UTC:
     * this driver has no ICU extension, so DuckDB has no other time zone, as the lake's partitions and Athena's
     * sessions.)
     */
    private static Properties limits(QueryConfig config) {
        Properties properties = new Properties();
        properties.setProperty("threads", Integer.toString(config.threads()));
        properties.setProperty("memory_limit", config.memoryLimit());
        return properties;
    }

    /** The tables that have data. */
    public List<String> tables() {
        return List.copyOf(tables);
    }

    /** The views under the Athena user guide's table names ({@code cloudtrail_logs}, ...) over tables with data. */
    public List<String> athenaViews() {
        return List.copyOf(athenaViews);
    }

    /** Runs one SELECT and returns all its rows. */
    public QueryResult query(String sql) throws LakeQueryException {
        return query(sql, Integer.MAX_VALUE - 1);
    }

    /**
     * Runs one SELECT and returns at most {@code maxRows + 1} of its rows, so that a caller with a limit can tell a
     * result over it without holding all of it in the heap.
     */
    public QueryResult query(String sql, int maxRows) throws LakeQueryException {
        requireSelect(sql);
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(timeoutSeconds());
            running.set(statement);
            if (cancelled) {
                statement.cancel();
            }
            try (ResultSet result = statement.executeQuery(sql)) {
                return read(result, maxRows);
            } finally {
                running.set(null);
            }
        } catch (SQLTimeoutException e) {
            throw new QueryTimeoutException(cancelled ? "The query was cancelled before it finished." : "The query "
                    + "ran longer than the time limit of " + config.timeoutText() + " and was stopped: narrow it (a "
                    + "dt/hour filter, a LIMIT) or raise " + QueryConfig.TIMEOUT_CONFIG + " (--query-timeout).", e);
        } catch (SQLException e) {
            throw new LakeQueryException(explain(e), e);
        }
    }

    /**
     * Stops the query running now, if any, and every later one; for callers that give up, such as an HTTP API that
     * closes. The query ends with a {@link QueryTimeoutException}.
     */
    public void cancel() {
        cancelled = true;
        Statement statement = running.get();
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException e) {
                // The statement has finished or closed in the meantime: nothing is left to stop.
            }
        }
    }

    /** JDBC's query timeout counts whole seconds; a shorter limit is rounded up rather than dropped. */
    private int timeoutSeconds() {
        long millis = config.timeout().toMillis();
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (millis + 999) / 1000));
    }

    private static QueryResult read(ResultSet result, int maxRows) throws SQLException {
        ResultSetMetaData meta = result.getMetaData();
        List<String> columns = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i));
            types.add(meta.getColumnTypeName(i));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (rows.size() <= maxRows && result.next()) {
            List<Object> row = new ArrayList<>(columns.size());
            for (int i = 1; i <= columns.size(); i++) {
                row.add(CellValues.plain(result.getObject(i)));
            }
            rows.add(row);
        }
        return new QueryResult(columns, types, rows);
    }

    private void createViews(Path root) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (LakeTable table : LakeTable.values()) {
                Path directory = root.resolve(table.tableName());
                if (!hasParquet(directory)) {
                    continue;
                }
                String files = "SELECT * FROM read_parquet('" + directory.toString().replace("'", "''")
                        + "/**/*.parquet', hive_partitioning = true, hive_types = {'dt': VARCHAR, 'hour': VARCHAR}, "
                        + "union_by_name = true)";
                String rows = DeclaredColumns.emptyRelation(table)
                        .map(declared -> "(" + declared + " UNION ALL BY NAME " + files + ")")
                        .orElse("(" + files + ")");
                statement.execute("CREATE VIEW " + table.tableName() + " AS SELECT *"
                        + AthenaCompatibility.partitionColumns(table) + " FROM " + rows);
                tables.add(table.tableName());
            }
            athenaViews.addAll(AthenaCompatibility.install(connection, statement, tables));
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

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // Opening failed already; that failure is the one to report.
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
