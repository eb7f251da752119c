package io.flowsight.testsupport;

/**
 * The SQS message body S3 sends when an object is created, for tests that play S3's part (S3Proxy sends no
 * notifications).
 */
public final class S3EventNotification {
    private S3EventNotification() {
    }

    /**
     * @param key  the object key as S3 writes it in a notification: URL-encoded ({@code +} for a space)
     * @param eTag the object's ETag without quotes
     */
    public static String objectCreated(String bucket, String key, String eTag, long size) {
        return "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\","
                + "\"eventTime\":\"2026-11-22T12:05:31.123Z\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{"
                + "\"bucket\":{\"name\":\"" + bucket + "\"},\"object\":{\"key\":\"" + key + "\",\"size\":" + size
                + ",\"eTag\":\"" + eTag + "\"}}}]}";
    }
}
