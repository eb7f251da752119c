package io.flowsight.notify.receiver;

import io.flowsight.aws.signing.AwsRegion;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ARN of an Amazon SNS topic, {@code arn:<partition>:sns:<region>:<account>:<name>}. The region in it is where
 * the topic lives, so it is also where Publish is sent and what the request is signed for.
 */
public record SnsTopicArn(String partition, AwsRegion region, String accountId, String topicName) {
    /** A topic name is 1 to 256 letters, digits, hyphens and underscores; a FIFO topic's ends in ".fifo". */
    private static final Pattern ARN = Pattern.compile(
            "arn:(aws[a-z-]*):sns:([a-z0-9-]+):(\\d{12}):([A-Za-z0-9_-]{1,251}\\.fifo|[A-Za-z0-9_-]{1,256})");
    static final String EXAMPLE = "arn:aws:sns:eu-west-1:123456789012:flowsight-alerts";

    public SnsTopicArn {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(topicName, "topicName");
    }

    /**
     * @throws IllegalArgumentException with a clause for the configuration's error message, when {@code text} is not
     *         the ARN of an SNS topic
     */
    public static SnsTopicArn parse(String text) {
        Matcher arn = ARN.matcher(text.strip());
        if (!arn.matches()) {
            throw new IllegalArgumentException("is not an SNS topic ARN: write it like " + EXAMPLE);
        }
        AwsRegion region;
        try {
            region = AwsRegion.of(arn.group(2));
        } catch (IllegalArgumentException notARegion) {
            throw new IllegalArgumentException("does not name an AWS region after sns: (\"" + arn.group(2)
                    + "\"): write it like " + EXAMPLE);
        }
        if (!region.partition().equals(arn.group(1))) {
            throw new IllegalArgumentException("puts region " + region + " in partition " + arn.group(1) + ", but "
                    + region + " is in " + region.partition() + ": copy the ARN from the topic's page in the console");
        }
        return new SnsTopicArn(arn.group(1), region, arn.group(3), arn.group(4));
    }

    /** FIFO topics need a message group and de-duplication id on every Publish. */
    public boolean isFifo() {
        return topicName.endsWith(".fifo");
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":sns:" + region + ":" + accountId + ":" + topicName;
    }
}
