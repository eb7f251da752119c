package io.flowsight.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** One sentence for an S3 or SQS failure a user can act on, instead of the SDK's stack trace. */
public final class AwsErrors {
    private AwsErrors() {
    }

    public static String describe(SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? "no error code"
                    : String.valueOf(service.awsErrorDetails().errorCode());
            if (code.contains("NonExistentQueue") || code.contains("QueueDoesNotExist")) {
                return "the queue does not exist (" + code + "): check the queue URL and the region.";
            }
            return switch (service.statusCode()) {
                case 403 -> "access denied (" + code + "): the credentials in use lack a permission this needs "
                        + "(the README lists them per command).";
                case 404 -> "not found (" + code + "): check the bucket name and the key.";
                case 412 -> "the object changed while it was being read; run again to read the new content.";
                default -> code + " (HTTP " + service.statusCode() + "): "
                        + (service.awsErrorDetails() == null ? service.getMessage()
                        : service.awsErrorDetails().errorMessage());
            };
        }
        if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("credentials")) {
            return "no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run "
                    + "with an instance or container role; for an S3- or SQS-compatible server set "
                    + AwsClientConfig.ACCESS_KEY_CONFIG + " and " + AwsClientConfig.SECRET_KEY_CONFIG + ".";
        }
        if (e instanceof SdkClientException) {
            return "AWS is not reachable (" + e.getMessage() + "); check the network, the region, and "
                    + AwsClientConfig.S3_ENDPOINT_CONFIG + " or " + AwsClientConfig.SQS_ENDPOINT_CONFIG + " if set.";
        }
        return e.getMessage();
    }
}
