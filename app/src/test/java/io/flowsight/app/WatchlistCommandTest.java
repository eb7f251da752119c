package io.flowsight.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.flowsight.app.FlowSightCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code flowsight watchlist}: a file with a bad line loads nothing and says which lines to fix. */
class WatchlistCommandTest {
    @TempDir
    Path work;

    @Test
    void aBadLineLoadsNothingAndIsNamed() throws Exception {
        Path list = Files.writeString(work.resolve("intel.txt"), "203.0.113.7\nnot-an-address, oops\n");
        FlowSightCliTest.Run run = run("watchlist", "--bootstrap-servers", "127.0.0.1:1", "--schema-registry-url",
                "http://127.0.0.1:1", list.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo(list + ":2: 'not-an-address' is not an IP address or CIDR block "
                + "(e.g. 10.0.0.0/8).\nNothing was loaded: fix or remove the lines above and run again.\n");
    }

    @Test
    void anUnknownSeverityIsOneSentence() throws Exception {
        Path list = Files.writeString(work.resolve("intel.txt"), "203.0.113.7\n");
        FlowSightCliTest.Run run = run("watchlist", "--bootstrap-servers", "127.0.0.1:1", "--schema-registry-url",
                "http://127.0.0.1:1", "--severity", "urgent", list.toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--severity is 'urgent'; use low, medium, high or critical.");
    }
}
