package io.flowsight.respond.aws;

import io.flowsight.aws.S3Location;
import io.flowsight.aws.signing.AwsCredentialsSource;
import io.flowsight.aws.signing.AwsRegion;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A GuardDuty threat list target: the S3 object a GuardDuty threat intel set reads, which FlowSight keeps equal to
 * the blocklist, and the threat intel set it activates again after each change. The object is FlowSight's alone:
 * whatever else it holds is replaced. Build it with {@link #builder}, which checks every setting and reports all
 * mistakes at once.
 *
 * @param list {@code s3://bucket/key} of the object, the location the threat intel set was created with
 * @param region the detector's region, where GuardDuty's API is called
 * @param endpoint where GuardDuty's API is called: its regional endpoint, or an override (a VPC endpoint, a test
 *        server)
 * @param reconcileInterval how often the object is read and brought back to the list even when it did not change
 */
public record GuardDutyThreatListTargetConfig(String name, S3Location list, AwsRegion region, String detectorId,
                                              String threatIntelSetId, URI endpoint, AwsCredentialsSource credentials,
                                              Duration reconcileInterval) {
    static final String SIGNING_NAME = "guardduty";

    /** GuardDuty's ids are letters and digits (32 hexadecimal digits as GuardDuty makes them), at most 300. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{1,300}");

    public GuardDutyThreatListTargetConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(detectorId, "detectorId");
        Objects.requireNonNull(threatIntelSetId, "threatIntelSetId");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(reconcileInterval, "reconcileInterval");
        if (!ID.matcher(detectorId).matches() || !ID.matcher(threatIntelSetId).matches()) {
            // They become the request's path, so nothing but letters and digits may pass.
            throw new IllegalArgumentException("GuardDuty ids are letters and digits: " + detectorId + ", "
                    + threatIntelSetId + ".");
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** GuardDuty's endpoint in {@code region}, e.g. {@code https://guardduty.eu-west-1.amazonaws.com/}. */
    public static URI defaultEndpoint(AwsRegion region) {
        return region.endpoint(SIGNING_NAME).resolve("/");
    }

    /** UpdateThreatIntelSet's path: the threat intel set of the detector. */
    String threatIntelSetPath() {
        return "/detector/" + detectorId + "/threatintelset/" + threatIntelSetId;
    }

    /** e.g. {@code GuardDuty threat list s3://b/threats.txt (threat intel set 0a1b of detector 2c3d in eu-west-1)}. */
    String describe() {
        return "GuardDuty threat list " + list + " (threat intel set " + threatIntelSetId + " of detector "
                + detectorId + " in " + region + ")";
    }

    /** Collects settings as written in a configuration; {@link #build} checks them all. */
    public static final class Builder {
        private final String name;
        private String list;
        private String detectorId;
        private String threatIntelSetId;
        private String region;
        private String endpoint;
        private AwsCredentialsSource credentials = AwsCredentialsSource.defaultChain();
        private Duration reconcileInterval = ConfigChecks.DEFAULT_RECONCILE_INTERVAL;

        private Builder(String name) {
            this.name = name;
        }

        /** The object as {@code s3://bucket/key}. */
        public Builder list(String list) {
            this.list = list;
            return this;
        }

        public Builder detectorId(String id) {
            this.detectorId = id;
            return this;
        }

        public Builder threatIntelSetId(String id) {
            this.threatIntelSetId = id;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder endpoint(String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** Any credentials source for GuardDuty's API; the default is the SDK's default chain. */
        public Builder credentials(AwsCredentialsSource credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        public Builder reconcileInterval(Duration interval) {
            this.reconcileInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** @throws TargetConfigException naming every mistake, one sentence each */
        public GuardDutyThreatListTargetConfig build() {
            List<String> problems = new ArrayList<>();
            String targetName = ConfigChecks.name(name, problems);
            Optional<S3Location> object = object(problems);
            Optional<String> detector = id("detector-id", detectorId, "the id of the GuardDuty detector whose "
                    + "threat intel set reads the list (the console shows it under Settings)", problems);
            Optional<String> set = id("threat-intel-set-id", threatIntelSetId, "the id of the threat intel set "
                    + "created with the list as its location (aws guardduty list-threat-intel-sets shows it)",
                    problems);
            Optional<AwsRegion> parsedRegion = ConfigChecks.region(region, problems);
            Optional<URI> override = ConfigChecks.endpoint(endpoint, problems);
            ConfigChecks.reconcileInterval(reconcileInterval, problems);
            if (!problems.isEmpty()) {
                throw new TargetConfigException(problems.stream().map(p -> "GuardDuty target \"" + targetName
                        + "\": " + p).toList());
            }
            AwsRegion resolvedRegion = parsedRegion.orElseThrow();
            return new GuardDutyThreatListTargetConfig(targetName, object.orElseThrow(), resolvedRegion,
                    detector.orElseThrow(), set.orElseThrow(), override.orElseGet(() -> defaultEndpoint(
                    resolvedRegion)), credentials, reconcileInterval);
        }

        private Optional<S3Location> object(List<String> problems) {
            if (list == null || list.isBlank()) {
                problems.add("list is missing: set the s3://bucket/key object the threat intel set reads.");
                return Optional.empty();
            }
            S3Location parsed;
            try {
                parsed = S3Location.parse(list.strip());
            } catch (IllegalArgumentException e) {
                problems.add("list \"" + list + "\" is not an S3 object: write it like "
                        + "s3://my-bucket/flowsight/threats.txt, the object the threat intel set reads.");
                return Optional.empty();
            }
            if (parsed.prefix().isEmpty() || parsed.prefix().endsWith("/")) {
                problems.add("list \"" + list + "\" names no object: give the key the threat intel set reads, e.g. "
                        + "s3://" + parsed.bucket() + "/flowsight/threats.txt.");
                return Optional.empty();
            }
            return Optional.of(parsed);
        }

        private static Optional<String> id(String key, String id, String what, List<String> problems) {
            if (id == null || id.isBlank()) {
                problems.add(key + " is missing: set " + what + ".");
                return Optional.empty();
            }
            if (!ID.matcher(id.strip()).matches()) {
                problems.add(key + " \"" + id + "\" is not a GuardDuty id: it is letters and digits, like "
                        + "12abc34d567e8fa901bc2d34e56789f0; set " + what + ".");
                return Optional.empty();
            }
            return Optional.of(id.strip());
        }
    }
}
