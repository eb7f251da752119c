package io.flowsight.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code flowsight} command as a user runs it ({@code bin/flowsight}), its stderr kept in {@code <work>/<command>.err}. */
final class FlowSightProcess {
    private FlowSightProcess() {
    }

    /** Starts {@code flowsight arguments...}; the caller waits for or stops it. */
    static Process start(Path work, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of("..", "bin", "flowsight").toAbsolutePath().normalize().toString());
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectError(work.resolve(arguments[0] + ".err").toFile()).start();
    }

    /** Runs {@code flowsight arguments...} to its end and returns its stdout; fails, with its stderr, unless it exits 0. */
    static String run(Path work, String... arguments) throws Exception {
        Process process = start(work, arguments);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s%n%s", output, stderrTail(work, arguments[0])).isZero();
        return output;
    }

    /** The last 60 lines a command wrote on stderr, for failure messages. */
    static String stderrTail(Path work, String command) throws java.io.IOException {
        List<String> lines = Files.readAllLines(work.resolve(command + ".err"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
