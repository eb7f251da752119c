package io.flowsight.app;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml cannot be started on the project's machines (no Docker engine), so it is checked statically:
 * pinned images; FlowSight's services run real subcommands with options the command line accepts; the Kafka and
 * registry addresses in their environment are the ones those services advertise; Prometheus scrapes the port the
 * streams service serves; the Dockerfile ships the jar the build makes.
 */
class DockerComposeFileTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readCompose() throws IOException {
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            services = (Map<String, Map<String, Object>>) compose.get("services");
        }
    }

    @Test
    void theRealStackIsThere() {
        assertThat(services).containsKeys("kafka", "schema-registry", "ingest-vpc", "ingest-cloudtrail", "ingest-alb",
                "streams", "sink", "prometheus");
        assertThat(services.get("kafka").get("image")).isEqualTo("apache/kafka:4.3.1");
        assertThat(String.valueOf(services.get("schema-registry").get("image")))
                .startsWith("confluentinc/cp-schema-registry:");
    }

    @Test
    void everyImageIsPinned() {
        services.forEach((name, service) -> {
            Object image = service.get("image");
            assertThat(image).as(name + " has an image").isNotNull();
            assertThat(String.valueOf(image)).as(name).matches("[a-z0-9./-]+:[A-Za-z0-9.-]+").doesNotEndWith(":latest");
        });
    }

    @Test
    void flowSightServicesRunCommandsTheCommandLineAccepts() {
        List<String> transactionalIds = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> service : flowSightServices()) {
            List<String> command = command(service.getValue());
            CommandLine.ParseResult parsed = FlowSight.commandLine().parseArgs(command.toArray(String[]::new));
            assertThat(parsed.hasSubcommand()).as(service.getKey()).isTrue();
            assertThat(parsed.subcommand().commandSpec().name()).isEqualTo(command.get(0));
            if (command.get(0).equals("ingest")) {
                transactionalIds.add(command.get(command.indexOf("--transactional-id") + 1));
            }
        }
        assertThat(transactionalIds).as("concurrent ingesters need their own transactional ids").hasSize(3)
                .doesNotHaveDuplicates();
    }

    @Test
    void flowSightServicesFindKafkaAndTheRegistryWhereTheyListen() {
        Map<String, Object> kafka = environment(services.get("kafka"));
        Map<String, Object> registry = environment(services.get("schema-registry"));
        for (Map.Entry<String, Map<String, Object>> service : flowSightServices()) {
            Map<String, Object> environment = environment(service.getValue());
            String bootstrap = String.valueOf(environment.get("FLOWSIGHT_BOOTSTRAP_SERVERS"));
            assertThat(services).as(service.getKey()).containsKey(bootstrap.substring(0, bootstrap.indexOf(':')));
            assertThat(String.valueOf(kafka.get("KAFKA_ADVERTISED_LISTENERS"))).contains("//" + bootstrap);
            URI registryUrl = URI.create(String.valueOf(environment.get("FLOWSIGHT_SCHEMA_REGISTRY_URL")));
            assertThat(registryUrl.getHost()).isEqualTo("schema-registry");
            assertThat(String.valueOf(registry.get("SCHEMA_REGISTRY_LISTENERS"))).endsWith(":" + registryUrl.getPort());
            assertThat(service.getValue().get("depends_on").toString()).contains("kafka", "schema-registry");
        }
    }

    @Test
    void prometheusScrapesThePortTheStreamsServiceServes() throws IOException {
        List<String> streams = command(services.get("streams"));
        String http = streams.get(streams.indexOf("--http") + 1);
        String port = http.substring(http.lastIndexOf(':') + 1);
        assertThat(services.get("streams").get("ports").toString()).contains(":" + port + ":" + port);
        assertThat(services.get("prometheus").get("volumes").toString())
                .contains("./deploy/prometheus.yml:/etc/prometheus/prometheus.yml");
        String prometheus = Files.readString(ROOT.resolve("deploy/prometheus.yml"));
        assertThat(prometheus).contains("metrics_path: /metrics", "\"streams:" + port + "\"");
    }

    @Test
    void theDockerfileShipsTheJarTheBuildMakes() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        Matcher copy = Pattern.compile("COPY --from=build /src/(\\S+) (\\S+)").matcher(dockerfile);
        assertThat(copy.find()).isTrue();
        assertThat(copy.group(1)).isEqualTo("app/target/flowsight.jar");
        assertThat(Files.readString(ROOT.resolve("app/pom.xml")))
                .contains("<outputFile>${project.build.directory}/flowsight.jar</outputFile>");
        assertThat(dockerfile).contains("\"-jar\", \"" + copy.group(2) + "\"");
        for (Map.Entry<String, Map<String, Object>> service : flowSightServices()) {
            assertThat(service.getValue().get("build")).as(service.getKey()).isEqualTo(".");
        }
    }

    private static List<Map.Entry<String, Map<String, Object>>> flowSightServices() {
        List<Map.Entry<String, Map<String, Object>>> flowSight = services.entrySet().stream()
                .filter(e -> e.getValue().containsKey("build")).toList();
        assertThat(flowSight).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("ingest-vpc", "ingest-cloudtrail", "ingest-alb", "streams", "sink");
        return flowSight;
    }

    @SuppressWarnings("unchecked")
    private static List<String> command(Map<String, Object> service) {
        return ((List<Object>) service.get("command")).stream().map(String::valueOf).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Map<String, Object> service) {
        return (Map<String, Object>) service.get("environment");
    }
}
