package io.flowsight.respond.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What one blocklist decision did: the {@code action} field of a {@code BlocklistChange}. */
public enum BlocklistAction {
    /** Put on the list, by the policy for an alert or by a person. */
    BLOCK,
    /** Blocked again before its block ended: the expiry moves later and the offence count grows. */
    EXTEND,
    /** Taken off the list by a person; the policy may not block it again until the removed block would have ended. */
    UNBLOCK,
    /** Its time-to-live ended. */
    EXPIRE,
    /** A guardrail said no; the reason names it. */
    REFUSE,
    /** Taken off a full list to make room for a block of at least its severity. */
    EVICT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<BlocklistAction> fromWireName(String text) {
        return Arrays.stream(values()).filter(a -> a.wireName().equals(text)).findFirst();
    }
}
