package io.flowsight.respond.policy;

import io.flowsight.schemas.Severity;
import io.flowsight.schemas.DurationSetting;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the blocklist policy may block and the guardrails around it. Blocking is opt-in (no detector blocks until
 * {@value #DETECTORS_CONFIG} names some) and a dry-run until {@value #ENFORCE_CONFIG} is true. Durations are written
 * {@code 30m}, {@code 4h}, {@code 7d} or ISO-8601 ({@code PT4H}).
 */
public final class BlocklistPolicyConfig extends AbstractConfig {
    /** In the detectors and log-type lists: every one. */
    public static final String EVERY = "*";
    /** The log types alerts name in {@code log_type}. */
    public static final List<String> LOG_TYPES = List.of("vpcflow", "cloudtrail", "alb", "alb-conn");
    public static final List<String> PRIVATE_RANGES = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "fc00::/7");

    public static final String DETECTORS_CONFIG = "flowsight.respond.block.detectors";
    public static final String DETECTORS_DOC = "Detectors whose firing alerts block their address, e.g. "
            + "port_scan,brute_force, or * for every detector. Empty (the default) blocks nothing: blocking is opt-in.";

    public static final String MIN_SEVERITY_CONFIG = "flowsight.respond.block.min.severity";
    public static final String MIN_SEVERITY_DOC = "Lowest alert severity that blocks: " + Severity.choices() + ".";

    public static final String LOG_TYPES_CONFIG = "flowsight.respond.block.log.types";
    public static final String LOG_TYPES_DOC = "Log types whose alerts may block (" + String.join(", ", LOG_TYPES)
            + "), or * for all. An alert without a log type blocks only under *.";

    /**
     * The stream processing's setting of the same ranges, read by its name: this module does not depend on the
     * topology's, and one setting for both keeps them from drifting apart.
     */
    static final String TOPOLOGY_INTERNAL_CIDRS = "flowsight.topology.internal.cidrs";
    public static final String INTERNAL_CIDRS_CONFIG = "flowsight.respond.internal.cidrs";
    public static final String INTERNAL_CIDRS_DOC = "Your own address ranges, never blocked; when not set, those of "
            + TOPOLOGY_INTERNAL_CIDRS + " (where the detectors learn which addresses are yours), else the private "
            + "ranges. An alert that says its address is internal is never blocked either.";

    public static final String ALLOW_CIDRS_CONFIG = "flowsight.respond.allow.cidrs";
    public static final String ALLOW_CIDRS_DOC = "More addresses and ranges never blocked, besides the internal ones: "
            + "your NAT gateways' and Elastic IPs, partners, health checkers, monitoring services.";

    public static final String PROTECTED_CONFIG = "flowsight.respond.protected.addresses";
    public static final String PROTECTED_DOC = "The targets' own addresses and ranges (load balancers, bastions, the "
            + "host FlowSight runs on): never blocked, so that a block cannot cut FlowSight or you off.";

    public static final String TTL_CONFIG = "flowsight.respond.block.ttl";
    public static final String TTL_DOC = "How long a first block lasts, as in AWS's Security Automations for AWS WAF; "
            + "also a person's block when they give no time-to-live.";

    public static final String ESCALATION_CONFIG = "flowsight.respond.block.escalation.factor";
    public static final String ESCALATION_DOC = "Each further offence of an address multiplies its time-to-live by "
            + "this (4h, 16h, 2d16h, ...), up to " + "flowsight.respond.block.ttl.max; 1 never escalates.";

    public static final String MAX_TTL_CONFIG = "flowsight.respond.block.ttl.max";
    public static final String MAX_TTL_DOC = "The longest time-to-live escalation reaches.";

    public static final String MAX_ENTRIES_CONFIG = "flowsight.respond.block.max.entries";
    public static final String MAX_ENTRIES_DOC = "Entries per address family (IPv4 and IPv6 each). A block on a full "
            + "family first evicts the lowest-severity, oldest entry, or is refused when every entry is more severe. "
            + "10,000 is the most a WAF IP set holds.";

    public static final String BROADEST_IPV4_CONFIG = "flowsight.respond.add.broadest.prefix.ipv4";
    public static final String BROADEST_IPV4_DOC = "The broadest IPv4 block a person may add: a prefix length of at "
            + "least this (24 allows /24 to /32). Alerts always block a single address.";

    public static final String BROADEST_IPV6_CONFIG = "flowsight.respond.add.broadest.prefix.ipv6";
    public static final String BROADEST_IPV6_DOC = "The broadest IPv6 block a person may add: a prefix length of at "
            + "least this (64 allows /64 to /128).";

    public static final String ENFORCE_CONFIG = "flowsight.respond.enforce";
    public static final String ENFORCE_DOC = "Whether decisions are applied to the targets (files included). "
            + "false, the default, is a dry-run: every decision is recorded and shown, and nothing is changed.";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(DETECTORS_CONFIG, Type.LIST, "", BlocklistPolicyConfig::validateNames, Importance.HIGH,
                    DETECTORS_DOC)
            .define(MIN_SEVERITY_CONFIG, Type.STRING, Severity.HIGH.wireName(),
                    BlocklistPolicyConfig::validateSeverity, Importance.HIGH, MIN_SEVERITY_DOC)
            .define(LOG_TYPES_CONFIG, Type.LIST, EVERY, BlocklistPolicyConfig::validateLogTypes, Importance.MEDIUM,
                    LOG_TYPES_DOC)
            .define(INTERNAL_CIDRS_CONFIG, Type.LIST, String.join(",", PRIVATE_RANGES),
                    BlocklistPolicyConfig::validateBlocks, Importance.HIGH, INTERNAL_CIDRS_DOC)
            .define(ALLOW_CIDRS_CONFIG, Type.LIST, "", BlocklistPolicyConfig::validateBlocks, Importance.HIGH,
                    ALLOW_CIDRS_DOC)
            .define(PROTECTED_CONFIG, Type.LIST, "", BlocklistPolicyConfig::validateBlocks, Importance.HIGH,
                    PROTECTED_DOC)
            .define(TTL_CONFIG, Type.STRING, "4h", BlocklistPolicyConfig::validatePositiveDuration, Importance.MEDIUM,
                    TTL_DOC)
            .define(ESCALATION_CONFIG, Type.INT, 4, BlocklistPolicyConfig::validateFactor, Importance.MEDIUM,
                    ESCALATION_DOC)
            .define(MAX_TTL_CONFIG, Type.STRING, "7d", BlocklistPolicyConfig::validatePositiveDuration,
                    Importance.MEDIUM, MAX_TTL_DOC)
            .define(MAX_ENTRIES_CONFIG, Type.INT, 10_000, BlocklistPolicyConfig::validateMaxEntries,
                    Importance.MEDIUM, MAX_ENTRIES_DOC)
            .define(BROADEST_IPV4_CONFIG, Type.INT, 24, prefixLength(AddressFamily.IPV4), Importance.MEDIUM,
                    BROADEST_IPV4_DOC)
            .define(BROADEST_IPV6_CONFIG, Type.INT, 64, prefixLength(AddressFamily.IPV6), Importance.MEDIUM,
                    BROADEST_IPV6_DOC)
            .define(ENFORCE_CONFIG, Type.BOOLEAN, false, Importance.HIGH, ENFORCE_DOC);

    private final Set<String> detectors;
    private final Severity minimumSeverity;
    private final Set<String> logTypes;
    private final List<CidrBlock> internalCidrs;
    private final List<CidrBlock> allowCidrs;
    private final List<CidrBlock> protectedAddresses;
    private final Duration ttl;
    private final Duration maxTtl;

    private static Map<String, ?> withInternalRangesOfTheTopology(Map<String, ?> settings) {
        if (settings.containsKey(INTERNAL_CIDRS_CONFIG) || !settings.containsKey(TOPOLOGY_INTERNAL_CIDRS)) {
            return settings;
        }
        Object inherited = settings.get(TOPOLOGY_INTERNAL_CIDRS);
        // Checked under the name the user wrote, not under the key it stands in for.
        validateBlocks(TOPOLOGY_INTERNAL_CIDRS, ConfigDef.parseType(TOPOLOGY_INTERNAL_CIDRS, inherited, Type.LIST));
        Map<String, Object> withDefault = new HashMap<>(settings);
        withDefault.put(INTERNAL_CIDRS_CONFIG, inherited);
        return withDefault;
    }

    public BlocklistPolicyConfig(Map<String, ?> settings) {
        // Only the flowsight.respond.* keys matter here; the rest of a shared settings map belongs to other stages.
        super(CONFIG, withInternalRangesOfTheTopology(settings), false);
        detectors = Set.copyOf(getList(DETECTORS_CONFIG));
        minimumSeverity = Severity.fromWireName(getString(MIN_SEVERITY_CONFIG).strip()).orElseThrow();
        logTypes = Set.copyOf(getList(LOG_TYPES_CONFIG));
        internalCidrs = blocks(INTERNAL_CIDRS_CONFIG);
        allowCidrs = blocks(ALLOW_CIDRS_CONFIG);
        protectedAddresses = blocks(PROTECTED_CONFIG);
        ttl = DurationSetting.parse(TTL_CONFIG, getString(TTL_CONFIG));
        maxTtl = DurationSetting.parse(MAX_TTL_CONFIG, getString(MAX_TTL_CONFIG));
        if (maxTtl.compareTo(ttl) < 0) {
            throw new ConfigException(MAX_TTL_CONFIG + " is " + getString(MAX_TTL_CONFIG) + ", shorter than "
                    + TTL_CONFIG + " (" + getString(TTL_CONFIG) + "); make it at least as long.");
        }
    }

    /** Every setting at its default: nothing blocks, and nothing would be enforced. */
    public static BlocklistPolicyConfig defaults() {
        return new BlocklistPolicyConfig(Map.of());
    }

    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /** Whether a firing alert of this detector blocks (given its severity and log type also do). */
    public boolean blocksDetector(String detector) {
        return detectors.contains(EVERY) || detectors.contains(detector);
    }

    /** The detectors as written; empty when blocking is off, {@value #EVERY} for all. */
    public Set<String> detectors() {
        return detectors;
    }

    public Severity minimumSeverity() {
        return minimumSeverity;
    }

    /** Whether alerts from this log type may block; {@code null} (an alert without one) only under {@value #EVERY}. */
    public boolean coversLogType(String logType) {
        return logTypes.contains(EVERY) || logType != null && logTypes.contains(logType);
    }

    public List<CidrBlock> internalCidrs() {
        return internalCidrs;
    }

    public List<CidrBlock> allowCidrs() {
        return allowCidrs;
    }

    public List<CidrBlock> protectedAddresses() {
        return protectedAddresses;
    }

    /** The time-to-live of a first block. */
    public Duration ttl() {
        return ttl;
    }

    public int escalationFactor() {
        return getInt(ESCALATION_CONFIG);
    }

    public Duration maxTtl() {
        return maxTtl;
    }

    /**
     * The time-to-live of an address's {@code offence}-th block (1 is the first): ttl × factor^(offence-1), capped.
     */
    public Duration ttlForOffence(int offence) {
        int factor = escalationFactor();
        Duration escalated = ttl;
        for (int i = 1; i < offence && factor > 1; i++) {
            if (escalated.compareTo(maxTtl.dividedBy(factor)) > 0) {
                return maxTtl; // checked before multiplying, so that no setting can overflow a Duration
            }
            escalated = escalated.multipliedBy(factor);
        }
        return escalated.compareTo(maxTtl) > 0 ? maxTtl : escalated;
    }

    /** The cap of each address family. */
    public int maxEntriesPerFamily() {
        return getInt(MAX_ENTRIES_CONFIG);
    }

    /** The shortest prefix length a person may add in this family. */
    public int broadestPrefix(AddressFamily family) {
        return getInt(family == AddressFamily.IPV4 ? BROADEST_IPV4_CONFIG : BROADEST_IPV6_CONFIG);
    }

    /** The key naming {@link #broadestPrefix}, for reasons. */
    public static String broadestPrefixKey(AddressFamily family) {
        return family == AddressFamily.IPV4 ? BROADEST_IPV4_CONFIG : BROADEST_IPV6_CONFIG;
    }

    /** false: a dry-run, where decisions are recorded and shown and no target changes. */
    public boolean enforce() {
        return getBoolean(ENFORCE_CONFIG);
    }

    private List<CidrBlock> blocks(String key) {
        return getList(key).stream().map(CidrBlock::parse).toList();
    }

    private static void validateNames(String key, Object value) {
        for (String name : list(value)) {
            if (name.isBlank()) {
                throw new ConfigException(key + " has an empty name; list detectors separated by commas, e.g. "
                        + "port_scan,brute_force, or write * for every detector.");
            }
        }
    }

    private static void validateSeverity(String key, Object value) {
        if (value == null || Severity.fromWireName(value.toString().strip()).isEmpty()) {
            throw new ConfigException(key + " is '" + value + "'; write " + Severity.choices() + ".");
        }
    }

    private static void validateLogTypes(String key, Object value) {
        for (String logType : list(value)) {
            if (!logType.equals(EVERY) && !LOG_TYPES.contains(logType)) {
                throw new ConfigException(key + " names '" + logType + "', which is not a log type; use "
                        + String.join(", ", LOG_TYPES) + " or *.");
            }
        }
    }

    private static void validateBlocks(String key, Object value) {
        for (String block : list(value)) {
            try {
                CidrBlock.parse(block);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + ": " + e.getMessage());
            }
        }
    }

    private static void validatePositiveDuration(String key, Object value) {
        if (DurationSetting.parse(key, value == null ? null : value.toString()).isZero()) {
            throw new ConfigException(key + " is '" + value + "'; a block needs a time-to-live, e.g. 4h.");
        }
    }

    private static void validateFactor(String key, Object value) {
        if (value == null || (Integer) value < 1) {
            throw new ConfigException(key + " is " + value + "; write 1 for no escalation or more, e.g. 4.");
        }
    }

    private static void validateMaxEntries(String key, Object value) {
        if (value == null || (Integer) value < 1) {
            throw new ConfigException(key + " is " + value + "; the list needs room for at least 1 entry per family "
                    + "(10,000 fills a WAF IP set).");
        }
    }

    private static ConfigDef.Validator prefixLength(AddressFamily family) {
        return (key, value) -> {
            if (value == null || (Integer) value < 1 || (Integer) value > family.bits()) {
                throw new ConfigException(key + " is " + value + "; write a prefix length from 1 to " + family.bits()
                        + ", e.g. " + (family == AddressFamily.IPV4 ? 24 : 64) + ".");
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object value) {
        return value == null ? List.of() : (List<String>) value;
    }
}
