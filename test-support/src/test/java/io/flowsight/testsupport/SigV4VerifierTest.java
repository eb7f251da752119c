package io.flowsight.testsupport;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The tests' own SigV4 check, held to the signed request AWS publishes as an example. */
class SigV4VerifierTest {
    /** A request as a server received it; header names lower-cased. */
    record Request(String method, String pathAndQuery, Map<String, String> headers, String body)
            implements SigV4Verifier.Received {
        @Override
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** AWS's documentation example: IAM ListUsers POSTed as a form, signed with AWS's example key pair. */
    private static final String EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Request EXAMPLE = new Request("POST", "/", Map.of(
            "authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20110909/us-east-1/iam/aws4_request, "
                    + "SignedHeaders=content-type;host;x-amz-date, "
                    + "Signature=ced6826de92d2bdeed8f846f0bf508e8559e98e4b0199114b84c54174deb456c",
            "host", "iam.amazonaws.com",
            "content-type", "application/x-www-form-urlencoded; charset=utf-8",
            "x-amz-date", "20110909T233600Z"),
            "Action=ListUsers&Version=2010-05-08");

    @Test
    void awsPublishedExampleVerifies() {
        assertThat(SigV4Verifier.verify(EXAMPLE, EXAMPLE_SECRET)).isTrue();
    }

    @Test
    void anyChangeToTheSignedRequestOrTheKeyFailsIt() {
        assertThat(SigV4Verifier.verify(EXAMPLE, EXAMPLE_SECRET.replace('w', 'W'))).isFalse();
        assertThat(SigV4Verifier.verify(new Request("POST", "/", EXAMPLE.headers(),
                "Action=ListUsers&Version=2010-05-09"), EXAMPLE_SECRET)).isFalse();
        assertThat(SigV4Verifier.verify(new Request("PUT", "/", EXAMPLE.headers(), EXAMPLE.body()),
                EXAMPLE_SECRET)).isFalse();
        assertThat(SigV4Verifier.verify(new Request("POST", "/users", EXAMPLE.headers(), EXAMPLE.body()),
                EXAMPLE_SECRET)).isFalse();
        Map<String, String> otherHost = new TreeMap<>(EXAMPLE.headers());
        otherHost.put("host", "iam.example.com");
        assertThat(SigV4Verifier.verify(new Request("POST", "/", otherHost, EXAMPLE.body()), EXAMPLE_SECRET))
                .isFalse();
    }

    @Test
    void theAuthorizationHeaderIsTakenApart() {
        SigV4Verifier.Authorization authorization = SigV4Verifier.Authorization.parse(EXAMPLE.header("Authorization"));

        assertThat(authorization).isEqualTo(new SigV4Verifier.Authorization("AKIDEXAMPLE", "20110909", "us-east-1",
                "iam", List.of("content-type", "host", "x-amz-date"),
                "ced6826de92d2bdeed8f846f0bf508e8559e98e4b0199114b84c54174deb456c"));
    }
}
