package io.flowsight.ingest.source;

import io.flowsight.ingest.parse.ParseException;
import io.flowsight.ingest.parse.RejectReason;

import java.io.IOException;

/** A gzip source inflated past its {@link InflationLimit}: a corrupt object or a gzip bomb, not a log. */
public final class InflationLimitExceeded extends IOException {
    private final long inflatedBytes;

    InflationLimitExceeded(long compressedBytes, long inflatedBytes, int maxRatio) {
        super(compressedBytes + " compressed bytes inflated to " + inflatedBytes + " (more than " + maxRatio
                + " times), which no log file does; the rest of it is not read. If it is a real log, raise "
                + "flowsight.ingest.max.inflation.ratio.");
        this.inflatedBytes = inflatedBytes;
    }

    /** The refusal a dead letter or a report carries. */
    public ParseException rejection() {
        return new ParseException(RejectReason.DECOMPRESSION_BOMB, getMessage());
    }

    /** How far into the content reading stopped. */
    public long inflatedBytes() {
        return inflatedBytes;
    }
}
