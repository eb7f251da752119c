package io.flowsight.ingest.parse;

import java.util.Locale;

/** Why a line or event was not turned into a record; the code is what dead letters carry in {@code reason}. */
public enum RejectReason {
    /** The line does not have the shape of the log at all (quotes, separators). */
    MALFORMED,
    /** The line has more or fewer values than its format has fields. */
    FIELD_COUNT,
    /** A value does not fit its field's type (e.g. a port that is not a number). */
    BAD_VALUE,
    /** A format names a field FlowSight does not know. */
    UNKNOWN_FIELD,
    /** The input is not JSON where JSON is required, or is JSON of another shape. */
    BAD_JSON,
    /** A required field is missing. */
    MISSING_FIELD,
    /** A line (or JSON event) is longer than {@code flowsight.ingest.max.line.bytes}; its first bytes are kept. */
    LINE_TOO_LONG,
    /** A CloudTrail file is larger than {@code flowsight.ingest.max.document.bytes}; its first bytes are kept. */
    DOCUMENT_TOO_LARGE,
    /** A gzip input inflates beyond {@code flowsight.ingest.max.inflation.ratio}: it is not read further. */
    DECOMPRESSION_BOMB;

    /** The lower-case code written to the dead-letter topic, e.g. {@code field_count}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
