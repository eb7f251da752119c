package io.flowsight.respond.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How AWS's JSON protocols (JSON 1.1, as WAF speaks it, and REST-JSON, as GuardDuty does) spell an error: the type
 * in the {@code x-amzn-ErrorType} header or else in the body's {@code __type} (or {@code code}), possibly namespaced
 * ({@code com.amazonaws.wafv2#...}) or followed by {@code :} and a link, and the message in the body's
 * {@code message} or {@code Message}.
 */
final class AwsJsonProtocol implements AwsApiClient.Protocol {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> throttlingCodes;

    /** @param throttlingCodes the service's error codes for throttling and for its own passing failures */
    AwsJsonProtocol(Set<String> throttlingCodes) {
        this.throttlingCodes = Set.copyOf(throttlingCodes);
    }

    @Override
    public AwsApiClient.AwsError error(int status, Map<String, List<String>> headers, String body) {
        String code = headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("x-amzn-ErrorType"))
                .flatMap(h -> h.getValue().stream()).findFirst().orElse("");
        String message = "";
        try {
            JsonNode tree = JSON.readTree(body);
            if (tree != null && tree.isObject()) {
                if (code.isEmpty()) {
                    code = tree.has("__type") ? tree.path("__type").asText("") : tree.path("code").asText("");
                }
                message = tree.has("Message") ? tree.path("Message").asText("") : tree.path("message").asText("");
            }
        } catch (JsonProcessingException e) {
            // Not JSON (a proxy's page): the header or the status has to do.
        }
        int colon = code.indexOf(':');
        code = colon < 0 ? code : code.substring(0, colon);
        return new AwsApiClient.AwsError(code.substring(code.lastIndexOf('#') + 1), message);
    }

    @Override
    public boolean throttled(String code) {
        return throttlingCodes.contains(code);
    }
}
