package io.flowsight.aws.signing;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where a caller of an AWS API (a notification destination, a blocklist target) gets the credentials it signs with:
 * the SDK's default provider chain (environment, profile, web identity, container and instance roles), static keys
 * from the configuration's environment references, or any SDK provider. They are resolved for every attempt, never
 * kept here, so credentials that expire (roles, sessions) are refreshed by their provider; {@link #toString} shows
 * where they come from, never what they are.
 */
public final class AwsCredentialsSource {
    private final String description;
    /** What makes two sources the same: the kind and, for static keys, the keys. Never shown. */
    private final Object identity;
    private final Supplier<AwsCredentialsProvider> provider;
    private volatile AwsCredentialsProvider resolved;

    private AwsCredentialsSource(String description, Object identity, Supplier<AwsCredentialsProvider> provider) {
        this.description = description;
        this.identity = identity;
        this.provider = provider;
    }

    /** The SDK's default chain, the right choice on AWS (roles) and with {@code AWS_PROFILE} or the environment. */
    public static AwsCredentialsSource defaultChain() {
        // Built on first use: reading a configuration never touches the environment, a profile or a metadata service.
        return new AwsCredentialsSource("the AWS default credentials chain", "default-chain",
                () -> DefaultCredentialsProvider.builder().build());
    }

    /**
     * One long-lived access key pair, e.g. of an IAM user in an account without roles, or of a test server. The keys
     * are read from the configuration's environment references by the caller; this source never shows them.
     */
    public static AwsCredentialsSource staticKeys(String accessKeyId, String secretAccessKey) {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        return new AwsCredentialsSource("static AWS access keys", new StaticKeys(accessKeyId, secretAccessKey),
                () -> StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)));
    }

    /** Any SDK provider, e.g. one that assumes a role; asked again for every attempt. */
    public static AwsCredentialsSource of(AwsCredentialsProvider provider, String description) {
        Objects.requireNonNull(provider, "provider");
        return new AwsCredentialsSource(Objects.requireNonNull(description, "description"), provider,
                () -> provider);
    }

    /**
     * The credentials to sign one attempt with.
     *
     * @throws AwsCredentialsUnavailableException when the provider cannot give any now (no credentials configured, a
     *         metadata service that does not answer); callers retry the attempt
     */
    public AwsCredentialsIdentity resolve() {
        try {
            return provider().resolveCredentials();
        } catch (SdkException e) {
            // A clause: the sender ends the sentence it goes into.
            String reason = Optional.ofNullable(e.getMessage()).map(String::strip).orElse(e.getClass().getSimpleName());
            throw new AwsCredentialsUnavailableException("cannot get AWS credentials from " + description + ": "
                    + (reason.endsWith(".") ? reason.substring(0, reason.length() - 1) : reason), e);
        }
    }

    private AwsCredentialsProvider provider() {
        AwsCredentialsProvider current = resolved;
        if (current == null) {
            synchronized (this) {
                if (resolved == null) {
                    resolved = provider.get();
                }
                current = resolved;
            }
        }
        return current;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AwsCredentialsSource source && identity.equals(source.identity);
    }

    @Override
    public int hashCode() {
        return identity.hashCode();
    }

    @Override
    public String toString() {
        return description;
    }

    /** Equal when both keys are; its own toString never runs, as nothing shows the identity. */
    private record StaticKeys(String accessKeyId, String secretAccessKey) {
        @Override
        public String toString() {
            return "StaticKeys(hidden)";
        }
    }
}
