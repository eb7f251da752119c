package io.flowsight.aws.signing;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Signs a POST to an AWS API with Signature Version 4, by the SDK's own signer: the {@code Authorization},
 * {@code X-Amz-Date} and {@code x-amz-content-sha256} headers (and {@code X-Amz-Security-Token} for session
 * credentials) over the method, path, the caller's headers, {@code Host} and the SHA-256 of the body.
 *
 * <p>For callers that build a service's requests from its documented wire protocol (Query, JSON 1.1, REST-JSON)
 * because the service's SDK module is not available to them: the signed request is returned as the headers to send
 * with the same body bytes (UTF-8). {@code Host} is not among them: the JDK's HTTP client does not let a caller set it
 * and writes it itself from the URL, exactly as the signer computed it (the host, and the port unless it is the
 * scheme's default).
 */
public final class AwsSigV4 {
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private AwsSigV4() {
    }

    /**
     * @param headers the headers to send and sign besides the ones the signer adds, e.g. {@code Content-Type} and,
     *        for JSON 1.1 services, {@code X-Amz-Target}
     * @param signingName the service's name in the credential scope: {@code sns}, {@code wafv2}, {@code ec2}
     * @param at the attempt's time: the signature is valid for 15 minutes around it
     */
    public static SignedPost signedPost(URI uri, Map<String, String> headers, String body, String signingName,
                                        AwsRegion region, AwsCredentialsIdentity credentials, Instant at) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(body, "body");
        SdkHttpRequest.Builder builder = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri);
        headers.forEach(builder::putHeader);
        SdkHttpRequest request = builder.build();
        SignedRequest signed = SIGNER.sign(sign -> sign
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body.getBytes(StandardCharsets.UTF_8)))
                .identity(credentials)
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.name())
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));

        Map<String, String> sent = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            if (!header.getKey().equalsIgnoreCase("Host")) {
                sent.put(header.getKey(), String.join(",", header.getValue()));
            }
        }
        return new SignedPost(uri, sent, body);
    }

    /** A POST whose only header of the caller's is {@code Content-Type}, as Query and REST-JSON APIs need. */
    public static SignedPost signedPost(URI uri, String contentType, String body, String signingName,
                                        AwsRegion region, AwsCredentialsIdentity credentials, Instant at) {
        return signedPost(uri, Map.of("Content-Type", contentType), body, signingName, region, credentials, at);
    }
}
