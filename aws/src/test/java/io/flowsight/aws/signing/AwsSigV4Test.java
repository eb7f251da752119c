package io.flowsight.aws.signing;

import io.flowsight.testsupport.SigV4Verifier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The SDK's signer as FlowSight calls it, each signature checked by the tests' own SigV4 implementation. */
class AwsSigV4Test {
    /** AWS's documentation example key pair: fake, and never valid. */
    private static final String ACCESS_KEY_ID = "AKIDEXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Instant AT = Instant.parse("2026-03-02T10:01:05Z");
    private static final AwsRegion REGION = AwsRegion.of("eu-west-1");

    /** The request as a server gets it: the signed headers, plus the Host the HTTP client writes from the URL. */
    record Arrived(String method, String pathAndQuery, Map<String, String> headers, String body)
            implements SigV4Verifier.Received {
        static Arrived from(SignedPost post) {
            Map<String, String> headers = new LinkedHashMap<>();
            post.headers().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
            URI uri = post.uri();
            headers.put("host", uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return new Arrived("POST", uri.getRawPath() + query, headers, post.body());
        }

        @Override
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void aQueryPostIsSignedOverItsContentTypeHostDateAndBody() {
        String body = "Action=DescribeNetworkAcls&Version=2016-11-15&NetworkAclId.1=acl-0123456789abcdef0";
        SignedPost post = AwsSigV4.signedPost(URI.create("https://ec2.eu-west-1.amazonaws.com/"),
                "application/x-www-form-urlencoded; charset=utf-8", body, "ec2", REGION,
                AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET), AT);

        assertThat(post.body()).isEqualTo(body);
        assertThat(post.headers()).containsEntry("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .containsEntry("X-Amz-Date", "20260302T100105Z")
                .containsEntry("x-amz-content-sha256", SigV4Verifier.hex(SigV4Verifier.sha256(body)))
                .doesNotContainKey("Host").doesNotContainKey("X-Amz-Security-Token");
        assertThat(post.headers().get("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260302/"
                + "eu-west-1/ec2/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, "
                + "Signature=");
        assertThat(SigV4Verifier.verify(Arrived.from(post), SECRET)).isTrue();
        assertThat(SigV4Verifier.verify(Arrived.from(post), "another-secret")).isFalse();
    }

    @Test
    void theCallersOtherHeadersAreSignedTooAsJsonServicesNeedForTheirTarget() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-amz-json-1.1");
        headers.put("X-Amz-Target", "AWSWAF_20190729.GetIPSet");
        String body = "{\"Name\":\"blocked-v4\",\"Scope\":\"REGIONAL\","
                + "\"Id\":\"a1b2c3d4-5678-90ab-cdef-EXAMPLE11111\"}";
        SignedPost post = AwsSigV4.signedPost(URI.create("http://127.0.0.1:8443/"), headers, body, "wafv2", REGION,
                AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET), AT);

        assertThat(post.headers()).containsEntry("X-Amz-Target", "AWSWAF_20190729.GetIPSet");
        assertThat(post.headers().get("Authorization")).contains("/eu-west-1/wafv2/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target, Signature=");
        // The port is part of the signed Host, as the JDK client sends it for a non-default port.
        assertThat(SigV4Verifier.verify(Arrived.from(post), SECRET)).isTrue();
        Arrived otherTarget = Arrived.from(post);
        otherTarget.headers().put("x-amz-target", "AWSWAF_20190729.UpdateIPSet");
        assertThat(SigV4Verifier.verify(otherTarget, SECRET)).isFalse();
    }

    @Test
    void sessionCredentialsSendAndSignTheirToken() {
        SignedPost post = AwsSigV4.signedPost(URI.create("https://sns.eu-west-1.amazonaws.com/"),
                "application/x-www-form-urlencoded; charset=utf-8", "Action=Publish", "sns", REGION,
                AwsSessionCredentials.create("ASIAEXAMPLE", SECRET, "session-token"), AT);

        assertThat(post.headers()).containsEntry("X-Amz-Security-Token", "session-token");
        assertThat(post.headers().get("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20260302/"
                + "eu-west-1/sns/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;"
                + "x-amz-security-token, Signature=");
        assertThat(SigV4Verifier.verify(Arrived.from(post), SECRET)).isTrue();
    }

    @Test
    void theSameRequestAtTheSameTimeSignsTheSameAndAnotherTimeDifferently() {
        SignedPost once = AwsSigV4.signedPost(URI.create("https://sns.eu-west-1.amazonaws.com/"), "text/plain", "x",
                "sns", REGION, AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET), AT);
        SignedPost again = AwsSigV4.signedPost(URI.create("https://sns.eu-west-1.amazonaws.com/"), "text/plain", "x",
                "sns", REGION, AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET), AT);
        SignedPost later = AwsSigV4.signedPost(URI.create("https://sns.eu-west-1.amazonaws.com/"), "text/plain", "x",
                "sns", REGION, AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET), AT.plusSeconds(1));

        assertThat(again).isEqualTo(once);
        assertThat(later.headers().get("X-Amz-Date")).isEqualTo("20260302T100106Z");
        assertThat(later.headers().get("Authorization")).isNotEqualTo(once.headers().get("Authorization"));
    }
}
