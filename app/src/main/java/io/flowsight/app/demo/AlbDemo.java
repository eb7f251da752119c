package io.flowsight.app.demo;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;

/** One minute of ALB access-log entries for the demo shop's load balancer. */
final class AlbDemo {
    private static final List<String> PAGES = List.of("/", "/products", "/products/42", "/cart", "/static/app.js",
            "/api/search?q=lamp", "/login");
    private static final String TARGET_GROUP = "arn:aws:elasticloadbalancing:" + DemoFleet.REGION + ":"
            + DemoFleet.ACCOUNT + ":targetgroup/shop-web/73e2d6bc24d8a067";
    private static final String CERTIFICATE = "arn:aws:acm:" + DemoFleet.REGION + ":" + DemoFleet.ACCOUNT
            + ":certificate/12345678-1234-1234-1234-123456789012";

    private final DemoFleet fleet;
    private final int requestsPerMinute;
    private final StringBuilder line = new StringBuilder(700);
    private long written;

    AlbDemo(DemoFleet fleet, int requestsPerMinute) {
        this.fleet = fleet;
        this.requestsPerMinute = requestsPerMinute;
    }

    long written() {
        return written;
    }

    void writeMinute(Writer out, Instant minute, int index, SplittableRandom random) throws IOException {
        for (int i = 0; i < requestsPerMinute; i++) {
            String page = PAGES.get(random.nextInt(PAGES.size()));
            int status = random.nextInt(50) == 0 ? 404 : random.nextInt(300) == 0 ? 502 : 200;
            request(out, minute, random, fleet.outsideAddress(random), "GET", page, status);
        }
        for (int i = 0; i < 400; i++) {
            request(out, minute, random, Scenario.CRAWLER.address(), "GET", "/products/" + i, 200);
        }
        if (index == 6) {
            for (int i = 0; i < 300; i++) {
                request(out, minute, random, Scenario.CREDENTIAL_STUFFING.address(), "POST", "/login", 401);
            }
        }
    }

    /** An entry cut off after its client: the demo's deliberately malformed ALB input. */
    static String malformedLine(Instant minute) {
        return "https " + minute + " " + DemoFleet.LOAD_BALANCER + " 52.1.2.3:4431";
    }

    private void request(Writer out, Instant minute, SplittableRandom random, String client, String method, String page,
                         int status) throws IOException {
        Instant time = minute.plusMillis(random.nextInt(60_000));
        String target = fleet.instance(random);
        line.setLength(0);
        line.append("https ").append(time.truncatedTo(ChronoUnit.MICROS)).append(' ').append(DemoFleet.LOAD_BALANCER)
                .append(' ').append(client).append(':').append(1024 + random.nextInt(60000))
                .append(' ').append(target).append(":80 0.001 ").append(random.nextInt(200) / 1000.0)
                .append(" 0.000 ").append(status).append(' ').append(status).append(' ')
                .append(200 + random.nextInt(800)).append(' ').append(500 + random.nextInt(20000))
                .append(" \"").append(method).append(" https://shop.example.com:443").append(page)
                .append(" HTTP/1.1\" \"Mozilla/5.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 ").append(TARGET_GROUP)
                .append(" \"Root=1-").append(Long.toHexString(time.getEpochSecond())).append('-')
                .append(Long.toHexString(random.nextLong())).append("\" \"shop.example.com\" \"").append(CERTIFICATE)
                .append("\" 0 ").append(time.truncatedTo(ChronoUnit.MICROS))
                .append(" \"forward\" \"-\" \"-\" \"").append(target).append(":80\" \"").append(status)
                .append("\" \"-\" \"-\" TID_").append(Long.toHexString(random.nextLong())).append('\n');
        out.append(line);
        written++;
    }
}
