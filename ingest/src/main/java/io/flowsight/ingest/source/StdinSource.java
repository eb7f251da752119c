package io.flowsight.ingest.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Standard input: read once, never resumed (its position is not stored), gzip detected like any source. */
public final class StdinSource implements Source {
    private final InputStream in;

    public StdinSource(InputStream in) {
        this.in = in;
    }

    @Override
    public String id() {
        return "stdin";
    }

    @Override
    public String name() {
        return "stdin";
    }

    @Override
    public boolean resumable() {
        return false;
    }

    @Override
    public boolean sameContentAs(SourcePosition position) {
        return false;
    }

    @Override
    public InputStream open(long offset) throws IOException {
        if (offset != 0) {
            throw new IOException("stdin cannot be read from offset " + offset);
        }
        // Closing what ingest opened must not close the process's standard input.
        return DecompressingInput.open(new FilterInputStream(in) {
            @Override
            public void close() {
            }
        });
    }

    @Override
    public boolean compressed() {
        return false;
    }

    @Override
    public Fingerprint fingerprint() {
        return Fingerprint.NONE;
    }
}
