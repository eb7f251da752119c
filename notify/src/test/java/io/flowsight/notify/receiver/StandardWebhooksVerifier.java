package io.flowsight.notify.receiver;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * A receiver's check of a Standard Webhooks request, written from the specification for the tests, independently of
 * {@link WebhookSigningKey}: the signature must match one of the space-separated {@code v1,} entries, compared in
 * constant time, and the timestamp must be within five minutes of now.
 */
public final class StandardWebhooksVerifier {
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final byte[] key;

    public StandardWebhooksVerifier(String whsecSecret) {
        if (!whsecSecret.startsWith("whsec_")) {
            throw new IllegalArgumentException("not a whsec_ secret");
        }
        this.key = Base64.getDecoder().decode(whsecSecret.substring("whsec_".length()));
    }

    public boolean verify(String id, String timestamp, String signatureHeader, String body, Instant now) throws Exception {
        long seconds = Long.parseLong(timestamp);
        if (Duration.between(Instant.ofEpochSecond(seconds), now).abs().compareTo(TOLERANCE) > 0) {
            return false;
        }
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] expected = hmac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        for (String entry : signatureHeader.split(" ")) {
            int comma = entry.indexOf(',');
            if (comma > 0 && entry.substring(0, comma).equals("v1")
                    && MessageDigest.isEqual(expected, Base64.getDecoder().decode(entry.substring(comma + 1)))) {
                return true;
            }
        }
        return false;
    }
}
