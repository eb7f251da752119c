package io.flowsight.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** The median the benchmarks report: noisy machines make single runs meaningless. */
final class Median {
    private Median() {
    }

    static double of(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
