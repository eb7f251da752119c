package io.flowsight.respond.aws;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Errors as AWS's JSON protocols spell them: JSON 1.1 (WAF) and REST-JSON (GuardDuty). */
class AwsJsonProtocolTest {
    private final AwsJsonProtocol protocol = new AwsJsonProtocol(Set.of("ThrottlingException"));

    @Test
    void theHeadersTypeWithoutItsSuffixAndTheBodysLowerCaseMessage() {
        AwsApiClient.AwsError error = protocol.error(400, Map.of("X-Amzn-ErrorType",
                List.of("BadRequestException:http://internal.amazon.com/coral/com.amazonaws.guardduty/")),
                "{\"message\": \"The request is rejected because the threat intel set is activating.\"}");

        assertThat(error).isEqualTo(new AwsApiClient.AwsError("BadRequestException",
                "The request is rejected because the threat intel set is activating."));
    }

    @Test
    void theBodysNamespacedTypeAndCapitalisedMessageWithoutTheHeader() {
        AwsApiClient.AwsError error = protocol.error(400, Map.of(),
                "{\"__type\": \"com.amazonaws.wafv2#WAFOptimisticLockException\", \"Message\": \"Changed.\"}");

        assertThat(error).isEqualTo(new AwsApiClient.AwsError("WAFOptimisticLockException", "Changed."));
    }

    @Test
    void anAnswerThatIsNotJsonHasNeitherCodeNorMessage() {
        assertThat(protocol.error(502, Map.of(), "<html>Bad Gateway</html>"))
                .isEqualTo(new AwsApiClient.AwsError("", ""));
    }

    @Test
    void throttlingIsTheServicesOwnCodes() {
        assertThat(protocol.throttled("ThrottlingException")).isTrue();
        assertThat(protocol.throttled("BadRequestException")).isFalse();
    }
}
