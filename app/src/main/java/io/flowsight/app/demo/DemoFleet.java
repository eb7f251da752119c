package io.flowsight.app.demo;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** The small AWS estate the demo data describes: one account, one region, fifty instances, the outside world. */
final class DemoFleet {
    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";
    static final String FLOW_LOG_ID = "fl-0a1b2c3d4e5f67890";
    static final String LOAD_BALANCER = "app/shop-frontend/50dc6c495c0c9188";
    static final List<String> SERVICE_PORTS = List.of("443", "80", "53", "123", "5432", "6379", "8080", "3306");
    static final List<String> PRINCIPALS = List.of("user/alice", "user/bob", "user/carol", "role/ci-deployer",
            "role/lambda-exec", "user/dave");

    private final List<String> instances = IntStream.range(0, 50)
            .mapToObj(i -> "10.0." + (1 + i / 25) + "." + (10 + i % 25)).toList();

    String instance(SplittableRandom random) {
        return instances.get(random.nextInt(instances.size()));
    }

    String interfaceOf(String address) {
        return "eni-0" + Integer.toHexString(0x1000000 + (address.hashCode() & 0xffffff));
    }

    /**
     * An address on the internet. Drawn from a few thousand so that some clients come back, and never from
     * the documentation ranges the labelled scenarios use.
     */
    String outsideAddress(SplittableRandom random) {
        int n = random.nextInt(4000);
        return (52 + n % 3) + "." + (n / 3 % 250 + 1) + "." + (n * 7 % 250 + 1) + "." + (n % 200 + 20);
    }

    static String principalArn(String principal) {
        return "arn:aws:iam::" + ACCOUNT + ":" + principal;
    }
}
