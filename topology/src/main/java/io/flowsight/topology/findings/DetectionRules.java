package io.flowsight.topology.findings;

import io.flowsight.rules.Refusal;
import io.flowsight.rules.RuleLoader;
import io.flowsight.rules.RulePack;
import io.flowsight.rules.RuleSet;
import io.flowsight.topology.TopologyConfig;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Sigma rules the topology runs: the built-in pack when {@value TopologyConfig#RULES_BUILTIN_CONFIG} is on, and
 * the rules under {@value TopologyConfig#RULES_DIR_CONFIG}. A rule that does not load is logged with its file, line
 * and reason, and the others run. A configured directory that does not exist stops the start: running without the
 * rules a user asked for would silently miss everything they detect.
 */
public final class DetectionRules {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionRules.class);

    private DetectionRules() {
    }

    /** Every rule the configuration asks for, the refusals included (each also logged). */
    public static RuleSet load(TopologyConfig config) {
        List<RuleSet> sets = new ArrayList<>();
        if (config.builtinRules()) {
            sets.add(builtinRules());
        }
        config.rulesDirectory().ifPresent(directory -> sets.add(fromDirectory(directory)));
        RuleSet all = union(sets);
        for (Refusal refusal : all.refusals()) {
            LOG.warn("Sigma rule not loaded: {}", refusal);
        }
        return all;
    }

    /** FlowSight's own rule pack, shipped in the rules jar ({@link RulePack}). */
    public static RuleSet builtinRules() {
        return RulePack.load();
    }

    static RuleSet fromDirectory(Path directory) {
        if (!Files.exists(directory)) {
            throw new ConfigException(TopologyConfig.RULES_DIR_CONFIG + " is " + directory + ", which does not exist;"
                    + " point it at your directory of Sigma rules or leave it empty.");
        }
        RuleSet loaded;
        try {
            loaded = new RuleLoader().loadDirectory(directory);
        } catch (IOException e) {
            throw new ConfigException(TopologyConfig.RULES_DIR_CONFIG + " is " + directory + ", which cannot be read ("
                    + e.getMessage() + "); make it readable by this user.");
        }
        LOG.info("Sigma rules from {}: {} single-event and {} correlation rules loaded, {} refused.", directory,
                loaded.rules().size(), loaded.correlations().size(), loaded.refusals().size());
        return loaded;
    }

    private static RuleSet union(List<RuleSet> sets) {
        if (sets.size() == 1) {
            return sets.get(0);
        }
        return new RuleSet(sets.stream().flatMap(set -> set.rules().stream()).toList(),
                sets.stream().flatMap(set -> set.correlations().stream()).toList(),
                sets.stream().flatMap(set -> set.refusals().stream()).toList());
    }
}
