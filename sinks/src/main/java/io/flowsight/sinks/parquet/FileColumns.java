package io.flowsight.sinks.parquet;

import org.apache.avro.Schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The columns of a flat table that one lake file holds: all of them, or only those its rows fill. A flow log of the
 * default format fills 15 of the flow table's 73 columns, and Parquet's writer pays for every null of every row
 * (BENCHMARKS.md, "Files of the columns their rows fill"); readers take a column a file lacks as null, by name (Athena,
 * Trino's Hive connector, DuckDB with {@code union_by_name}, FlowSight's views), so the table keeps its columns.
 *
 * <p>The file's schema is the table's record with those fields, in the table's order and under the table's name.
 */
public final class FileColumns {
    private final Schema table;
    private final long[] words;
    private final Schema fileSchema;
    /** Per table field position, its position in the file, or -1 when the file lacks it. */
    private final int[] filePositions;

    private FileColumns(Schema table, long[] words) {
        this.table = table;
        this.words = words;
        List<Schema.Field> fields = new ArrayList<>();
        this.filePositions = new int[table.getFields().size()];
        Arrays.fill(filePositions, -1);
        for (Schema.Field field : table.getFields()) {
            if (has(field.pos())) {
                filePositions[field.pos()] = fields.size();
                fields.add(new Schema.Field(field, field.schema()));
            }
        }
        this.fileSchema = fields.size() == table.getFields().size() ? table
                : Schema.createRecord(table.getName(), table.getDoc(), table.getNamespace(), false, fields);
    }

    /** Every column of {@code table}. */
    public static FileColumns all(Schema table) {
        long[] words = new long[(table.getFields().size() + 63) / 64];
        for (int i = 0; i < table.getFields().size(); i++) {
            words[i >>> 6] |= 1L << i;
        }
        return new FileColumns(table, words);
    }

    /** The columns {@code row} fills. */
    public static FileColumns of(Schema table, AvroBinaryRows.Row row) {
        return new FileColumns(table, row.presentWords.clone());
    }

    /** Whether a file of these columns can take {@code row}: it holds every field the row fills. */
    public boolean hold(AvroBinaryRows.Row row) {
        for (int w = 0; w < words.length; w++) {
            if ((row.presentWords[w] & ~words[w]) != 0) {
                return false;
            }
        }
        return true;
    }

    /** These columns and those {@code row} fills. */
    public FileColumns with(AvroBinaryRows.Row row) {
        long[] union = words.clone();
        for (int w = 0; w < union.length; w++) {
            union[w] |= row.presentWords[w];
        }
        return new FileColumns(table, union);
    }

    /** Whether these are all of the table's columns (what a file written from records needs). */
    public boolean isAll() {
        return fileSchema == table;
    }

    /** The file's Avro schema: the table's record with these fields. */
    public Schema schema() {
        return fileSchema;
    }

    int[] filePositions() {
        return filePositions;
    }

    private boolean has(int position) {
        return (words[position >>> 6] & (1L << position)) != 0;
    }
}
