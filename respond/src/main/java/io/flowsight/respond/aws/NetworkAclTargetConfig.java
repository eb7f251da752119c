package io.flowsight.respond.aws;

import io.flowsight.aws.signing.AwsCredentialsSource;
import io.flowsight.aws.signing.AwsRegion;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A VPC network ACL target: the inbound deny entries FlowSight keeps in a range of rule numbers of one network ACL,
 * one entry per blocked address. Rules outside the range, and outbound rules, are never touched; the range's rules
 * are FlowSight's alone. Build it with {@link #builder}, which checks every setting and reports all mistakes at once.
 *
 * @param firstRule the range's lowest rule number; pick one below the ACL's allow rules, as rules are evaluated in
 *        number order and the first match decides
 * @param lastRule the range's highest rule number: the range holds {@code lastRule - firstRule + 1} addresses
 * @param endpoint where the API is called: EC2's regional endpoint, or an override (a VPC endpoint, a test server)
 * @param reconcileInterval how often the entries are read and brought back to the list even when it did not change
 */
public record NetworkAclTargetConfig(String name, AwsRegion region, String networkAclId, int firstRule, int lastRule,
                                     URI endpoint, AwsCredentialsSource credentials, Duration reconcileInterval) {
    /** Rule numbers AWS accepts for entries; 32767 is the ACL's own catch-all. */
    public static final int MIN_RULE = 1;
    public static final int MAX_RULE = 32766;
    /** The most rules a network ACL holds per direction (the quota's maximum; 20 by default). */
    public static final int MAX_RULES_PER_DIRECTION = 40;
    static final String SIGNING_NAME = "ec2";

    private static final Pattern ACL_ID = Pattern.compile("acl-(?:[0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern RANGE = Pattern.compile("\\s*(\\d{1,9})\\s*-\\s*(\\d{1,9})\\s*");
    private static final Pattern ARN = Pattern.compile("arn:(aws[a-z-]*):ec2:([a-z0-9-]+):(\\d{12}):network-acl/(.+)");

    public NetworkAclTargetConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(networkAclId, "networkAclId");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(reconcileInterval, "reconcileInterval");
        if (firstRule < MIN_RULE || lastRule > MAX_RULE || firstRule > lastRule) {
            throw new IllegalArgumentException("Rule numbers " + firstRule + "-" + lastRule + " are not a range "
                    + "within " + MIN_RULE + "-" + MAX_RULE + ".");
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** EC2's endpoint in {@code region}, e.g. {@code https://ec2.eu-west-1.amazonaws.com/}. */
    public static URI defaultEndpoint(AwsRegion region) {
        return region.endpoint(SIGNING_NAME).resolve("/");
    }

    /** How many addresses the range holds. */
    public int capacity() {
        return lastRule - firstRule + 1;
    }

    boolean inRange(int ruleNumber) {
        return ruleNumber >= firstRule && ruleNumber <= lastRule;
    }

    /** e.g. {@code network ACL acl-0123456789abcdef0 (eu-west-1) rules 71-80}. */
    String describe() {
        return "network ACL " + networkAclId + " (" + region + ") rules " + firstRule + "-" + lastRule;
    }

    /** Collects settings as written in a configuration; {@link #build} checks them all. */
    public static final class Builder {
        private final String name;
        private String region;
        private String networkAclId;
        private String networkAclArn;
        private String ruleNumbers;
        private String endpoint;
        private AwsCredentialsSource credentials = AwsCredentialsSource.defaultChain();
        private String accessKeyIdReference;
        private String secretReference;
        private Map<String, String> environment;
        private Duration reconcileInterval = ConfigChecks.DEFAULT_RECONCILE_INTERVAL;

        private Builder(String name) {
            this.name = name;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** e.g. {@code acl-0123456789abcdef0}. */
        public Builder networkAclId(String id) {
            this.networkAclId = id;
            return this;
        }

        /** The ACL's ARN: gives its id and region. */
        public Builder networkAclArn(String arn) {
            this.networkAclArn = arn;
            return this;
        }

        /** The range as written, e.g. {@code 71-80}. */
        public Builder ruleNumbers(String range) {
            this.ruleNumbers = range;
            return this;
        }

        public Builder ruleNumbers(int first, int last) {
            return ruleNumbers(first + "-" + last);
        }

        public Builder endpoint(String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** Any credentials source; the default is the SDK's default chain. */
        public Builder credentials(AwsCredentialsSource credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            this.accessKeyIdReference = null;
            this.secretReference = null;
            return this;
        }

        /** Static keys named by {@code ${VARIABLE}} references, resolved in {@code environment}. */
        public Builder environmentKeys(String accessKeyIdReference, String secretAccessKeyReference,
                                       Map<String, String> environment) {
            this.accessKeyIdReference = accessKeyIdReference;
            this.secretReference = secretAccessKeyReference;
            this.environment = Map.copyOf(environment);
            return this;
        }

        public Builder reconcileInterval(Duration interval) {
            this.reconcileInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** @throws TargetConfigException naming every mistake, one sentence each */
        public NetworkAclTargetConfig build() {
            List<String> problems = new ArrayList<>();
            String targetName = ConfigChecks.name(name, problems);
            Optional<AwsRegion> parsedRegion = Optional.empty();
            Optional<String> aclId = Optional.empty();
            if (networkAclArn != null) {
                if (networkAclId != null) {
                    problems.add("network-acl-id and network-acl-arn are both set: keep one of them.");
                } else {
                    Optional<ArnParts> arn = arn(problems);
                    if (arn.isPresent()) {
                        aclId = Optional.of(arn.get().id());
                        parsedRegion = Optional.of(arn.get().region());
                        if (region != null && ConfigChecks.region(region, problems).filter(r -> !r.equals(
                                arn.get().region())).isPresent()) {
                            problems.add("network-acl-arn is in " + arn.get().region() + " but region is "
                                    + region.strip() + ": set one region, or leave region out.");
                        }
                    }
                }
            } else {
                aclId = aclId(problems);
                parsedRegion = ConfigChecks.region(region, problems);
            }
            Optional<int[]> range = range(problems);
            Optional<URI> override = ConfigChecks.endpoint(endpoint, problems);
            AwsCredentialsSource source = credentials;
            if (accessKeyIdReference != null || secretReference != null) {
                source = ConfigChecks.environmentKeys(accessKeyIdReference, secretReference, environment, problems)
                        .orElse(null);
            }
            ConfigChecks.reconcileInterval(reconcileInterval, problems);
            if (!problems.isEmpty()) {
                throw new TargetConfigException(problems.stream().map(p -> "network ACL target \"" + targetName
                        + "\": " + p).toList());
            }
            AwsRegion resolvedRegion = parsedRegion.orElseThrow();
            return new NetworkAclTargetConfig(targetName, resolvedRegion, aclId.orElseThrow(), range.get()[0],
                    range.get()[1], override.orElseGet(() -> defaultEndpoint(resolvedRegion)), source,
                    reconcileInterval);
        }

        private Optional<String> aclId(List<String> problems) {
            if (networkAclId == null || networkAclId.isBlank()) {
                problems.add("network-acl-id is missing: set the id of the network ACL to add deny entries to, "
                        + "e.g. acl-0123456789abcdef0.");
                return Optional.empty();
            }
            if (!ACL_ID.matcher(networkAclId.strip()).matches()) {
                problems.add("network-acl-id \"" + networkAclId + "\" is not a network ACL id: it is acl- and 8 or "
                        + "17 hexadecimal digits, e.g. acl-0123456789abcdef0.");
                return Optional.empty();
            }
            return Optional.of(networkAclId.strip());
        }

        private Optional<ArnParts> arn(List<String> problems) {
            Matcher m = ARN.matcher(networkAclArn.strip());
            if (!m.matches() || !ACL_ID.matcher(m.group(4)).matches()) {
                problems.add("network-acl-arn \"" + networkAclArn + "\" is not a network ACL ARN: it looks like "
                        + "arn:aws:ec2:eu-west-1:123456789012:network-acl/acl-0123456789abcdef0.");
                return Optional.empty();
            }
            AwsRegion arnRegion;
            try {
                arnRegion = AwsRegion.of(m.group(2));
            } catch (IllegalArgumentException e) {
                problems.add("network-acl-arn \"" + networkAclArn + "\" names region \"" + m.group(2) + "\", which "
                        + e.getMessage() + ".");
                return Optional.empty();
            }
            if (!arnRegion.partition().equals(m.group(1))) {
                problems.add("network-acl-arn \"" + networkAclArn + "\" is in partition " + m.group(1) + " but its "
                        + "region " + arnRegion + " is in " + arnRegion.partition() + ": copy the ARN again.");
                return Optional.empty();
            }
            return Optional.of(new ArnParts(arnRegion, m.group(4)));
        }

        private Optional<int[]> range(List<String> problems) {
            if (ruleNumbers == null) {
                problems.add("rule-numbers is missing: set the range of rule numbers FlowSight may use, below the "
                        + "ACL's allow rules, e.g. 71-80.");
                return Optional.empty();
            }
            Matcher m = RANGE.matcher(ruleNumbers);
            if (!m.matches()) {
                problems.add("rule-numbers \"" + ruleNumbers + "\" is not a range: write it like 71-80.");
                return Optional.empty();
            }
            int first = Integer.parseInt(m.group(1));
            int last = Integer.parseInt(m.group(2));
            if (first < MIN_RULE || last > MAX_RULE) {
                problems.add("rule-numbers " + first + "-" + last + " is outside " + MIN_RULE + "-" + MAX_RULE
                        + ", the numbers a network ACL entry can have: pick a range below the ACL's allow rules, "
                        + "e.g. 71-80.");
                return Optional.empty();
            }
            if (first > last) {
                problems.add("rule-numbers " + first + "-" + last + " runs backwards: write the lower number first ("
                        + last + "-" + first + ").");
                return Optional.empty();
            }
            if (last - first + 1 > MAX_RULES_PER_DIRECTION) {
                problems.add("rule-numbers " + first + "-" + last + " spans " + (last - first + 1) + " rules, but a "
                        + "network ACL holds at most " + MAX_RULES_PER_DIRECTION + " inbound rules (20 unless the "
                        + "quota was raised): narrow the range.");
                return Optional.empty();
            }
            return Optional.of(new int[] {first, last});
        }
    }

    private record ArnParts(AwsRegion region, String id) {
    }
}
