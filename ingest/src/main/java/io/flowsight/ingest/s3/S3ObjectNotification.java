package io.flowsight.ingest.s3;

import java.time.Instant;
import java.util.Optional;

/**
 * One object that S3 reported created: bucket, decoded key, version id (where the bucket keeps versions) and ETag,
 * which {@link S3ObjectSource#of} turns into the identity a position is stored under; its size, and when S3 created
 * it.
 */
public record S3ObjectNotification(String bucket, String key, Optional<String> versionId, Optional<String> eTag,
                                   long size, Instant eventTime) {

}
