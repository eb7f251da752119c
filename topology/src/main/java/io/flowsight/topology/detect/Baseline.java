package io.flowsight.topology.detect;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A key's learned normal, per detector: an exponentially weighted mean and variance over its past windows.
 *
 * <p>Why EWMA rather than a median/MAD over the last N windows: it needs two numbers per measure instead of N, is
 * updated in O(1) when a window closes, and forgets smoothly, so the state per key stays tiny with a million keys. Its
 * weakness, that one huge window drags the mean up, is handled by folding in at most {@code mean + threshold *
 * spread} (winsorizing): an attack window is reported but barely moves the baseline. Windows in which the key was
 * silent count as zeros, so a key that wakes up is judged against its quiet past. The spread divides the score and is
 * never taken below a quarter of the mean (and 1), so a perfectly steady heavy talker, whose variance is near zero,
 * is not reported for a 10% wobble: steady high volume makes a top talker, not an anomaly.
 */
public final class Baseline {
    /** Silent windows folded in at most; beyond this many the old baseline has decayed to nothing anyway. */
    static final int MAX_GAP_WINDOWS = 1000;
    static final double RELATIVE_SPREAD_FLOOR = 0.25;

    private final double[] mean;
    private final double[] variance;
    private long windows;
    private long lastWindowStart;

    public Baseline(int measures) {
        this(new double[measures], new double[measures], 0, Long.MIN_VALUE);
    }

    private Baseline(double[] mean, double[] variance, long windows, long lastWindowStart) {
        this.mean = mean;
        this.variance = variance;
        this.windows = windows;
        this.lastWindowStart = lastWindowStart;
    }

    /** Windows of history, silent ones included. */
    public long windows() {
        return windows;
    }

    /** The start of the last window folded in (silent ones included), or Long.MIN_VALUE when none. */
    public long lastWindowStart() {
        return lastWindowStart;
    }

    public double mean(int measure) {
        return mean[measure];
    }

    /** The spread a score divides by: the standard deviation, floored as the class comment explains. */
    public double spread(int measure) {
        return Math.max(Math.sqrt(variance[measure]), Math.max(1.0, RELATIVE_SPREAD_FLOOR * mean[measure]));
    }

    public double score(int measure, double observed) {
        return (observed - mean[measure]) / spread(measure);
    }

    /** This baseline as it stands when the window at {@code windowStart} opens: silent windows before it folded in. */
    public Baseline at(long windowStart, long windowSize, double alpha) {
        Baseline copy = new Baseline(mean.clone(), variance.clone(), windows, lastWindowStart);
        copy.foldSilence(windowStart, windowSize, alpha);
        return copy;
    }

    /** Folds in the window at {@code windowStart} with {@code observed} values, each capped at {@code caps}. */
    public void update(long windowStart, long windowSize, double alpha, double[] observed, double[] caps) {
        foldSilence(windowStart, windowSize, alpha);
        for (int i = 0; i < mean.length; i++) {
            fold(i, Math.min(observed[i], caps[i]), alpha);
        }
        windows++;
        lastWindowStart = windowStart;
    }

    private void foldSilence(long windowStart, long windowSize, double alpha) {
        if (lastWindowStart == Long.MIN_VALUE || windowStart <= lastWindowStart) {
            return;
        }
        long silent = Math.min(MAX_GAP_WINDOWS, (windowStart - lastWindowStart) / windowSize - 1);
        for (long w = 0; w < silent; w++) {
            for (int i = 0; i < mean.length; i++) {
                fold(i, 0, alpha);
            }
        }
        windows += silent;
        lastWindowStart = windowStart - windowSize;
    }

    private void fold(int i, double value, double alpha) {
        if (windows == 0) {
            mean[i] = value;
            variance[i] = 0;
            return;
        }
        double difference = value - mean[i];
        double increment = alpha * difference;
        mean[i] += increment;
        variance[i] = (1 - alpha) * (variance[i] + difference * increment);
    }

    @Override
    public String toString() {
        return "Baseline{windows=" + windows + ", mean=" + Arrays.toString(mean) + "}";
    }

    /** State-store encoding. */
    public static final class BaselineSerde implements Serde<Baseline> {
        @Override
        public Serializer<Baseline> serializer() {
            return (topic, baseline) -> {
                if (baseline == null) {
                    return null;
                }
                ByteBuffer buffer = ByteBuffer.allocate(1 + 16 + 16 * baseline.mean.length);
                buffer.put((byte) baseline.mean.length).putLong(baseline.windows).putLong(baseline.lastWindowStart);
                for (int i = 0; i < baseline.mean.length; i++) {
                    buffer.putDouble(baseline.mean[i]).putDouble(baseline.variance[i]);
                }
                return buffer.array();
            };
        }

        @Override
        public Deserializer<Baseline> deserializer() {
            return (topic, bytes) -> {
                if (bytes == null) {
                    return null;
                }
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                int measures = buffer.get();
                long windows = buffer.getLong();
                long last = buffer.getLong();
                double[] mean = new double[measures];
                double[] variance = new double[measures];
                for (int i = 0; i < measures; i++) {
                    mean[i] = buffer.getDouble();
                    variance[i] = buffer.getDouble();
                }
                return new Baseline(mean, variance, windows, last);
            };
        }
    }
}
