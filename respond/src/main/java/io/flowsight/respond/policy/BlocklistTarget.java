package io.flowsight.respond.policy;

import java.io.IOException;
import java.util.List;

/**
 * Somewhere the blocklist is applied: a WAF IP set, a network ACL, a file. A target is always given the whole current
 * list and makes itself equal to it, which is what the WAF API wants (an IP set is replaced whole) and what makes a
 * retry, a restart or the periodic reconciliation safe: applying the same list twice changes nothing, and an entry
 * removed by hand in the console comes back only if it is still on the list.
 *
 * <p>The caller applies only when enforcement is on ({@link BlocklistPolicyConfig#enforce()}); in a dry-run no target
 * is touched, files included. It passes {@link Blocklist#activeAt} of the moment, after recording the expiries, so a
 * target never has to judge time-to-live itself. A target takes the families it can hold and ignores the others
 * (a WAF IP set is IPv4 or IPv6).
 */
public interface BlocklistTarget {

    /** What and where, for logs, metrics and messages: e.g. {@code plain list /var/lib/flowsight/blocklist.txt}. */
    String name();

    /**
     * Makes the target hold exactly {@code current} (in the families it takes).
     *
     * @param current the entries in force, IPv4 first, in address order
     * @throws IOException when the target cannot be reached or written, with a message a person can act on; the
     *                     caller tries again with the next change or reconciliation. Where the medium allows (a file,
     *                     an S3 object, an IP set) the target is then as it was before, never half-written
     */
    void apply(List<BlockedAddress> current) throws IOException;
}
