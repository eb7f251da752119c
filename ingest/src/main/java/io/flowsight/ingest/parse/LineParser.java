package io.flowsight.ingest.parse;

import java.util.Optional;

/** A parser of line-oriented logs: one line in, one record (or nothing, for headers and blank lines) out. */
public interface LineParser<T> {

    /**
     * @return the record, or empty when the line carries none (a header line, a blank line)
     * @throws ParseException when the line cannot be a record, with the reason and the field at fault
     */
    Optional<T> parse(String line) throws ParseException;
}
