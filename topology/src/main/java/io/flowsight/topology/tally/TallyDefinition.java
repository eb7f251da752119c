package io.flowsight.topology.tally;

import io.flowsight.topology.detect.Detector;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One family of per-key window tallies: what the key is (a source address, a client, a principal...), which
 * counters and distinct counts a record adds to, and what is made of the tallies when a window closes (ranked
 * dimensions, rejected-traffic counts) or while it is open (detectors). Built with {@link #builder}.
 *
 * @param <V> the record type tallied
 */
public final class TallyDefinition<V> {
    /** A ranked dimension: the top-N keys of a window by one counter. */
    public record Ranked(String dimension, int counter) {
    }

    /** A rejected-traffic output: one {@code RejectedCount} per key with a non-zero count. */
    public record Rejections(String dimension, int count, int bytes) {
    }

    /** Adds one record to a tally. */
    @FunctionalInterface
    public interface Contribution<V> {
        void addTo(V record, TallyUpdate update);
    }

    private final String name;
    private final String logType;
    private final List<String> counters;
    private final List<String> distincts;
    private final Function<V, String> key;
    private final Contribution<V> contribution;
    private final List<Ranked> ranked;
    private final List<Rejections> rejections;
    private final List<Detector> detectors;
    private final boolean keyIsAddress;

    private TallyDefinition(Builder<V> builder) {
        this.name = builder.name;
        this.logType = builder.logType;
        this.counters = List.copyOf(builder.counters);
        this.distincts = List.copyOf(builder.distincts);
        this.key = builder.keyFromRecord ? null : Objects.requireNonNull(builder.key, "key");
        this.contribution = Objects.requireNonNull(builder.contribution, "contribution");
        this.ranked = List.copyOf(builder.ranked);
        this.rejections = List.copyOf(builder.rejections);
        this.detectors = List.copyOf(builder.detectors);
        this.keyIsAddress = builder.keyIsAddress;
    }

    public static <V> Builder<V> builder(String name, String logType) {
        return new Builder<>(name, logType);
    }

    /** e.g. {@code vpc_src}; names the state stores. */
    public String name() {
        return name;
    }

    /** vpcflow, alb or cloudtrail. */
    public String logType() {
        return logType;
    }

    public List<String> counters() {
        return counters;
    }

    public List<String> distincts() {
        return distincts;
    }

    /** The key a record is tallied under, or null when it has none (the record is then not tallied here). */
    public String keyOf(String recordKey, V record) {
        return key == null ? recordKey : key.apply(record);
    }

    public void addTo(V record, TallyUpdate update) {
        contribution.addTo(record, update);
    }

    public List<Ranked> ranked() {
        return ranked;
    }

    public List<Rejections> rejections() {
        return rejections;
    }

    public List<Detector> detectors() {
        return detectors;
    }

    /** Whether keys are IP addresses, so detectors may raise suspicious-IP alerts on them. */
    public boolean keyIsAddress() {
        return keyIsAddress;
    }

    /**
     * A new, empty tally.
     *
     * @param withDistincts whether it keeps the distinct counts; only detectors read them, so other windows skip
     *                      the cost of carrying sets of ports and hosts through the store
     */
    public Tally newTally(double[] bars, boolean withDistincts) {
        return new Tally(counters.size(), withDistincts ? distincts.size() : 0, bars);
    }

    /** Builder; counters and distinct counts are declared first so later steps can name them. */
    public static final class Builder<V> {
        private final String name;
        private final String logType;
        private final List<String> counters = new ArrayList<>();
        private final List<String> distincts = new ArrayList<>();
        private Function<V, String> key;
        private Contribution<V> contribution;
        private final List<Ranked> ranked = new ArrayList<>();
        private final List<Rejections> rejections = new ArrayList<>();
        private final List<Detector> detectors = new ArrayList<>();
        private boolean keyIsAddress;
        private boolean keyFromRecord;

        private Builder(String name, String logType) {
            this.name = name;
            this.logType = logType;
        }

        public Builder<V> counters(String... names) {
            counters.addAll(List.of(names));
            return this;
        }

        public Builder<V> distincts(String... names) {
            distincts.addAll(List.of(names));
            return this;
        }

        public Builder<V> key(Function<V, String> keyOf, boolean isAddress) {
            this.key = keyOf;
            this.keyIsAddress = isAddress;
            return this;
        }

        /** Tallies under the Kafka record's key (after the topology repartitioned the records by it). */
        public Builder<V> keyFromRecord(boolean isAddress) {
            this.keyFromRecord = true;
            this.keyIsAddress = isAddress;
            return this;
        }

        public Builder<V> contribution(Contribution<V> addTo) {
            this.contribution = addTo;
            return this;
        }

        public Builder<V> ranked(String dimension, String counter) {
            ranked.add(new Ranked(dimension, index(counters, counter)));
            return this;
        }

        /** Rejected-traffic output by {@code count}, with bytes from {@code bytes} (null when the log has none). */
        public Builder<V> rejections(String dimension, String count, String bytes) {
            rejections.add(new Rejections(dimension, index(counters, count), bytes == null ? -1 : index(counters, bytes)));
            return this;
        }

        public Builder<V> detector(Detector detector) {
            detectors.add(detector);
            return this;
        }

        public Measure counter(String counter) {
            return Measure.counter(counter, index(counters, counter));
        }

        public Measure distinct(String distinct) {
            return Measure.distinct(distinct, index(distincts, distinct));
        }

        public TallyDefinition<V> build() {
            return new TallyDefinition<>(this);
        }

        private int index(List<String> names, String wanted) {
            int index = names.indexOf(wanted);
            if (index < 0) {
                throw new IllegalArgumentException(name + " declares no " + wanted + " among " + names);
            }
            return index;
        }
    }
}
