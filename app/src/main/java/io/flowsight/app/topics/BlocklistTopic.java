package io.flowsight.app.topics;

import io.flowsight.respond.policy.BlockedAddress;
import io.flowsight.respond.policy.Blocklist;
import io.flowsight.respond.policy.BlocklistPolicy;
import io.flowsight.respond.policy.BlocklistPolicyConfig;
import io.flowsight.respond.policy.ManualBlock;
import io.flowsight.respond.policy.ManualUnblock;
import io.flowsight.schemas.BlocklistChange;
import io.flowsight.schemas.Topic;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The blocklist as people see and edit it, from the command line or the HTTP API: the list in force, and a person's
 * block or unblock made by the same policy and guardrails as {@code flowsight respond}'s against the list the topic
 * holds, then recorded there (a running respond follows the topic and applies it).
 *
 * <p>A person's decision and the policy's may cross: both read the topic, decide, and write the address's key, so the
 * later write wins. The window is the time between the read and the write here (milliseconds), and either way the
 * topic keeps the audit trail of both.
 */
public final class BlocklistTopic implements AutoCloseable {
    private final CompactedTopic topic;
    private final BlocklistPolicyConfig config;

    private BlocklistTopic(CompactedTopic topic, BlocklistPolicyConfig config) {
        this.topic = topic;
        this.config = config;
    }

    /** The blocklist topic under the prefix the settings give, created when missing, with their policy settings. */
    public static BlocklistTopic open(Map<String, Object> settings) throws Exception {
        return new BlocklistTopic(CompactedTopic.open(settings, Topic.BLOCKLIST), new BlocklistPolicyConfig(settings));
    }

    /** The entries in force at {@code now}. */
    public List<BlockedAddress> active(Instant now) {
        return current().activeAt(now);
    }

    /** Whether decisions are applied to the targets, or only recorded (dry-run). */
    public boolean enforced() {
        return config.enforce();
    }

    /** A person's block, decided and recorded: a block, or a refusal naming the guardrail. */
    public List<BlocklistChange> add(ManualBlock request, Instant now) {
        return record(policy().add(request, now));
    }

    /** A person's unblock, decided and recorded. */
    public List<BlocklistChange> remove(ManualUnblock request, Instant now) {
        return record(policy().remove(request, now));
    }

    private BlocklistPolicy policy() {
        return new BlocklistPolicy(config, current());
    }

    private Blocklist current() {
        Map<String, BlocklistChange> latest = topic.read();
        return Blocklist.fromChanges(latest.values());
    }

    private List<BlocklistChange> record(List<BlocklistChange> changes) {
        Map<String, BlocklistChange> byAddress = new LinkedHashMap<>();
        changes.forEach(change -> byAddress.put(change.getAddress(), change));
        topic.write(byAddress);
        return changes;
    }

    public String name() {
        return topic.name();
    }

    @Override
    public void close() {
        topic.close();
    }
}
