package io.flowsight.notify.receiver;

import io.flowsight.notify.OutboundRequest;
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

/**
 * Signs a receiver's POST with AWS Signature Version 4, by the SDK's own signer: the {@code Authorization},
 * {@code X-Amz-Date} and {@code x-amz-content-sha256} headers (and {@code X-Amz-Security-Token} for session
 * credentials) over the method, path, {@code Content-Type}, {@code Host} and the SHA-256 of the body.
 *
 * <p>The signed request is handed to {@link io.flowsight.notify.HttpTransport} as an {@link OutboundRequest}, which
 * sends the same body bytes (UTF-8) and every header but {@code Host}: the JDK client does not let a caller set it
 * and writes it itself from the URL, exactly as the signer computed it (the host, and the port unless it is the
 * scheme's default).
 */
final class AwsSigV4 {
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private AwsSigV4() {
    }

    /**
     * @param signingName the service's name in the credential scope: {@code sns}, {@code securityhub}
     * @param at the attempt's time: the signature is valid for 15 minutes around it
     */
    static OutboundRequest signedPost(URI uri, String contentType, String body, String signingName, AwsRegion region,
                                      AwsCredentialsIdentity credentials, Instant at) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(uri)
                .putHeader("Content-Type", contentType)
                .build();
        SignedRequest signed = SIGNER.sign(sign -> sign
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body.getBytes(StandardCharsets.UTF_8)))
                .identity(credentials)
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.name())
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));

        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            if (!header.getKey().equalsIgnoreCase("Host")) {
                headers.put(header.getKey(), String.join(",", header.getValue()));
            }
        }
        return new OutboundRequest(uri, headers, body);
    }
}
