package io.flowsight.topology.rank;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The N largest entries seen, in O(N) memory: a min-heap whose root is the entry to drop next. Ties are broken by
 * key so that a ranking does not depend on the order keys were met (the state store's order differs from a replay's).
 */
public final class Ranking {
    /** Best first: larger value, then smaller key. */
    public static final Comparator<RankedEntry> BEST_FIRST =
            Comparator.comparingLong(RankedEntry::value).reversed().thenComparing(RankedEntry::key);

    private final int size;
    private final PriorityQueue<RankedEntry> worstFirst;

    public Ranking(int size) {
        this.size = size;
        this.worstFirst = new PriorityQueue<>(size + 1, BEST_FIRST.reversed());
    }

    /** Offers an exact value; one below the current N-th best costs a comparison, not an entry. */
    public void offer(String key, long value) {
        if (worstFirst.size() == size) {
            RankedEntry worst = worstFirst.peek();
            if (value < worst.value() || value == worst.value() && key.compareTo(worst.key()) > 0) {
                return;
            }
        }
        offer(RankedEntry.exact(key, value));
    }

    public void offer(RankedEntry entry) {
        if (worstFirst.size() < size) {
            worstFirst.add(entry);
        } else if (BEST_FIRST.compare(entry, worstFirst.peek()) < 0) {
            worstFirst.poll();
            worstFirst.add(entry);
        }
    }

    public boolean isEmpty() {
        return worstFirst.isEmpty();
    }

    /** The entries, best first. */
    public List<RankedEntry> best() {
        List<RankedEntry> best = new ArrayList<>(worstFirst);
        best.sort(BEST_FIRST);
        return best;
    }
}
