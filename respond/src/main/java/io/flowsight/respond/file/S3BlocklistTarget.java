package io.flowsight.respond.file;

import io.flowsight.aws.AwsErrors;
import io.flowsight.aws.S3Location;
import io.flowsight.respond.policy.BlockedAddress;
import io.flowsight.respond.policy.BlocklistTarget;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The blocklist as one S3 object, e.g. the GuardDuty threat list GuardDuty reads from a bucket. A PUT replaces an
 * object whole, so readers see the old list or the new one, as with {@link FileBlocklistTarget}. The target does not
 * own the client: the caller closes it.
 */
public final class S3BlocklistTarget implements BlocklistTarget {
    private final S3Client s3;
    private final S3Location object;
    private final BlocklistFileFormat format;

    /**
     * @param object {@code s3://bucket/key} of the object to write, e.g. from {@link S3Location#parse}
     * @throws IllegalArgumentException when {@code object} names a bucket without a key, or a key ending in "/"
     */
    public S3BlocklistTarget(S3Client s3, S3Location object, BlocklistFileFormat format) {
        if (object.prefix().isEmpty() || object.prefix().endsWith("/")) {
            throw new IllegalArgumentException(object + " names no object to write the blocklist to; give the key, "
                    + "e.g. s3://" + object.bucket() + "/flowsight/blocklist.txt.");
        }
        this.s3 = s3;
        this.object = object;
        this.format = format;
    }

    @Override
    public String name() {
        return format.label() + " " + object;
    }

    @Override
    public void apply(List<BlockedAddress> current) throws IOException {
        write(format.content(current, name()));
    }

    /**
     * The object's content as it is now, for a target that writes only what changed; empty when there is no object.
     *
     * @throws IOException with a sentence a person can act on, when the object cannot be read; its cause is the
     *         SDK's exception, whose {@link SdkException#retryable()} says whether reading again may succeed
     */
    public Optional<byte[]> read() throws IOException {
        try {
            return Optional.of(s3.getObjectAsBytes(request -> request.bucket(object.bucket()).key(object.prefix()))
                    .asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new IOException("Cannot read " + name() + ": " + AwsErrors.describe(e), e);
        }
    }

    /**
     * Replaces the object with {@code content}, in this target's format (its Content-Type is set).
     *
     * @throws IOException as {@link #read()} does
     */
    public void write(byte[] content) throws IOException {
        try {
            s3.putObject(request -> request.bucket(object.bucket()).key(object.prefix())
                    .contentType(format.contentType()), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw new IOException("Cannot write " + name() + ": " + AwsErrors.describe(e), e);
        }
    }
}
