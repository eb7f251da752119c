package io.flowsight.ingest.s3;

import java.time.Instant;
import java.util.Optional;

/**
 * One object that S3 reported created: the identity an ingester keys its position by (bucket, key and, where the
 * bucket has versioning, the version id; else the ETag), its size, and when S3 created it. The key is decoded.
 */
public record S3ObjectNotification(String bucket, String key, Optional<String> versionId, Optional<String> eTag,
                                   long size, Instant eventTime) {

    /** The object's identity: a replayed notification for the same object version gives the same id. */
    public String objectId() {
        return "s3://" + bucket + "/" + key + versionId.map(v -> "?versionId=" + v)
                .orElse(eTag.map(e -> "#etag=" + e).orElse(""));
    }
}
