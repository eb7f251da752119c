package io.flowsight.testsupport;

import java.net.URI;
import java.util.Map;

/**
 * An S3 API server on loopback that requires signed requests, with the one access key it accepts. Buckets are the
 * test's to create; use a fresh name per test, as the server is shared by the tests of the JVM.
 */
public record S3Endpoint(URI uri, String region, String accessKey, String secretKey) {

    /** FlowSight's settings that point it at this server: endpoint, region, path-style access and the key pair. */
    public Map<String, String> flowSightSettings() {
        return Map.of("flowsight.s3.endpoint", uri.toString(), "flowsight.aws.region", region,
                "flowsight.s3.path-style-access", "true", "flowsight.aws.access-key-id", accessKey,
                "flowsight.aws.secret-access-key", secretKey);
    }
}
