package io.flowsight.ingest.s3;

import io.flowsight.aws.AwsErrors;
import io.flowsight.ingest.LogType;
import io.flowsight.ingest.LogTypeDetection;
import io.flowsight.ingest.source.DecompressingInput;
import io.flowsight.ingest.source.Source;
import io.flowsight.ingest.source.SourcePosition;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * One S3 object, read as a stream. Its identity is bucket, key and ETag (the version id only where no ETag is known),
 * so an object overwritten with new content is a new source, while the same content found by a listing, a notification
 * or a replay of either finds its stored position. Reads name the version where it is known and are otherwise
 * conditional on the ETag: content that changed between the listing and the read fails loudly instead of mixing two
 * versions.
 */
public final class S3ObjectSource implements Source {
    private static final int HEAD_BYTES_FOR_TYPE = 64 * 1024;

    private final S3Client client;
    private final String bucket;
    private final String key;
    private final String eTag;
    private final String versionId;
    private final long size;
    private Boolean compressed;

    /**
     * @param eTag      the object's ETag, with or without the quotes S3 puts around it
     * @param versionId the version id, or null for a bucket without versioning
     */
    public S3ObjectSource(S3Client client, String bucket, String key, String eTag, String versionId, long size) {
        this.client = client;
        this.bucket = bucket;
        this.key = key;
        this.eTag = eTag == null ? null : eTag.replace("\"", "");
        this.versionId = versionId == null || versionId.equals("null") ? null : versionId;
        this.size = size;
    }

    /** The object a notification announced. */
    public static S3ObjectSource of(S3Client client, S3ObjectNotification notification) {
        return new S3ObjectSource(client, notification.bucket(), notification.key(),
                notification.eTag().orElse(null), notification.versionId().orElse(null), notification.size());
    }

    public String bucket() {
        return bucket;
    }

    public String key() {
        return key;
    }

    public long size() {
        return size;
    }

    @Override
    public String id() {
        String object = "s3:" + bucket + "/" + key;
        if (eTag != null) {
            return object + "#" + eTag;
        }
        return versionId != null ? object + "?versionId=" + versionId : object;
    }

    @Override
    public String name() {
        return "s3://" + bucket + "/" + key;
    }

    @Override
    public boolean resumable() {
        return true;
    }

    /** The identity already pins the content, so any position stored under it is for this content. */
    @Override
    public boolean sameContentAs(SourcePosition position) {
        return true;
    }

    @Override
    public InputStream open(long offset) throws IOException {
        return DecompressingInput.openAt(get(null), offset);
    }

    /**
     * The log type its AWS object name tells, else its first lines (read with one ranged GET of its head); empty when
     * neither tells.
     */
    public Optional<LogType> logType() throws IOException {
        Optional<LogType> byName = LogTypeDetection.fromObjectName(key);
        if (byName.isPresent()) {
            return byName;
        }
        try (InputStream head = openHead(HEAD_BYTES_FOR_TYPE)) {
            return LogTypeDetection.fromContent(head);
        } catch (EOFException cutShort) {
            return Optional.empty(); // the head ends inside a gzip block before its first line does
        }
    }

    /** The first bytes of the raw (possibly compressed) content, for telling its type or compression. */
    public InputStream openHead(int bytes) throws IOException {
        return size == 0 ? InputStream.nullInputStream() : get("bytes=0-" + (Math.min(bytes, size) - 1));
    }

    @Override
    public boolean compressed() throws IOException {
        if (compressed == null) {
            try (InputStream head = openHead(2)) {
                compressed = head.read() == 0x1f && head.read() == 0x8b;
            }
        }
        return compressed;
    }

    @Override
    public Fingerprint fingerprint() {
        return Fingerprint.NONE;
    }

    private InputStream get(String range) throws IOException {
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(key).range(range);
        if (versionId != null) {
            request.versionId(versionId);
        } else if (eTag != null) {
            request.ifMatch(eTag);
        }
        try {
            return client.getObject(request.build());
        } catch (SdkException e) {
            throw new IOException("Cannot read " + name() + ": " + AwsErrors.describe(e), e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
