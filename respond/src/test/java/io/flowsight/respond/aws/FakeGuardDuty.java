package io.flowsight.respond.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowsight.testsupport.aws.FakeAwsApi;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amazon GuardDuty's UpdateThreatIntelSet as AWS documents it (REST-JSON): {@code POST
 * /detector/{detectorId}/threatintelset/{threatIntelSetId}} with {@code Content-Type: application/json} and optional
 * body fields {@code activate}, {@code expectedBucketOwner}, {@code location} and {@code name}; {@code 200 {}} on
 * success, else {@code 400 BadRequestException} with the type in {@code __type} and the text in {@code message}.
 */
final class FakeGuardDuty extends FakeAwsApi {
    static final String CONTENT_TYPE = "application/json";
    private static final Pattern PATH = Pattern.compile("/detector/([^/?]+)/threatintelset/([^/?]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Threat intel set id to its detector's id. */
    private final Map<String, String> sets = new HashMap<>();
    private final Map<String, Integer> activations = new HashMap<>();

    FakeGuardDuty(String region) throws IOException {
        super("guardduty", region);
    }

    synchronized void create(String detectorId, String threatIntelSetId) {
        sets.put(threatIntelSetId, detectorId);
    }

    /** How many times the set was activated. */
    synchronized int activations(String threatIntelSetId) {
        return activations.getOrDefault(threatIntelSetId, 0);
    }

    static Answer error(int status, String type, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("message", message);
        body.put("__type", type);
        return new Answer(status, CONTENT_TYPE, body.toString());
    }

    @Override
    public String action(Request request) {
        return PATH.matcher(request.pathAndQuery()).matches() ? "UpdateThreatIntelSet" : "";
    }

    @Override
    public Answer badSignature() {
        return error(403, "InvalidSignatureException", "The request signature we calculated does not match the "
                + "signature you provided.");
    }

    @Override
    public Answer answer(Request request) {
        Matcher path = PATH.matcher(request.pathAndQuery());
        if (!request.method().equals("POST") || !path.matches()
                || !CONTENT_TYPE.equals(request.header("Content-Type"))) {
            return error(400, "BadRequestException", "Not a JSON POST to /detector/{detectorId}/threatintelset/"
                    + "{threatIntelSetId}.");
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (IOException e) {
            return error(400, "BadRequestException", "Malformed JSON.");
        }
        if (!path.group(1).equals(sets.get(path.group(2)))) {
            return error(400, "BadRequestException", "The request is rejected because the input detectorId is not "
                    + "owned by the current account.");
        }
        if (body.path("activate").asBoolean(false)) {
            activations.merge(path.group(2), 1, Integer::sum);
        }
        return new Answer(200, CONTENT_TYPE, "{}");
    }
}
