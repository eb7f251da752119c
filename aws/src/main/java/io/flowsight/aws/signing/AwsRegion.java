package io.flowsight.aws.signing;

import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An AWS region, and the partition it belongs to ({@code aws}, {@code aws-cn}, {@code aws-us-gov}, ...), which decides
 * the DNS suffix of its endpoints and the first field of its ARNs. The partition comes from the SDK's own region
 * table, so a region newer than this build still lands in the right partition by its name.
 */
public record AwsRegion(String name) {
    /** e.g. eu-west-1, us-gov-west-1, cn-north-1, ap-southeast-4, us-isob-east-1. */
    private static final Pattern NAME = Pattern.compile("[a-z]{2,4}(-[a-z]+)+-\\d{1,2}");

    public AwsRegion {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("is not an AWS region name: write it like eu-west-1");
        }
    }

    /**
     * @throws IllegalArgumentException with a clause for the configuration's error message, when {@code text} is not
     *         shaped like a region name
     */
    public static AwsRegion of(String text) {
        return new AwsRegion(text);
    }

    public String partition() {
        return metadata().id();
    }

    /** The default endpoint of {@code service} in this region, e.g. {@code https://sns.eu-west-1.amazonaws.com}. */
    public URI endpoint(String service) {
        return URI.create("https://" + service + "." + name + "." + metadata().dnsSuffix());
    }

    private PartitionMetadata metadata() {
        return PartitionMetadata.of(Region.of(name));
    }

    @Override
    public String toString() {
        return name;
    }
}
