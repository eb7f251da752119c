package io.flowsight.respond.aws;

import java.util.List;
import java.util.Objects;

/**
 * What one pass did to one place: a WAF IP set, a network ACL's rule range, or a GuardDuty threat list.
 *
 * @param place the IP set or ACL, as logs name it
 * @param added what was added (CIDR notation)
 * @param removed what was taken out (as AWS held it)
 * @param leftOut wanted, but not applied: over the rule range's room, or of a family the target has no set for
 */
public record AppliedChange(String place, List<String> added, List<String> removed, List<String> leftOut) {
    public AppliedChange {
        Objects.requireNonNull(place, "place");
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        leftOut = List.copyOf(leftOut);
    }

    /** Whether anything was sent to change the place. */
    public boolean updated() {
        return !added.isEmpty() || !removed.isEmpty();
    }

    @Override
    public String toString() {
        return place + ": " + (updated() ? added.size() + " added, " + removed.size() + " removed" : "unchanged")
                + (leftOut.isEmpty() ? "" : ", " + leftOut.size() + " left out");
    }
}
