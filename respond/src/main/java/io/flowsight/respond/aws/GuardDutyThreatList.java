package io.flowsight.respond.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowsight.respond.file.BlocklistFileFormat;
import io.flowsight.respond.file.S3BlocklistTarget;
import io.flowsight.respond.policy.CidrBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One pass over a GuardDuty threat list: the wanted addresses are rendered as GuardDuty's TXT list (the newest
 * {@link BlocklistFileFormat#GUARDDUTY_MAX_ENTRIES} of them, in address order so that the same addresses always make
 * the same object), the S3 object is read and replaced when it differs, and the threat intel set is activated again
 * with {@code UpdateThreatIntelSet} when the object was written or when this process has not yet activated the
 * content it holds: GuardDuty reads a changed list only once its set is activated again, so after a restart it is
 * activated once, and an activation GuardDuty refused is tried again at the next pass.
 *
 * <p>The call follows GuardDuty's REST-JSON protocol: a POST to {@code /detector/{detectorId}/threatintelset/
 * {threatIntelSetId}}, {@code Content-Type: application/json}, the body {@code {"activate":true}}, signed for the
 * {@code guardduty} service.
 */
final class GuardDutyThreatList {
    static final String CONTENT_TYPE = "application/json";
    private static final Logger LOG = LoggerFactory.getLogger(GuardDutyThreatList.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** GuardDuty's errors; its throttling answers are HTTP 429, which the client retries by its status anyway. */
    static final AwsApiClient.Protocol PROTOCOL = new AwsJsonProtocol(Set.of("TooManyRequestsException",
            "ThrottlingException", "Throttling"));

    private final GuardDutyThreatListTargetConfig config;
    private final S3BlocklistTarget object;
    private final AwsApiClient client;
    /** The list this process last activated; none after a start. Passes never overlap, so no lock guards it. */
    private byte[] activated;

    GuardDutyThreatList(GuardDutyThreatListTargetConfig config, S3BlocklistTarget object, AwsApiClient client) {
        this.config = config;
        this.object = object;
        this.client = client;
    }

    /**
     * @param wanted both families, oldest first, without duplicates
     * @throws AwsTargetException when the object cannot be read or written, or the set not activated; a written
     *         object whose activation failed is activated at the next pass
     */
    List<AppliedChange> reconcile(List<CidrBlock> wanted) throws InterruptedException {
        List<CidrBlock> kept = wanted;
        List<String> leftOut = List.of();
        int over = wanted.size() - BlocklistFileFormat.GUARDDUTY_MAX_ENTRIES;
        if (over > 0) {
            leftOut = wanted.subList(0, over).stream().map(CidrBlock::cidrNotation).toList();
            kept = wanted.subList(over, wanted.size());
            LOG.warn("GuardDuty target {}: {} addresses are wanted but GuardDuty reads at most {} from a threat list; "
                    + "the {} oldest are left out", config.name(), wanted.size(),
                    BlocklistFileFormat.GUARDDUTY_MAX_ENTRIES, over);
        }
        List<CidrBlock> listed = kept.stream().sorted().toList();
        byte[] content = BlocklistFileFormat.lines(listed).getBytes(StandardCharsets.UTF_8);
        Optional<byte[]> held = read();
        boolean written = held.isEmpty() || !Arrays.equals(held.get(), content);
        if (written) {
            write(content);
        }
        if (written || !Arrays.equals(activated, content)) {
            activate();
            activated = content;
        }
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        Set<CidrBlock> heldEntries = new HashSet<>();
        Set<CidrBlock> listedEntries = new HashSet<>(listed);
        String heldText = held.map(bytes -> new String(bytes, StandardCharsets.UTF_8)).orElse("");
        for (String line : heldText.lines().filter(line -> !line.isBlank()).toList()) {
            Optional<CidrBlock> entry = CidrBlock.tryParse(line.strip());
            if (entry.isPresent() && listedEntries.contains(entry.get()) && heldEntries.add(entry.get())) {
                continue;
            }
            removed.add(line.strip());
        }
        listed.stream().filter(c -> !heldEntries.contains(c)).map(CidrBlock::cidrNotation).forEach(added::add);
        return List.of(new AppliedChange(config.describe(), added, removed, leftOut));
    }

    private Optional<byte[]> read() {
        try {
            return object.read();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private void write(byte[] content) {
        try {
            object.write(content);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** The SDK retried already; whether a later pass may succeed is its call too. */
    private static AwsTargetException failed(IOException e) {
        boolean retriable = e.getCause() instanceof SdkException sdk && sdk.retryable();
        return new AwsTargetException(e.getMessage(), retriable, null, 0, e);
    }

    private void activate() throws InterruptedException {
        ObjectNode request = JSON.createObjectNode();
        request.put("activate", true);
        try {
            client.post("UpdateThreatIntelSet", config.threatIntelSetPath(), Map.of("Content-Type", CONTENT_TYPE),
                    request.toString());
        } catch (AwsTargetException e) {
            throw explained(e);
        }
        LOG.info("GuardDuty target {}: {} activated, so that GuardDuty reads the list as it is now", config.name(),
                config.describe());
    }

    /** Access denied is said with the permissions it takes; the rest as the client said it. */
    private AwsTargetException explained(AwsTargetException e) {
        String code = e.errorCode().orElse("");
        if (e.retriable() || !(code.equals("AccessDeniedException") || code.equals("UnrecognizedClientException")
                || code.equals("InvalidSignatureException") || e.status().orElse(0) == 403)) {
            return e;
        }
        return new AwsTargetException("Amazon GuardDuty denied UpdateThreatIntelSet on " + config.describe() + " ("
                + code + "): the credentials' principal needs guardduty:UpdateThreatIntelSet on the detector and "
                + "iam:PutRolePolicy on the role AWSServiceRoleForAmazonGuardDuty.", false, code,
                e.status().orElse(0), e);
    }
}
