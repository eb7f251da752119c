package io.flowsight.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FlowSightCliTest {

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine commandLine = FlowSight.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void helpListsTheCommands() {
        Run run = run("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: flowsight").contains("version").contains("registry");
    }

    @Test
    void everyCommandAnswersHelpWithItsUsage() {
        List<List<String>> paths = new ArrayList<>();
        collectCommandPaths(FlowSight.commandLine(), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(15);
        for (List<String> path : paths) {
            for (String help : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(path);
                args.add(help);
                Run run = run(args.toArray(String[]::new));
                assertThat(run.exitCode()).as("flowsight %s", String.join(" ", args)).isZero();
                String usage = "Usage: flowsight" + (path.isEmpty() ? "" : " " + String.join(" ", path)) + " ";
                assertThat(run.out().lines()).as("flowsight %s", String.join(" ", args))
                        .anyMatch(line -> line.startsWith(usage));
                assertThat(run.err()).isEmpty();
            }
        }
    }

    private static void collectCommandPaths(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(path);
        command.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandName().equals(name)) {
                List<String> subPath = new ArrayList<>(path);
                subPath.add(name);
                collectCommandPaths(sub, subPath, paths);
            }
        });
    }

    @Test
    void withoutACommandItPrintsUsage() {
        Run run = run();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: flowsight");
    }

    @Test
    void versionNamesFlowSightKafkaAndAvro() {
        Run run = run("version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("FlowSight 0.1.0-SNAPSHOT").contains("Kafka 4.3.1").contains("Avro 1.12.2");
    }

    @Test
    void ingestWithoutTypeRefusesInputsWhoseTypeNothingTellsBeforeReachingKafka(@TempDir Path logs) throws Exception {
        Files.writeString(logs.resolve("notes.txt"), "shopping list: eggs, milk\n");
        Run run = run("ingest", "--bootstrap-servers", "127.0.0.1:1", "--schema-registry-url", "http://127.0.0.1:1",
                logs.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines().findFirst()).hasValue("flowsight ingest: 1 inputs are of no log type FlowSight "
                + "can tell from their names or first lines (" + logs.resolve("notes.txt").toAbsolutePath()
                + "): give --type, or --glob to leave them out.");
    }

    @Test
    void ingestFromStdinNeedsAType() {
        Run run = run("ingest", "--bootstrap-servers", "127.0.0.1:1", "--schema-registry-url", "http://127.0.0.1:1",
                "-");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("flowsight ingest: Give --type with stdin: vpc, alb, alb-conn or cloudtrail.");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        Run run = run("frobnicate");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unmatched argument").contains("frobnicate");
    }

    @Test
    void aTakenPortIsOneSentenceThatSaysWhatToDo(@TempDir Path data) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run run = run("registry", "--port", String.valueOf(taken.getLocalPort()), "--data", data.toString());
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err().lines().findFirst()).hasValueSatisfying(line -> assertThat(line)
                    .startsWith("flowsight registry: Cannot serve the schema registry on 127.0.0.1:"
                            + taken.getLocalPort())
                    .contains("choose another --port"));
            assertThat(run.err()).doesNotContain("\tat ");
        }
    }

    @Test
    void aPortOutOfRangeIsRejected(@TempDir Path data) {
        Run run = run("registry", "--port", "70000", "--data", data.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("flowsight registry: --port 70000 is not a TCP port: use 0 to 65535.");
    }
}
