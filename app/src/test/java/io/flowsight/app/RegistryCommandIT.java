package io.flowsight.app;

import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.schemas.registry.RestSchemaRegistryClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bin/flowsight registry} as a user runs it: a separate process serving the REST API, durable across restarts. */
class RegistryCommandIT {
    private static final Pattern URL = Pattern.compile("serving (http://\\S+) ");

    @TempDir
    Path data;

    @Test
    void theStandaloneRegistryServesAndKeepsIdsAcrossRestarts() throws Exception {
        int id;
        Process first = start();
        try {
            RestSchemaRegistryClient client = RestSchemaRegistryClient.forUrl(urlOf(first));
            id = client.register("flowsight.raw.vpcflow-value", VpcFlowLog.getClassSchema());
        } finally {
            stop(first);
        }
        Process second = start();
        try {
            RestSchemaRegistryClient client = RestSchemaRegistryClient.forUrl(urlOf(second));
            assertThat(client.schemaById(id)).isEqualTo(VpcFlowLog.getClassSchema());
            assertThat(client.subjects()).containsExactly("flowsight.raw.vpcflow-value");
        } finally {
            stop(second);
        }
    }

    private Process start() throws Exception {
        Path launcher = Path.of("..", "bin", "flowsight").toAbsolutePath().normalize();
        assertThat(launcher).isExecutable();
        return new ProcessBuilder(launcher.toString(), "registry", "--port", "0", "--data", data.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static String urlOf(Process process) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("first line of flowsight registry").isNotNull();
        Matcher matcher = URL.matcher(line);
        assertThat(matcher.find()).as(line).isTrue();
        return matcher.group(1);
    }

    private static void stop(Process process) throws Exception {
        process.destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("registry stops on SIGTERM").isTrue();
    }

}
