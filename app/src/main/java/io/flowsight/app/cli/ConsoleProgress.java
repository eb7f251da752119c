package io.flowsight.app.cli;

import io.flowsight.ingest.kafka.IngestProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Shows ingest progress: on a terminal a one-line bar redrawn a few times a second with rate and ETA, otherwise
 * (CI, pipes, services) a log line every ten seconds.
 */
final class ConsoleProgress implements IngestProgress {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleProgress.class);
    private static final int BAR_WIDTH = 24;

    private final PrintStream terminal;
    private final LongSupplier nanoClock;
    private final long intervalNanos;
    private final long start;
    private long lastShown;
    private boolean drawn;
    private String latest;

    private ConsoleProgress(PrintStream terminal, LongSupplier nanoClock, Duration interval) {
        this.terminal = terminal;
        this.nanoClock = nanoClock;
        this.intervalNanos = interval.toNanos();
        this.start = nanoClock.getAsLong();
        this.lastShown = start;
    }

    /** A bar on {@code System.err} when the process has a terminal, log lines otherwise. */
    static ConsoleProgress forThisProcess() {
        return System.console() != null
                ? new ConsoleProgress(System.err, System::nanoTime, Duration.ofMillis(250))
                : new ConsoleProgress(null, System::nanoTime, Duration.ofSeconds(10));
    }

    static ConsoleProgress onTerminal(PrintStream terminal, LongSupplier nanoClock) {
        return new ConsoleProgress(terminal, nanoClock, Duration.ofMillis(250));
    }

    @Override
    public void update(String sourceName, long sourcesDone, long sourcesTotal, long records, long deadLetters) {
        long now = nanoClock.getAsLong();
        latest = describe(sourceName, sourcesDone, sourcesTotal, records, deadLetters, now - start);
        if (now - lastShown < intervalNanos) {
            return;
        }
        lastShown = now;
        show(latest);
    }

    private void show(String line) {
        if (terminal == null) {
            LOG.info(line);
        } else {
            terminal.print("\r" + line + "\u001b[K");
            terminal.flush();
            drawn = true;
        }
    }

    /** Draws the final state on a terminal and ends the line, so that what follows starts on a new one. */
    void finish() {
        if (terminal != null && latest != null) {
            show(latest);
        }
        if (drawn) {
            terminal.println();
        }
    }

    static String describe(String sourceName, long sourcesDone, long sourcesTotal, long records, long deadLetters,
                           long elapsedNanos) {
        double seconds = Math.max(elapsedNanos / 1e9, 1e-3);
        StringBuilder line = new StringBuilder();
        if (sourcesTotal > 0) {
            int filled = (int) (BAR_WIDTH * sourcesDone / sourcesTotal);
            line.append('[').append("=".repeat(filled)).append(" ".repeat(BAR_WIDTH - filled)).append("] ")
                    .append(sourcesDone).append('/').append(sourcesTotal).append(" files, ");
        }
        line.append(String.format("%,d records (%,.0f/s), %,d dead letters", records, records / seconds, deadLetters));
        if (sourcesTotal > 0 && sourcesDone > 0 && sourcesDone < sourcesTotal) {
            long eta = Math.round(seconds / sourcesDone * (sourcesTotal - sourcesDone));
            line.append(String.format(", ETA %d:%02d", eta / 60, eta % 60));
        }
        line.append(", reading ").append(sourceName);
        return line.toString();
    }
}
