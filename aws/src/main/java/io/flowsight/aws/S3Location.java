package io.flowsight.aws;

import java.util.Locale;

/**
 * A bucket and a key prefix, as users write them: {@code s3://bucket/prefix}. An empty prefix is the whole bucket; a
 * prefix that names one object is a prefix of that object only (and of any object whose key extends it).
 */
public record S3Location(String bucket, String prefix) {
    private static final String SCHEME = "s3://";

    public S3Location {
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("An S3 location needs a bucket: s3://bucket/prefix.");
        }
    }

    /** Whether {@code text} is meant as an S3 location (starts with {@code s3://}, in any case). */
    public static boolean isS3(String text) {
        return text.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /**
     * @throws IllegalArgumentException with a sentence for the user, when {@code text} is not {@code s3://bucket[/prefix]}
     */
    public static S3Location parse(String text) {
        if (!isS3(text)) {
            throw new IllegalArgumentException("'" + text + "' is not an S3 location: write s3://bucket/prefix.");
        }
        String rest = text.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty() || !bucket.equals(bucket.toLowerCase(Locale.ROOT)) || bucket.contains(" ")) {
            throw new IllegalArgumentException("'" + text + "' does not name an S3 bucket: bucket names are lower "
                    + "case without spaces, as in s3://my-log-bucket/AWSLogs/.");
        }
        return new S3Location(bucket, prefix);
    }

    /** The location of one object in this bucket. */
    public S3Location object(String key) {
        return new S3Location(bucket, key);
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + prefix;
    }
}
