package io.flowsight.topology.detect;

import io.flowsight.topology.tally.Measure;

/**
 * A rule that judges one measure of a key's window.
 *
 * <ul>
 *   <li>{@link Kind#THRESHOLD}: the measure reaching {@code threshold} is the finding (a port scan touches many
 *   ports whether or not the source was seen before, and most scanners are seen once). Score = observed / threshold.
 *   <li>{@link Kind#BASELINE}: the measure departing from the key's own EWMA baseline, in standard deviations
 *   ({@code threshold} is that number), judged only once the key has enough history and only when the observed value
 *   is at least {@code floor}, so that a quiet key going from 1 to 9 requests is not news.
 * </ul>
 * A detector with an {@code alert} name also raises a suspicious-IP alert, immediately, on the record that crosses it.
 */
public record Detector(String name, Kind kind, Measure measure, double threshold, double floor, String alert,
                       String severity) {
    public enum Kind { THRESHOLD, BASELINE }

    public static Detector threshold(String name, Measure measure, double threshold, String alert, String severity) {
        return new Detector(name, Kind.THRESHOLD, measure, threshold, threshold, alert, severity);
    }

    public static Detector baseline(String name, Measure measure, double zScore, double floor, String alert,
                                    String severity) {
        return new Detector(name, Kind.BASELINE, measure, zScore, floor, alert, severity);
    }

    public boolean alerts() {
        return alert != null;
    }
}
