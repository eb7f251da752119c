package io.flowsight.notify.receiver;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The symmetric key of a Standard Webhooks destination, and the {@code v1} signature it makes: HMAC-SHA256 over
 * {@code {webhook-id}.{webhook-timestamp}.{body}}, base64-encoded. The secret is written as the specification serialises
 * it, {@code whsec_} followed by the base64 of 24 to 64 random bytes, so receivers can paste the same string into any
 * Standard Webhooks library.
 */
public final class WebhookSigningKey {
    public static final String PREFIX = "whsec_";
    static final int MIN_BYTES = 24;
    static final int MAX_BYTES = 64;

    private final byte[] key;

    private WebhookSigningKey(byte[] key) {
        this.key = key;
    }

    /**
     * @throws IllegalArgumentException with a clause saying what is wrong and how to write it instead, for the
     *         configuration's error message; it never quotes the secret
     */
    public static WebhookSigningKey parse(String secret) {
        if (!secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("does not start with " + PREFIX + ": write a Standard Webhooks secret, "
                    + PREFIX + " followed by the base64 of the key");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("is not base64 after " + PREFIX + ": write " + PREFIX
                    + " followed by the standard base64 of the key, e.g. the output of `openssl rand -base64 32`");
        }
        if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
            throw new IllegalArgumentException("holds a key of " + key.length + " bytes: use " + MIN_BYTES + " to "
                    + MAX_BYTES + " random bytes, e.g. `openssl rand -base64 32`");
        }
        return new WebhookSigningKey(key);
    }

    /** The {@code webhook-signature} header value: {@code v1,} and the base64 HMAC-SHA256 of the signed content. */
    public String sign(String webhookId, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((webhookId + "." + timestampSeconds + "." + body)
                    .getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookSigningKey that && Arrays.equals(key, that.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "WebhookSigningKey(" + key.length + " bytes, hidden)";
    }
}
