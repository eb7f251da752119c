package io.flowsight.rules;

import io.flowsight.rules.correlation.CorrelationRule;
import io.flowsight.rules.detection.Detection;
import io.flowsight.rules.detection.DetectionParser;
import io.flowsight.rules.yaml.RuleSyntaxException;
import io.flowsight.rules.yaml.YamlNode;
import io.flowsight.rules.yaml.YamlReader;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads Sigma rules from YAML: a text, a file (one or several documents) or a directory tree of {@code .yml} and
 * {@code .yaml} files. Every document becomes a {@link SigmaRule}, a {@link CorrelationRule}, or a {@link Refusal}
 * naming its file and line; a bad document or file never stops the others. Correlation references are checked
 * across everything loaded together.
 */
public final class RuleLoader {
    /** Rule files are small; a larger one is refused rather than read (a misplaced log file, say). */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    private final YamlReader yaml = new YamlReader();

    /** Every rule file under {@code directory}, in path order. */
    public RuleSet loadDirectory(Path directory) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile).filter(RuleLoader::isRuleFile).sorted().toList();
        }
        Accumulator all = new Accumulator();
        for (Path file : files) {
            readFile(file, all);
        }
        return all.link();
    }

    public RuleSet loadFile(Path file) {
        Accumulator all = new Accumulator();
        readFile(file, all);
        return all.link();
    }

    /**
     * Rules from several YAML texts loaded together (correlation references resolve across them), in the map's
     * order; each key names its text in refusals.
     */
    public RuleSet loadTexts(Map<String, String> textsBySource) {
        return loadTexts(textsBySource, new RuleSet(List.of(), List.of(), List.of()));
    }

    /**
     * Rules from YAML texts loaded beside rules already loaded, as if read together: a correlation in the texts may
     * refer to a rule in {@code alongside} and the other way round. The result holds both.
     */
    public RuleSet loadTexts(Map<String, String> textsBySource, RuleSet alongside) {
        Accumulator all = new Accumulator();
        all.rules.addAll(alongside.rules());
        all.correlations.addAll(alongside.correlations());
        all.refusals.addAll(alongside.refusals());
        textsBySource.forEach((source, text) -> readText(source, text, all));
        return all.link();
    }

    /** Rules from YAML text; {@code source} names it in refusals. */
    public RuleSet load(String source, String text) {
        Accumulator all = new Accumulator();
        readText(source, text, all);
        return all.link();
    }

    private static boolean isRuleFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yml") || name.endsWith(".yaml");
    }

    private void readFile(Path file, Accumulator all) {
        String source = file.toString();
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                all.refusals.add(new Refusal(source, 1, "The file is larger than " + MAX_FILE_BYTES + " bytes, which is"
                        + " no Sigma rule; move it out of the rules directory."));
                return;
            }
            readText(source, Files.readString(file), all);
        } catch (CharacterCodingException e) {
            all.refusals.add(new Refusal(source, 1, "The file is not UTF-8 text; save it as UTF-8."));
        } catch (IOException e) {
            all.refusals.add(new Refusal(source, 1, "The file could not be read (" + e.getMessage() + ")."));
        }
    }

    private void readText(String source, String text, Accumulator all) {
        List<YamlNode> documents;
        try {
            documents = yaml.readDocuments(text);
        } catch (RuleSyntaxException e) {
            all.refusals.add(new Refusal(source, e.line(), e.reason()));
            return;
        }
        for (YamlNode document : documents) {
            try {
                readDocument(source, document, all);
            } catch (RuleSyntaxException e) {
                all.refusals.add(new Refusal(source, e.line(), e.reason()));
            }
        }
    }

    private static void readDocument(String source, YamlNode node, Accumulator all) throws RuleSyntaxException {
        if (!(node instanceof YamlNode.Mapping document)) {
            throw new RuleSyntaxException(node.line(), "A Sigma rule document is a mapping (title, logsource,"
                    + " detection, ...), not " + YamlNode.kind(node) + ".");
        }
        if (document.get("correlation") instanceof YamlNode.Mapping) {
            all.correlations.add(CorrelationRuleParser.parse(document, source));
            return;
        }
        if (document.get("correlation") != null) {
            throw new RuleSyntaxException(RuleMetadata.line(document, "correlation"), "'correlation' must be a mapping"
                    + " with type, rules, group-by, timespan and condition.");
        }
        if ("global".equals(RuleMetadata.text(document, "action"))) {
            throw new RuleSyntaxException(document.line(), "'action: global' documents belong to Sigma 1 rule"
                    + " collections, which Sigma 2 removed; write each rule out in full.");
        }
        RuleMetadata metadata = RuleMetadata.read(document);
        LogSource logSource = LogSource.read(document);
        YamlNode detectionNode = document.get("detection");
        if (!(detectionNode instanceof YamlNode.Mapping detectionMap)) {
            throw new RuleSyntaxException(detectionNode == null ? document.line() : detectionNode.line(),
                    "The rule has no 'detection' mapping; add its selections and condition.");
        }
        Detection detection = new DetectionParser(logSource.source().catalog())
                .parse(detectionMap, RuleMetadata.line(document, "detection"));
        all.rules.add(new SigmaRule(metadata, logSource, detection, source, document.line()));
    }

    /** The documents read so far, linked into a {@link RuleSet} once all files are read. */
    private static final class Accumulator {
        final List<SigmaRule> rules = new ArrayList<>();
        final List<CorrelationRule> correlations = new ArrayList<>();
        final List<Refusal> refusals = new ArrayList<>();

        RuleSet link() {
            CorrelationLinker.Linked linked = CorrelationLinker.link(rules, correlations);
            List<Refusal> allRefusals = new ArrayList<>(refusals);
            allRefusals.addAll(linked.refusals());
            return new RuleSet(List.copyOf(rules), linked.correlations(), List.copyOf(allRefusals));
        }
    }
}
