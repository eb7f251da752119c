package io.flowsight.testsupport.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AWS WAF's GetIPSet and UpdateIPSet as AWS documents them (JSON 1.1, {@code X-Amz-Target: AWSWAF_20190729.*}):
 * sets found by scope, name and id; an update takes the whole address list and must carry the set's current lock
 * token (else {@code WAFOptimisticLockException}), replaces the description with the one given (none clears it),
 * and returns the next lock token; at most 10,000 addresses, all of the set's IP version.
 */
public final class FakeWaf extends FakeAwsApi {
    public static final String TARGET_PREFIX = "AWSWAF_20190729.";
    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    public static final String ACCOUNT = "123456789012";
    /** The most addresses one IP set holds, as AWS WAF's quotas document it. */
    public static final int ADDRESS_LIMIT = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One IP set as WAF keeps it. */
    public static final class IpSet {
        final String name;
        final String id;
        final String scope;
        final String version;
        String description;
        List<String> addresses;
        String lockToken;

        IpSet(String name, String id, String scope, String version, String description, List<String> addresses,
              String lockToken) {
            this.name = name;
            this.id = id;
            this.scope = scope;
            this.version = version;
            this.description = description;
            this.addresses = new ArrayList<>(addresses);
            this.lockToken = lockToken;
        }
    }

    private final String region;
    private final Map<String, IpSet> sets = new LinkedHashMap<>();
    private int tokens;
    private Runnable beforeNextUpdate;

    public FakeWaf(String region) throws IOException {
        super("wafv2", region);
        this.region = region;
    }

    public synchronized IpSet create(String name, String id, String scope, String version, String description,
                              List<String> addresses) {
        IpSet set = new IpSet(name, id, scope, version, description, addresses, nextToken());
        sets.put(id, set);
        return set;
    }

    public synchronized List<String> addresses(String id) {
        return List.copyOf(sets.get(id).addresses);
    }

    public synchronized String lockToken(String id) {
        return sets.get(id).lockToken;
    }

    public synchronized String description(String id) {
        return sets.get(id).description;
    }

    /** Someone edits the set in the console: new addresses, and so a new lock token. */
    public synchronized void changeByHand(String id, List<String> addresses) {
        IpSet set = sets.get(id);
        set.addresses = new ArrayList<>(addresses);
        set.lockToken = nextToken();
    }

    /** Runs just before the next UpdateIPSet is looked at, as if another writer got there first. */
    public synchronized void beforeNextUpdate(Runnable action) {
        beforeNextUpdate = action;
    }

    public static Answer error(int status, String type, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("__type", type);
        body.put("Message", message);
        return new Answer(status, CONTENT_TYPE, body.toString());
    }

    @Override
    public String action(Request request) {
        String target = request.header("X-Amz-Target");
        return target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : "";
    }

    @Override
    public Answer badSignature() {
        return error(403, "InvalidSignatureException", "The request signature we calculated does not match the "
                + "signature you provided.");
    }

    @Override
    public Answer answer(Request request) {
        if (!request.method().equals("POST") || !request.pathAndQuery().equals("/")
                || !CONTENT_TYPE.equals(request.header("Content-Type"))) {
            return error(400, "SerializationException", "Not a JSON 1.1 POST to /.");
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (IOException e) {
            return error(400, "SerializationException", "Malformed JSON.");
        }
        return switch (action(request)) {
            case "GetIPSet" -> getIpSet(body);
            case "UpdateIPSet" -> updateIpSet(body);
            default -> error(400, "UnknownOperationException", "Unknown operation.");
        };
    }

    private IpSet find(JsonNode body) {
        IpSet set = sets.get(body.path("Id").asText());
        if (set == null || !set.name.equals(body.path("Name").asText()) || !set.scope.equals(body.path("Scope")
                .asText())) {
            return null;
        }
        return set;
    }

    private Answer getIpSet(JsonNode body) {
        IpSet set = find(body);
        if (set == null) {
            return error(400, "WAFNonexistentItemException", "AWS WAF couldn’t perform the operation because your "
                    + "resource doesn't exist.");
        }
        ObjectNode answer = JSON.createObjectNode();
        ObjectNode ipSet = answer.putObject("IPSet");
        ipSet.put("Name", set.name);
        ipSet.put("Id", set.id);
        ipSet.put("ARN", "arn:aws:wafv2:" + region + ":" + ACCOUNT + ":" + (set.scope.equals("CLOUDFRONT") ? "global"
                : "regional") + "/ipset/" + set.name + "/" + set.id);
        if (set.description != null) {
            ipSet.put("Description", set.description);
        }
        ipSet.put("IPAddressVersion", set.version);
        set.addresses.forEach(ipSet.putArray("Addresses")::add);
        answer.put("LockToken", set.lockToken);
        return new Answer(200, CONTENT_TYPE, answer.toString());
    }

    private Answer updateIpSet(JsonNode body) {
        Runnable action = beforeNextUpdate;
        beforeNextUpdate = null;
        if (action != null) {
            action.run();
        }
        IpSet set = find(body);
        if (set == null) {
            return error(400, "WAFNonexistentItemException", "AWS WAF couldn’t perform the operation because your "
                    + "resource doesn't exist.");
        }
        if (!body.path("Addresses").isArray() || !body.path("LockToken").isTextual()) {
            return error(400, "WAFInvalidParameterException", "Addresses and LockToken are required.");
        }
        if (!set.lockToken.equals(body.path("LockToken").asText())) {
            return error(400, "WAFOptimisticLockException", "AWS WAF couldn’t save your changes because you tried to "
                    + "update or delete a resource that has changed since you last retrieved it.");
        }
        if (body.path("Addresses").size() > ADDRESS_LIMIT) {
            return error(400, "WAFLimitsExceededException", "AWS WAF couldn’t perform the operation because you "
                    + "exceeded your resource limit.");
        }
        List<String> addresses = new ArrayList<>();
        for (JsonNode address : body.path("Addresses")) {
            String text = address.asText();
            boolean v6 = text.contains(":");
            if (!text.contains("/") || v6 != set.version.equals("IPV6")) {
                return error(400, "WAFInvalidParameterException", "Invalid address " + text + ".");
            }
            addresses.add(text);
        }
        set.addresses = addresses;
        set.description = body.has("Description") ? body.path("Description").asText() : null;
        set.lockToken = nextToken();
        ObjectNode answer = JSON.createObjectNode();
        answer.put("NextLockToken", set.lockToken);
        return new Answer(200, CONTENT_TYPE, answer.toString());
    }

    private String nextToken() {
        return String.format("6b1f2c3d-4e5f-4a6b-8c7d-%012d", ++tokens);
    }
}
