package io.flowsight.respond.aws;

import io.flowsight.aws.signing.AwsCredentialsSource;
import io.flowsight.aws.signing.AwsRegion;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An AWS WAF target: the IP sets (one for IPv4, one for IPv6, at least one of them) that FlowSight keeps equal to the
 * blocklist, in one scope and region. The sets are FlowSight's alone: whatever else they hold is removed. Build it
 * with {@link #builder}, which checks every setting and reports all mistakes at once.
 *
 * @param scope {@code REGIONAL} (ALBs, API Gateway, AppSync, Cognito, App Runner, Verified Access) or
 *        {@code CLOUDFRONT}, whose sets live in us-east-1
 * @param endpoint where the API is called: WAF's regional endpoint, or an override (a VPC endpoint, a test server)
 * @param reconcileInterval how often the sets are read and brought back to the list even when it did not change, so
 *        that edits by hand in the console are undone
 */
public record WafIpSetTargetConfig(String name, WafScope scope, AwsRegion region, Optional<IpSetRef> ipv4Set,
                                   Optional<IpSetRef> ipv6Set, URI endpoint, AwsCredentialsSource credentials,
                                   Duration reconcileInterval) {
    /** The region CloudFront's WAF resources live in. */
    public static final AwsRegion CLOUDFRONT_REGION = AwsRegion.of("us-east-1");
    static final String SIGNING_NAME = "wafv2";

    private static final Pattern NAME = Pattern.compile("[\\w-]{1,128}");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}");
    private static final Pattern ARN = Pattern.compile(
            "arn:(aws[a-z-]*):wafv2:([a-z0-9-]+):(\\d{12}):(regional|global)/ipset/([^/]+)/([^/]+)");

    /** Where a WAF resource is: for regional resources, or for CloudFront distributions. */
    public enum WafScope {
        REGIONAL, CLOUDFRONT
    }

    /** An IP set, named as GetIPSet and UpdateIPSet name it: by name and id. */
    public record IpSetRef(String name, String id) {
        public IpSetRef {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(id, "id");
        }

        @Override
        public String toString() {
            return name + " (" + id + ")";
        }
    }

    public WafIpSetTargetConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(ipv4Set, "ipv4Set");
        Objects.requireNonNull(ipv6Set, "ipv6Set");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(reconcileInterval, "reconcileInterval");
        if (ipv4Set.isEmpty() && ipv6Set.isEmpty()) {
            throw new IllegalArgumentException("A WAF target needs an IPv4 or an IPv6 IP set.");
        }
        if (scope == WafScope.CLOUDFRONT && !region.equals(CLOUDFRONT_REGION)) {
            throw new IllegalArgumentException("CLOUDFRONT IP sets live in us-east-1, not " + region + ".");
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** WAF's endpoint in {@code region}, e.g. {@code https://wafv2.eu-west-1.amazonaws.com/}. */
    public static URI defaultEndpoint(AwsRegion region) {
        return region.endpoint(SIGNING_NAME).resolve("/");
    }

    /** The set for one family, by whether it is IPv6. */
    Optional<IpSetRef> set(boolean ipv6) {
        return ipv6 ? ipv6Set : ipv4Set;
    }

    /** e.g. {@code WAF IP set blocked-v4 (0123...) in REGIONAL eu-west-1}. */
    String describe(IpSetRef set) {
        return "WAF IP set " + set + " in " + scope + " " + region;
    }

    /** Collects settings as written in a configuration; {@link #build} checks them all. */
    public static final class Builder {
        private final String name;
        private String scope = "REGIONAL";
        private String region;
        private String ipv4Name;
        private String ipv4Id;
        private String ipv4Arn;
        private String ipv6Name;
        private String ipv6Id;
        private String ipv6Arn;
        private String endpoint;
        private AwsCredentialsSource credentials = AwsCredentialsSource.defaultChain();
        private String accessKeyIdReference;
        private String secretReference;
        private Map<String, String> environment;
        private Duration reconcileInterval = ConfigChecks.DEFAULT_RECONCILE_INTERVAL;

        private Builder(String name) {
            this.name = name;
        }

        /** {@code REGIONAL} (the default) or {@code CLOUDFRONT}, in any case. */
        public Builder scope(String scope) {
            this.scope = scope;
            return this;
        }

        /** Required for REGIONAL; CLOUDFRONT sets are in us-east-1, the default for that scope. */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder ipv4Set(String name, String id) {
            this.ipv4Name = name;
            this.ipv4Id = id;
            return this;
        }

        /** The set's ARN, as the console shows it: gives its name, id, scope and region. */
        public Builder ipv4SetArn(String arn) {
            this.ipv4Arn = arn;
            return this;
        }

        public Builder ipv6Set(String name, String id) {
            this.ipv6Name = name;
            this.ipv6Id = id;
            return this;
        }

        public Builder ipv6SetArn(String arn) {
            this.ipv6Arn = arn;
            return this;
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
        public WafIpSetTargetConfig build() {
            List<String> problems = new ArrayList<>();
            String targetName = ConfigChecks.name(name, problems);
            Optional<WafScope> parsedScope = scope(problems);
            Optional<ArnParts> v4Arn = arn("ipv4-ip-set-arn", ipv4Arn, problems);
            Optional<ArnParts> v6Arn = arn("ipv6-ip-set-arn", ipv6Arn, problems);
            Optional<IpSetRef> v4 = set("ipv4-ip-set", ipv4Name, ipv4Id, v4Arn, problems);
            Optional<IpSetRef> v6 = set("ipv6-ip-set", ipv6Name, ipv6Id, v6Arn, problems);
            if (v4.isEmpty() && v6.isEmpty() && ipv4Name == null && ipv4Arn == null && ipv6Name == null
                    && ipv6Arn == null) {
                problems.add("No IP set is configured: set ipv4-ip-set or ipv6-ip-set (or both), each by name and id "
                        + "or by ARN.");
            }
            if (v4.isPresent() && v4.equals(v6)) {
                problems.add("ipv4-ip-set and ipv6-ip-set are the same set " + v4.get() + ": an IP set holds one "
                        + "address family, so give each family its own.");
            }
            Optional<AwsRegion> parsedRegion = region(parsedScope, v4Arn, v6Arn, problems);
            Optional<URI> override = ConfigChecks.endpoint(endpoint, problems);
            AwsCredentialsSource source = credentials;
            if (accessKeyIdReference != null || secretReference != null) {
                source = ConfigChecks.environmentKeys(accessKeyIdReference, secretReference, environment, problems)
                        .orElse(null);
            }
            ConfigChecks.reconcileInterval(reconcileInterval, problems);
            if (!problems.isEmpty()) {
                throw new TargetConfigException(problems.stream().map(p -> "WAF target " + quoted(targetName)
                        + ": " + p).toList());
            }
            return new WafIpSetTargetConfig(targetName, parsedScope.orElseThrow(), parsedRegion.orElseThrow(), v4, v6,
                    override.orElseGet(() -> defaultEndpoint(parsedRegion.get())), source, reconcileInterval);
        }

        private Optional<WafScope> scope(List<String> problems) {
            String text = scope == null ? "" : scope.strip().toUpperCase(Locale.ROOT);
            try {
                return Optional.of(WafScope.valueOf(text));
            } catch (IllegalArgumentException e) {
                problems.add("scope \"" + scope + "\" is neither REGIONAL nor CLOUDFRONT: use REGIONAL for load "
                        + "balancers and API gateways, CLOUDFRONT for CloudFront distributions.");
                return Optional.empty();
            }
        }

        private Optional<IpSetRef> set(String key, String setName, String id, Optional<ArnParts> arn,
                                       List<String> problems) {
            if (arn.isPresent()) {
                if (setName != null || id != null) {
                    problems.add(key + " is given both by name and id and by ARN: keep one of them.");
                    return Optional.empty();
                }
                return Optional.of(arn.get().set());
            }
            if (setName == null && id == null) {
                return Optional.empty();
            }
            boolean valid = true;
            if (setName == null) {
                problems.add(key + " has an id but no name: GetIPSet and UpdateIPSet need both.");
                valid = false;
            } else if (!NAME.matcher(setName).matches()) {
                problems.add(key + " name \"" + setName + "\" is not a WAF IP set name: 1 to 128 letters, digits, "
                        + "hyphens and underscores.");
                valid = false;
            }
            if (id == null) {
                problems.add(key + " has a name but no id: GetIPSet and UpdateIPSet need both (the console shows "
                        + "the id on the set's page).");
                valid = false;
            } else if (!ID.matcher(id).matches()) {
                problems.add(key + " id \"" + id + "\" is not a WAF IP set id: it is 36 characters like "
                        + "0f3c7e1a-5b2d-4e8f-9a6b-1c2d3e4f5a6b (the console shows it on the set's page).");
                valid = false;
            }
            return valid ? Optional.of(new IpSetRef(setName, id)) : Optional.empty();
        }

        private Optional<ArnParts> arn(String key, String text, List<String> problems) {
            if (text == null) {
                return Optional.empty();
            }
            Matcher m = ARN.matcher(text.strip());
            if (!m.matches() || !NAME.matcher(m.group(5)).matches() || !ID.matcher(m.group(6)).matches()) {
                problems.add(key + " \"" + text + "\" is not a WAF IP set ARN: it looks like "
                        + "arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/NAME/ID.");
                return Optional.empty();
            }
            AwsRegion arnRegion;
            try {
                arnRegion = AwsRegion.of(m.group(2));
            } catch (IllegalArgumentException e) {
                problems.add(key + " \"" + text + "\" names region \"" + m.group(2) + "\", which " + e.getMessage()
                        + ".");
                return Optional.empty();
            }
            if (!arnRegion.partition().equals(m.group(1))) {
                problems.add(key + " \"" + text + "\" is in partition " + m.group(1) + " but its region " + arnRegion
                        + " is in " + arnRegion.partition() + ": copy the ARN again from the console.");
                return Optional.empty();
            }
            WafScope arnScope = m.group(4).equals("global") ? WafScope.CLOUDFRONT : WafScope.REGIONAL;
            return Optional.of(new ArnParts(key, arnScope, arnRegion, new IpSetRef(m.group(5), m.group(6))));
        }

        /** One region for both sets: the configured one, the ARNs', or us-east-1 for CLOUDFRONT. */
        private Optional<AwsRegion> region(Optional<WafScope> parsedScope, Optional<ArnParts> v4Arn,
                                           Optional<ArnParts> v6Arn, List<String> problems) {
            Optional<AwsRegion> configured = Optional.empty();
            if (region != null) {
                configured = ConfigChecks.region(region, problems);
                if (configured.isEmpty()) {
                    return Optional.empty();
                }
            }
            for (Optional<ArnParts> arn : List.of(v4Arn, v6Arn)) {
                if (arn.isEmpty()) {
                    continue;
                }
                ArnParts parts = arn.get();
                if (parsedScope.isPresent() && parts.scope() != parsedScope.get()) {
                    problems.add(parts.key() + " is a " + parts.scope() + " set but scope is " + parsedScope.get()
                            + ": both sets and the scope must agree (an ARN with global/ is CLOUDFRONT).");
                    return Optional.empty();
                }
                if (configured.isPresent() && !configured.get().equals(parts.region())) {
                    problems.add(parts.key() + " is in " + parts.region() + " but the target's region is "
                            + configured.get() + ": both sets of a target are in one region.");
                    return Optional.empty();
                }
                configured = Optional.of(parts.region());
            }
            if (parsedScope.isEmpty()) {
                return Optional.empty();
            }
            if (parsedScope.get() == WafScope.CLOUDFRONT) {
                if (configured.isPresent() && !configured.get().equals(CLOUDFRONT_REGION)) {
                    problems.add("region is " + configured.get() + " but CLOUDFRONT IP sets live in us-east-1: set "
                            + "region to us-east-1, or leave it out.");
                    return Optional.empty();
                }
                return Optional.of(CLOUDFRONT_REGION);
            }
            if (configured.isEmpty() && ipv4Arn == null && ipv6Arn == null) {
                // (A set given by a faulty ARN is reported already; its region would have come from it.)
                problems.add("region is missing: set the AWS region of the REGIONAL IP sets, e.g. eu-west-1.");
            }
            return configured;
        }

        private static String quoted(String text) {
            return "\"" + text + "\"";
        }
    }

    private record ArnParts(String key, WafScope scope, AwsRegion region, IpSetRef set) {
    }
}
