package io.flowsight.app.cli;

import io.flowsight.app.topics.CompactedTopic;
import io.flowsight.rules.Refusal;
import io.flowsight.rules.RuleLoader;
import io.flowsight.rules.RulePack;
import io.flowsight.rules.RuleSet;
import io.flowsight.schemas.ClientSettings;
import io.flowsight.schemas.RuleDocument;
import io.flowsight.schemas.Topic;
import io.flowsight.schemas.TopicCreation;
import io.flowsight.schemas.serde.SpecificAvroDeserializer;
import io.flowsight.schemas.serde.SpecificAvroSerializer;
import io.flowsight.topology.TopologyConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code flowsight rules}: checks Sigma rule files, and publishes them to (or removes them from) the compacted rules
 * topic that running stream processing re-reads every {@value TopologyConfig#RULES_REFRESH_CONFIG} interval, so a
 * changed rule applies without a restart.
 */
@Command(name = "rules",
        description = "Check Sigma rule files, and publish them to the rules topic that running stream processing "
                + "picks up within seconds, without a restart.",
        subcommands = {RulesCommand.Check.class, RulesCommand.Publish.class, RulesCommand.Remove.class,
                RulesCommand.ListPublished.class})
public final class RulesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", description = "Load rule files (.yml/.yaml, directories searched recursively) beside "
            + "the built-in pack, as stream processing would, and report each refused rule by file and line. Exits 1 "
            + "when a rule is refused.")
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "PATH", arity = "1..*", description = "Rule files or directories.")
        List<Path> paths;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            RuleFiles files = RuleFiles.read(paths);
            return files.report(spec.commandLine().getOut(), spec.commandLine().getErr()) ? 0 : 1;
        }
    }

    @Command(name = "publish", description = "Publish rule files to the rules topic, each under its name (a file's "
            + "path under the directory given, or its file name); publishing a name again replaces it. Nothing is "
            + "published when a rule is refused.")
    static final class Publish implements Callable<Integer> {
        @Mixin
        KafkaConnectionOptions connection;

        @Parameters(paramLabel = "PATH", arity = "1..*", description = "Rule files or directories.")
        List<Path> paths;

        @Option(names = "--published-by", paramLabel = "NAME", defaultValue = "${sys:user.name}",
                description = "Who publishes, kept with each file (default: the operating-system user).")
        String publishedBy;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            RuleFiles files = RuleFiles.read(paths);
            if (!files.report(spec.commandLine().getOut(), err)) {
                err.println("Nothing was published: fix or remove the rules above and run again.");
                return 1;
            }
            Instant now = Instant.now();
            Map<String, RuleDocument> documents = new LinkedHashMap<>();
            files.textsByName().forEach((name, text) -> documents.put(name, RuleDocument.newBuilder().setName(name)
                    .setText(text).setPublishedAt(now).setPublishedBy(publishedBy).build()));
            try (CompactedTopic topic = CompactedTopic.open(connection.settings(), Topic.RULES)) {
                topic.write(documents);
                spec.commandLine().getOut().println("Published " + documents.size() + " rule files to "
                        + topic.name() + "; running stream processing loads them within "
                        + TopologyConfig.RULES_REFRESH_CONFIG + " (5s by default).");
            }
            return 0;
        }
    }

    @Command(name = "remove", description = "Remove published rule files from the rules topic by name; running "
            + "stream processing unloads them within seconds.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        KafkaConnectionOptions connection;

        @Parameters(paramLabel = "NAME", arity = "1..*", description = "Names as 'flowsight rules list' shows them.")
        List<String> names;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (CompactedTopic topic = CompactedTopic.open(connection.settings(), Topic.RULES)) {
                Map<String, RuleDocument> published = topic.read();
                List<String> unknown = names.stream().filter(name -> !published.containsKey(name)).toList();
                if (!unknown.isEmpty()) {
                    spec.commandLine().getErr().println("Not published: " + String.join(", ", unknown)
                            + ". Nothing was removed; 'flowsight rules list' shows the published names.");
                    return 1;
                }
                Map<String, RuleDocument> tombstones = new LinkedHashMap<>();
                names.forEach(name -> tombstones.put(name, null));
                topic.write(tombstones);
                spec.commandLine().getOut().println("Removed " + names.size() + " rule files from " + topic.name()
                        + ".");
                return 0;
            }
        }
    }

    @Command(name = "list", description = "List the rule files published to the rules topic: name, when, by whom, "
            + "and the rules each holds.")
    static final class ListPublished implements Callable<Integer> {
        @Mixin
        KafkaConnectionOptions connection;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, RuleDocument> published;
            String topicName;
            try (CompactedTopic topic = CompactedTopic.open(connection.settings(), Topic.RULES)) {
                published = topic.read();
                topicName = topic.name();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (published.isEmpty()) {
                out.println("No rule files are published to " + topicName + ".");
                return 0;
            }
            RuleLoader loader = new RuleLoader();
            for (RuleDocument document : published.values()) {
                RuleSet rules = loader.load(document.getName(), document.getText());
                out.printf("%s  published %s by %s  %d single-event, %d correlation rules%n", document.getName(),
                        document.getPublishedAt(), document.getPublishedBy() == null ? "-" : document.getPublishedBy(),
                        rules.rules().size(), rules.correlations().size());
            }
            return 0;
        }
    }

    /** The rule files given on the command line, loaded together beside the built-in pack. */
    record RuleFiles(Map<String, String> textsByName, Map<String, String> pathsByName, RuleSet loaded) {

        static RuleFiles read(List<Path> paths) throws IOException {
            Map<String, String> texts = new TreeMap<>();
            Map<String, String> pathsByName = new TreeMap<>();
            for (Path path : paths) {
                if (!Files.exists(path)) {
                    throw new IllegalArgumentException(path + " does not exist; give Sigma rule files or directories.");
                }
                boolean directory = Files.isDirectory(path);
                try (Stream<Path> walk = Files.walk(path)) {
                    for (Path file : walk.filter(Files::isRegularFile).filter(RuleFiles::isRuleFile).sorted()
                            .toList()) {
                        String name = directory ? path.relativize(file).toString() : file.getFileName().toString();
                        texts.put(name, Files.readString(file));
                        pathsByName.put(name, file.toString());
                    }
                }
            }
            if (texts.isEmpty()) {
                throw new IllegalArgumentException("No .yml or .yaml files under " + paths + "; give Sigma rule files.");
            }
            Map<String, String> bySource = new LinkedHashMap<>();
            texts.forEach((name, text) -> bySource.put(pathsByName.get(name), text));
            return new RuleFiles(texts, pathsByName, new RuleLoader().loadTexts(bySource, RulePack.load()));
        }

        private static boolean isRuleFile(Path file) {
            String name = file.getFileName().toString();
            return name.endsWith(".yml") || name.endsWith(".yaml");
        }

        /** Prints each refusal of the given files and a summary; true when none was refused. */
        boolean report(PrintWriter out, PrintWriter err) {
            List<Refusal> refused = loaded.refusals().stream()
                    .filter(refusal -> pathsByName.containsValue(refusal.source())).toList();
            refused.forEach(err::println);
            long rules = loaded.rules().stream().filter(rule -> pathsByName.containsValue(rule.source())).count();
            long correlations = loaded.correlations().stream()
                    .filter(rule -> pathsByName.containsValue(rule.source())).count();
            out.println(textsByName.size() + " files: " + rules + " single-event and " + correlations
                    + " correlation rules load, " + refused.size() + " refused.");
            return refused.isEmpty();
        }
    }
}
