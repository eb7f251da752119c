package io.flowsight.topology.findings;

import io.flowsight.rules.Refusal;
import io.flowsight.rules.RuleLoader;
import io.flowsight.rules.RuleSet;
import io.flowsight.schemas.RuleDocument;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rules one stream-processing instance runs right now: those it started with (the built-in pack and the rules
 * directory) and those published to the compacted rules topic. Its tasks re-read the topic's table every
 * refresh interval; when the published texts changed, everything is loaded again together (a published correlation
 * may refer to a rule of the pack) into a new {@link CompiledRules}, which records from then on meet. A published
 * rule that does not load is logged with its name and line, and the others run.
 *
 * <p>Shared by the tasks of one instance (the topology's processors are built from one {@code FlowSightTopology}),
 * so the texts are compiled once per change, not once per task.
 */
public final class RuleBook {
    private static final Logger LOG = LoggerFactory.getLogger(RuleBook.class);

    private final RuleSet atStart;
    private final Duration maxTimespan;
    private final String topic;
    private volatile CompiledRules current;
    private Map<String, String> published = Map.of();

    /**
     * @param atStart     the rules loaded at start, refusals included
     * @param maxTimespan the longest correlation timespan evaluated
     * @param topic       the rules topic's name, which prefixes a published rule's name in refusals
     */
    public RuleBook(RuleSet atStart, Duration maxTimespan, String topic) {
        this.atStart = atStart;
        this.maxTimespan = maxTimespan;
        this.topic = topic;
        this.current = CompiledRules.of(atStart, maxTimespan);
    }

    /** The rules records meet now. */
    public CompiledRules current() {
        return current;
    }

    /** Re-reads the rules topic's table; recompiles only when a published text was added, changed or removed. */
    public synchronized void refresh(ReadOnlyKeyValueStore<String, ValueAndTimestamp<RuleDocument>> table) {
        Map<String, String> texts = new TreeMap<>();
        try (KeyValueIterator<String, ValueAndTimestamp<RuleDocument>> all = table.all()) {
            while (all.hasNext()) {
                KeyValue<String, ValueAndTimestamp<RuleDocument>> entry = all.next();
                if (entry.value != null && entry.value.value() != null) {
                    texts.put(topic + ":" + entry.key, entry.value.value().getText());
                }
            }
        }
        if (texts.equals(published)) {
            return;
        }
        RuleSet loaded = new RuleLoader().loadTexts(texts, atStart);
        for (Refusal refusal : loaded.refusals()) {
            if (refusal.source().startsWith(topic + ":")) {
                LOG.warn("Published Sigma rule not loaded: {}", refusal);
            }
        }
        current = CompiledRules.of(loaded, maxTimespan);
        LOG.info("Rules from {} reloaded: {} published files; {} single-event and {} correlation rules now run.",
                topic, texts.size(), loaded.rules().size(), loaded.correlations().size());
        published = texts;
    }
}
