package io.flowsight.ingest.s3;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** One sentence for an S3 failure a user can act on, instead of the SDK's stack trace. */
public final class S3Errors {
    private S3Errors() {
    }

    public static String describe(SdkException e) {
        if (e instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            return switch (s3.statusCode()) {
                case 403 -> "access denied (" + code + "): the credentials in use need s3:ListBucket and "
                        + "s3:GetObject on it.";
                case 404 -> "not found (" + code + "): check the bucket name and the key.";
                case 412 -> "the object changed while it was being read; run again to read the new content.";
                default -> code + " (HTTP " + s3.statusCode() + "): " + s3.awsErrorDetails().errorMessage();
            };
        }
        if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("credentials")) {
            return "no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run "
                    + "with an instance or container role; for an S3-compatible store set "
                    + S3ClientConfig.ACCESS_KEY_CONFIG + " and " + S3ClientConfig.SECRET_KEY_CONFIG + ".";
        }
        if (e instanceof SdkClientException) {
            return "S3 is not reachable (" + e.getMessage() + "); check the network, the region and "
                    + S3ClientConfig.ENDPOINT_CONFIG + ".";
        }
        return e.getMessage();
    }
}
