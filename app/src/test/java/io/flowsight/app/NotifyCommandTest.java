package io.flowsight.app;

import org.junit.jupiter.api.Test;

import static io.flowsight.app.FlowSightCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code flowsight notify}'s mistakes a user can make before any cluster is reached, each one sentence. */
class NotifyCommandTest {

    @Test
    void withoutADestinationItSaysWhichOptionsGiveOne() {
        FlowSightCliTest.Run run = run("notify", "--bootstrap-servers", "127.0.0.1:1", "--schema-registry-url",
                "http://127.0.0.1:1");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).startsWith("flowsight notify: No destination given: use --alertmanager URL, --webhook URL"
                + " or --notify-config FILE.");
    }

    @Test
    void aBadShorthandURLIsNamedWithItsFix() {
        FlowSightCliTest.Run run = run("notify", "--bootstrap-servers", "127.0.0.1:1", "--schema-registry-url",
                "http://127.0.0.1:1", "--alertmanager", "alertmanager:9093");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("\"alertmanager:9093\" is not an http:// or https:// URL: write it as "
                + "http://host:port/path or https://host/path.");
    }

    @Test
    void aSilenceNeedsAnAddressOrNetwork() {
        FlowSightCliTest.Run run = run("silence", "add", "--bootstrap-servers", "127.0.0.1:1",
                "--schema-registry-url", "http://127.0.0.1:1", "--address", "scanner.example.com", "--until", "4h",
                "--comment", "ours");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--address is 'scanner.example.com', which is not an IP address or CIDR block;"
                + " write e.g. 203.0.113.7 or 10.0.0.0/8.");
    }
}
