package io.flowsight.app.cli;

import io.flowsight.queries.ddl.SqlEngine;
import io.flowsight.queries.ddl.TableDdl;
import io.flowsight.schemas.LakeTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code flowsight ddl}: table definitions for Athena or Trino over a lake on S3. */
@Command(name = "ddl",
        description = "Print CREATE TABLE statements for the lake's tables: Athena with partition projection on "
                + "dt/hour (no MSCK REPAIR needed), or Trino's Hive connector.")
public final class DdlCommand implements Callable<Integer> {

    @Option(names = "--engine", required = true, paramLabel = "ENGINE", description = "athena or trino.")
    String engine;

    @Option(names = "--location", required = true, paramLabel = "URI",
            description = "Where the lake is, e.g. s3://bucket/prefix (each table is a folder below it).")
    String location;

    @Option(names = "--table", paramLabel = "TABLE", split = ",",
            description = "Tables to define (default: all).")
    List<String> tables;

    @Option(names = "--database", paramLabel = "NAME",
            description = "Athena database, or Trino catalog.schema (default: flowsight for Athena, "
                    + "hive.flowsight for Trino).")
    String database;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SqlEngine sqlEngine = SqlEngine.fromName(engine);
        String target = database != null ? database : sqlEngine == SqlEngine.ATHENA ? "flowsight" : "hive.flowsight";
        List<LakeTable> chosen = tables == null ? Arrays.asList(LakeTable.values())
                : tables.stream().map(LakeTable::fromName).toList();
        for (LakeTable table : chosen) {
            spec.commandLine().getOut().println(TableDdl.create(sqlEngine, table, location, target));
        }
        return 0;
    }
}
