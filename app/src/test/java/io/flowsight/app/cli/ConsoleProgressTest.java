package io.flowsight.app.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleProgressTest {

    @Test
    void theLineShowsFilesRateAndEta() {
        String line = ConsoleProgress.describe("a.log.gz", 3, 12, 1_200_000, 7, 4_000_000_000L);
        assertThat(line).isEqualTo("[======                  ] 3/12 files, 1,200,000 records (300,000/s), 7 dead letters,"
                + " ETA 0:12, reading a.log.gz");
    }

    @Test
    void followingHasNoBarAndNoEta() {
        assertThat(ConsoleProgress.describe("app.log", 1, 0, 10, 0, 1_000_000_000L))
                .isEqualTo("10 records (10/s), 0 dead letters, reading app.log");
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlaceAtMostFourTimesASecondAndTheLastStateIsShown() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        ConsoleProgress progress = ConsoleProgress.onTerminal(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                now::get);
        now.set(100_000_000L);
        progress.update("a", 0, 2, 1, 0);
        now.set(300_000_000L);
        progress.update("a", 0, 2, 2, 0);
        now.set(400_000_000L);
        progress.update("b", 1, 2, 3, 0);
        progress.finish();
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertThat(shown.split("\r")).hasSize(3).satisfies(draws -> {
            assertThat(draws[1]).as("drawn at 300 ms").contains(", 2 records");
            assertThat(draws[2]).as("final state drawn by finish()").contains(", 3 records").endsWith("\n");
        });
        assertThat(shown).doesNotContain(", 1 records");
    }
}
