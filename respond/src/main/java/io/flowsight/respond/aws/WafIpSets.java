package io.flowsight.respond.aws;

import io.flowsight.respond.policy.AddressFamily;
import io.flowsight.respond.policy.CidrBlock;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowsight.respond.aws.WafIpSetTargetConfig.IpSetRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One pass over a WAF target's IP sets: each set is read with {@code GetIPSet} and, when it does not hold exactly the
 * wanted addresses of its family, replaced whole with {@code UpdateIPSet} under the lock token just read. When
 * someone else changed the set in between (WAF answers {@code WAFOptimisticLockException}), the set is read again and
 * the update retried with the new token, a bounded number of times.
 *
 * <p>Calls follow WAFv2's JSON 1.1 protocol: a POST to the endpoint's root, {@code Content-Type:
 * application/x-amz-json-1.1}, the operation in {@code X-Amz-Target: AWSWAF_20190729.<Operation>}, signed for the
 * {@code wafv2} service.
 */
final class WafIpSets {
    /** WAF's limit of addresses in one IP set (a fixed quota). */
    static final int MAX_ADDRESSES = 10_000;
    /** Reads and updates of one set within a pass while other writers keep changing it. */
    static final int LOCK_ATTEMPTS = 5;
    static final String TARGET_PREFIX = "AWSWAF_20190729.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final Logger LOG = LoggerFactory.getLogger(WafIpSets.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** WAFv2's errors, and which of them are throttling or WAF's own passing failures. */
    static final AwsApiClient.Protocol PROTOCOL = new AwsJsonProtocol(Set.of("WAFLimitsExceededException",
            "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded",
            "WAFInternalErrorException"));

    private final WafIpSetTargetConfig config;
    private final AwsApiClient client;

    WafIpSets(WafIpSetTargetConfig config, AwsApiClient client) {
        this.config = config;
        this.client = client;
    }

    /**
     * @param wanted both families, oldest first, without duplicates
     * @throws AwsTargetException when a set cannot be read or updated, or more addresses are wanted than a set holds
     *         (then nothing is sent)
     */
    List<AppliedChange> reconcile(List<CidrBlock> wanted) throws InterruptedException {
        Map<Boolean, List<CidrBlock>> byFamily = new LinkedHashMap<>();
        byFamily.put(false, wanted.stream().filter(c -> c.family() == AddressFamily.IPV4).toList());
        byFamily.put(true, wanted.stream().filter(c -> c.family() == AddressFamily.IPV6).toList());
        for (Map.Entry<Boolean, List<CidrBlock>> family : byFamily.entrySet()) {
            Optional<IpSetRef> set = config.set(family.getKey());
            int count = family.getValue().size();
            if (set.isPresent() && count > MAX_ADDRESSES) {
                throw AwsTargetException.refused(count + " " + familyName(family.getKey()) + " addresses are "
                        + "wanted but " + config.describe(set.get()) + " holds at most " + MAX_ADDRESSES + ", so "
                        + "nothing was sent: lower the blocklist's cap to " + MAX_ADDRESSES + " per family.");
            }
        }
        List<AppliedChange> changes = new ArrayList<>();
        for (Map.Entry<Boolean, List<CidrBlock>> family : byFamily.entrySet()) {
            Optional<IpSetRef> set = config.set(family.getKey());
            if (set.isPresent()) {
                changes.add(reconcile(set.get(), family.getKey(), family.getValue()));
            } else if (!family.getValue().isEmpty()) {
                List<String> leftOut = family.getValue().stream().map(CidrBlock::cidrNotation).toList();
                LOG.warn("WAF target {}: {} {} address{} left out, as the target has no {} IP set: {}",
                        config.name(), leftOut.size(), familyName(family.getKey()),
                        leftOut.size() == 1 ? " is" : "es are", familyName(family.getKey()),
                        String.join(", ", leftOut));
                changes.add(new AppliedChange("WAF target " + config.name() + " (no " + familyName(family.getKey())
                        + " IP set)", List.of(), List.of(), leftOut));
            }
        }
        return changes;
    }

    private AppliedChange reconcile(IpSetRef set, boolean ipv6, List<CidrBlock> wanted) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            IpSetState state = get(set, ipv6);
            Set<CidrBlock> held = new LinkedHashSet<>();
            List<String> removed = new ArrayList<>();
            Set<CidrBlock> wantedSet = new LinkedHashSet<>(wanted);
            for (String address : state.addresses()) {
                try {
                    CidrBlock cidr = CidrBlock.parse(address);
                    if (wantedSet.contains(cidr) && held.add(cidr)) {
                        continue;
                    }
                } catch (IllegalArgumentException e) {
                    // WAF holds nothing it would not take; whatever it is, it is not wanted.
                }
                removed.add(address);
            }
            List<String> added = wanted.stream().filter(c -> !held.contains(c)).map(CidrBlock::cidrNotation).toList();
            if (added.isEmpty() && removed.isEmpty()) {
                return new AppliedChange(config.describe(set), List.of(), List.of(), List.of());
            }
            try {
                update(set, wanted, state);
                return new AppliedChange(config.describe(set), added, removed, List.of());
            } catch (AwsTargetException e) {
                if (!e.errorCode().orElse("").endsWith("WAFOptimisticLockException")) {
                    throw e;
                }
                if (attempt >= LOCK_ATTEMPTS) {
                    throw new AwsTargetException(config.describe(set) + " was changed by someone else while FlowSight "
                            + "updated it, " + attempt + " times in a row; it will be tried again later.", true,
                            e.errorCode().orElse(null), e.status().orElse(0), e);
                }
                LOG.info("WAF target {}: {} changed since it was read (stale lock token); reading it again",
                        config.name(), config.describe(set));
            }
        }
    }

    record IpSetState(List<String> addresses, String version, Optional<String> description, String lockToken) {
    }

    IpSetState get(IpSetRef set, boolean ipv6) throws InterruptedException {
        ObjectNode request = JSON.createObjectNode();
        request.put("Name", set.name());
        request.put("Scope", config.scope().name());
        request.put("Id", set.id());
        JsonNode answer = call("GetIPSet", set, request);
        JsonNode ipSet = answer.path("IPSet");
        String lockToken = answer.path("LockToken").asText("");
        if (!ipSet.path("Addresses").isArray() || lockToken.isEmpty()) {
            throw new AwsTargetException("AWS WAF answered GetIPSet for " + config.describe(set) + " without its "
                    + "addresses or lock token; it will be tried again later.", true, null, 0, null);
        }
        String version = ipSet.path("IPAddressVersion").asText("");
        String expected = ipv6 ? "IPV6" : "IPV4";
        if (!version.equals(expected)) {
            throw AwsTargetException.refused(config.describe(set) + " holds " + version + " addresses, but it is "
                    + "configured as the " + familyName(ipv6) + " set: swap ipv4-ip-set and ipv6-ip-set, or create an "
                    + expected + " IP set.");
        }
        List<String> addresses = new ArrayList<>();
        ipSet.path("Addresses").forEach(a -> addresses.add(a.asText()));
        String description = ipSet.path("Description").asText("");
        return new IpSetState(addresses, version, description.isEmpty() ? Optional.empty() : Optional.of(description),
                lockToken);
    }

    /** The whole list, under the token just read; the description is sent back as read, as the update replaces it. */
    private void update(IpSetRef set, List<CidrBlock> wanted, IpSetState state) throws InterruptedException {
        ObjectNode request = JSON.createObjectNode();
        request.put("Name", set.name());
        request.put("Scope", config.scope().name());
        request.put("Id", set.id());
        state.description().ifPresent(description -> request.put("Description", description));
        ArrayNode addresses = request.putArray("Addresses");
        wanted.forEach(cidr -> addresses.add(cidr.cidrNotation()));
        request.put("LockToken", state.lockToken());
        call("UpdateIPSet", set, request);
        LOG.debug("WAF target {}: {} now holds {} addresses", config.name(), config.describe(set), wanted.size());
    }

    private JsonNode call(String operation, IpSetRef set, ObjectNode request) throws InterruptedException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put("X-Amz-Target", TARGET_PREFIX + operation);
        AwsApiClient.Answer answer;
        try {
            answer = client.post(operation, headers, request.toString());
        } catch (AwsTargetException e) {
            throw explained(operation, set, e);
        }
        try {
            return JSON.readTree(answer.body());
        } catch (JsonProcessingException e) {
            throw new AwsTargetException("AWS WAF answered " + operation + " for " + config.describe(set) + " with "
                    + "something that is not JSON; it will be tried again later.", true, null, answer.status(), e);
        }
    }

    /** The errors a user can fix, said for this target; the rest as the client said them. */
    private AwsTargetException explained(String operation, IpSetRef set, AwsTargetException e) {
        String code = e.errorCode().orElse("");
        if (e.retriable() || code.endsWith("WAFOptimisticLockException")) {
            return e;
        }
        String sentence;
        if (code.equals("WAFNonexistentItemException")) {
            sentence = config.describe(set) + " does not exist (" + operation + " answered " + code + "): check the "
                    + "set's name, id, scope and region.";
        } else if (code.equals("AccessDeniedException") || code.equals("UnrecognizedClientException")
                || code.equals("InvalidSignatureException") || e.status().orElse(0) == 403) {
            sentence = "AWS WAF denied " + operation + " on " + config.describe(set) + " (" + code + "): the "
                    + "credentials' principal needs wafv2:GetIPSet and wafv2:UpdateIPSet on the set.";
        } else {
            return e;
        }
        return new AwsTargetException(sentence, false, code, e.status().orElse(0), e);
    }

    private static String familyName(boolean ipv6) {
        return ipv6 ? "IPv6" : "IPv4";
    }
}
