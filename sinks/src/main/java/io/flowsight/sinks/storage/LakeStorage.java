package io.flowsight.sinks.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the lake's files live: a local directory or an S3 prefix. Every file is first written and committed on local
 * disk (see {@code ParquetPartFile}), then {@linkplain #publish published}: only a published file is visible to
 * readers, and only whole. Paths are relative to the lake's root, {@code <table>/dt=…/hour=…/<file>}.
 */
public interface LakeStorage extends AutoCloseable {

    /** The lake's root as users write it: a directory, or {@code s3://bucket/prefix/}. */
    String location();

    /** The local file a lake file at {@code relativePath} is written and committed to before it is published. */
    Path localPath(String relativePath) throws IOException;

    /** Makes the committed local file visible in the lake at {@code relativePath}, whole, or fails. */
    void publish(Path committed, String relativePath) throws IOException;

    /**
     * The relative paths of {@code tableName}'s files, published or not: leftovers of an interrupted run (temporary
     * files, unfinished uploads) included.
     */
    List<String> list(String tableName) throws IOException;

    /**
     * Makes sure {@code tableName}'s directory exists, even while the table has no rows: Trino's Hive connector
     * refuses {@code CREATE TABLE ... external_location} for a location that is not a directory. Idempotent.
     */
    void createTableDirectory(String tableName) throws IOException;

    /** Removes the file at {@code relativePath} and whatever an unfinished write of it left. */
    void delete(String relativePath) throws IOException;

    @Override
    void close();
}
