package io.flowsight.testsupport;

import java.net.URI;
import java.util.Map;

/**
 * An SQS API server on loopback. Queues are the test's to create; use a fresh name per test, as the server is shared
 * by the tests of the JVM.
 */
public record SqsEndpoint(URI uri, String region, String accessKey, String secretKey) {

    /** FlowSight's settings that point it at this server: endpoint, region and a key pair. */
    public Map<String, String> flowSightSettings() {
        return Map.of("flowsight.sqs.endpoint", uri.toString(), "flowsight.aws.region", region,
                "flowsight.aws.access-key-id", accessKey, "flowsight.aws.secret-access-key", secretKey);
    }
}
