package io.flowsight.app.demo;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/** One minute of CloudTrail management events for the demo account, written into a {@code Records} array. */
final class CloudTrailDemo {
    private static final List<String> READS = List.of("ec2.amazonaws.com:DescribeInstances",
            "s3.amazonaws.com:ListBuckets", "iam.amazonaws.com:GetUser", "sts.amazonaws.com:GetCallerIdentity",
            "cloudwatch.amazonaws.com:DescribeAlarms");
    private static final List<String> WRITES = List.of("ec2.amazonaws.com:RunInstances",
            "s3.amazonaws.com:PutBucketPolicy", "lambda.amazonaws.com:UpdateFunctionCode",
            "ec2.amazonaws.com:CreateTags");
    private static final List<String> OFFICE = List.of("203.0.113.200", "203.0.113.201", "198.51.100.10");

    private final int eventsPerMinute;
    private long written;

    CloudTrailDemo(int eventsPerMinute) {
        this.eventsPerMinute = eventsPerMinute;
    }

    long written() {
        return written;
    }

    void writeMinute(JsonGenerator json, Instant minute, int index, SplittableRandom random) throws IOException {
        for (int i = 0; i < eventsPerMinute; i++) {
            String principal = DemoFleet.PRINCIPALS.get(random.nextInt(DemoFleet.PRINCIPALS.size()));
            boolean write = random.nextInt(5) == 0;
            String call = (write ? WRITES : READS).get(random.nextInt((write ? WRITES : READS).size()));
            event(json, minute, random, principal, OFFICE.get(random.nextInt(OFFICE.size())), call, !write,
                    random.nextInt(200) == 0 ? "ThrottlingException" : null);
        }
        for (int i = 0; i < 40; i++) {
            boolean write = i % 2 == 0;
            String call = (write ? WRITES : READS).get(i % (write ? WRITES : READS).size());
            event(json, minute, random, "role/automation", Scenario.AUTOMATION.address(), call, !write, null);
        }
        if (index == 4) {
            for (int i = 0; i < 40; i++) {
                event(json, minute, random, "user/ci-bot", Scenario.DENIED_API_BURST.address(),
                        WRITES.get(i % WRITES.size()), false, i % 2 == 0 ? "AccessDenied" : "Client.UnauthorizedOperation");
            }
        }
        if (index == 5) {
            for (int i = 0; i < 8; i++) {
                consoleLoginFailure(json, minute, random);
            }
        }
    }

    /** An event without its eventTime: the demo's deliberately malformed CloudTrail input. */
    static void writeMalformedEvent(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("eventVersion", "1.08");
        json.writeStringField("eventSource", "s3.amazonaws.com");
        json.writeStringField("eventName", "GetObject");
        json.writeStringField("sourceIPAddress", "10.0.1.12");
        json.writeEndObject();
    }

    private void event(JsonGenerator json, Instant minute, SplittableRandom random, String principal, String source,
                       String call, boolean readOnly, String errorCode) throws IOException {
        int colon = call.indexOf(':');
        json.writeStartObject();
        json.writeStringField("eventVersion", "1.08");
        identity(json, principal);
        json.writeStringField("eventTime", minute.plusSeconds(random.nextInt(60)).truncatedTo(ChronoUnit.SECONDS)
                .toString());
        json.writeStringField("eventSource", call.substring(0, colon));
        json.writeStringField("eventName", call.substring(colon + 1));
        json.writeStringField("awsRegion", DemoFleet.REGION);
        json.writeStringField("sourceIPAddress", source);
        json.writeStringField("userAgent", "aws-cli/2.15.0 Python/3.11.6 Linux/6.1");
        if (errorCode != null) {
            json.writeStringField("errorCode", errorCode);
            json.writeStringField("errorMessage", "You are not authorized to perform this operation.");
        }
        json.writeNullField("requestParameters");
        json.writeNullField("responseElements");
        json.writeStringField("requestID", new UUID(random.nextLong(), random.nextLong()).toString());
        json.writeStringField("eventID", new UUID(random.nextLong(), random.nextLong()).toString());
        json.writeBooleanField("readOnly", readOnly);
        json.writeStringField("eventType", "AwsApiCall");
        json.writeBooleanField("managementEvent", true);
        json.writeStringField("recipientAccountId", DemoFleet.ACCOUNT);
        json.writeEndObject();
        written++;
    }

    private void consoleLoginFailure(JsonGenerator json, Instant minute, SplittableRandom random) throws IOException {
        json.writeStartObject();
        json.writeStringField("eventVersion", "1.08");
        identity(json, "user/alice");
        json.writeStringField("eventTime", minute.plusSeconds(random.nextInt(60)).toString());
        json.writeStringField("eventSource", "signin.amazonaws.com");
        json.writeStringField("eventName", "ConsoleLogin");
        json.writeStringField("awsRegion", DemoFleet.REGION);
        json.writeStringField("sourceIPAddress", Scenario.CONSOLE_LOGIN_FAILURES.address());
        json.writeStringField("userAgent", "Mozilla/5.0 (X11; Linux x86_64)");
        json.writeStringField("errorMessage", "Failed authentication");
        json.writeNullField("requestParameters");
        json.writeObjectFieldStart("responseElements");
        json.writeStringField("ConsoleLogin", "Failure");
        json.writeEndObject();
        json.writeStringField("eventID", new UUID(random.nextLong(), random.nextLong()).toString());
        json.writeBooleanField("readOnly", false);
        json.writeStringField("eventType", "AwsConsoleSignIn");
        json.writeBooleanField("managementEvent", true);
        json.writeStringField("recipientAccountId", DemoFleet.ACCOUNT);
        json.writeEndObject();
        written++;
    }

    private static void identity(JsonGenerator json, String principal) throws IOException {
        json.writeObjectFieldStart("userIdentity");
        json.writeStringField("type", principal.startsWith("role/") ? "AssumedRole" : "IAMUser");
        json.writeStringField("principalId", "AIDA" + Integer.toHexString(principal.hashCode()).toUpperCase());
        json.writeStringField("arn", DemoFleet.principalArn(principal));
        json.writeStringField("accountId", DemoFleet.ACCOUNT);
        if (principal.startsWith("user/")) {
            json.writeStringField("userName", principal.substring(5));
        }
        json.writeEndObject();
    }
}
