package io.flowsight.app.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * The latest event time ingested on a data directory, across runs: a run stopped after its ingest and resumed
 * later still closes the windows of what the first run read. Kept in {@code <data>/run.properties}.
 */
final class IngestedEventTime {
    private static final String FILE = "run.properties";
    private static final String KEY = "latest.event.time";

    private final Path file;

    IngestedEventTime(Path data) {
        this.file = data.resolve(FILE);
    }

    synchronized Optional<Instant> latest() {
        return latestIn(read());
    }

    /** Remembers {@code time} if it is later than what is known. */
    synchronized void advanceTo(Instant time) {
        Properties state = read();
        Optional<Instant> known = latestIn(state);
        if (known.isPresent() && !time.isAfter(known.get())) {
            return;
        }
        state.setProperty(KEY, time.toString());
        try (OutputStream out = Files.newOutputStream(file)) {
            state.store(out, "what flowsight run has ingested on this data directory");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Instant> latestIn(Properties state) {
        return Optional.ofNullable(state.getProperty(KEY)).map(Instant::parse);
    }

    private Properties read() {
        Properties state = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                state.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return state;
    }
}
