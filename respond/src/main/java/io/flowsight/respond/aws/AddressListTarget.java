package io.flowsight.respond.aws;

import java.util.List;

/**
 * Where the blocklist is applied: given the whole list that should be blocked now, a target makes the place it
 * manages hold exactly that list (as far as the place can), removing what is no longer wanted and re-adding what was
 * removed by hand. The AWS targets' own interface, on plain address strings so that they can be driven and tested
 * without the blocklist; {@link AwsBlocklistTarget} puts one behind the blocklist's
 * {@link io.flowsight.respond.policy.BlocklistTarget}.
 */
public interface AddressListTarget extends AutoCloseable {
    /** The configured name, for logs and metrics. */
    String name();

    /**
     * Asks for {@code addresses} to be blocked, replacing every earlier list. Returns at once: the change is applied
     * in the background, coalesced with the ones after it, and paced.
     *
     * @param addresses addresses or CIDR ranges of both families, oldest block first (where a target holds fewer
     *        than are wanted, the oldest are left out); entries that are not addresses are logged and skipped
     */
    void apply(List<String> addresses);

    /** Stops the background work; an update being sent is finished first. */
    @Override
    void close();
}
