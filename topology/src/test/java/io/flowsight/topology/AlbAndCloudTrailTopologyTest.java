package io.flowsight.topology;

import io.flowsight.schemas.AlbLogEntry;
import io.flowsight.schemas.CloudTrailEvent;
import io.flowsight.schemas.UserIdentity;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static io.flowsight.topology.TopologyFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

/** ALB clients and CloudTrail callers: top-N, error and denied counts, and the alerts they raise. */
class AlbAndCloudTrailTopologyTest {
    static final String MALLORY = "arn:aws:iam::123456789012:user/mallory";
    static final String ALICE = "arn:aws:iam::123456789012:user/alice";

    @TempDir
    Path registryData;
    TopologyFixture topology;

    @BeforeEach
    void start() {
        topology = new TopologyFixture(registryData, Map.of(TopologyConfig.TOP_N_CONFIG, 3));
    }

    @AfterEach
    void stop() {
        topology.close();
    }

    @Test
    void credentialStuffingOnTheAlbIsAnHttpErrorBurst() {
        for (int i = 0; i < 49; i++) {
            request("192.0.2.10", 401, "08:00:" + String.format("%02d", i));
        }
        request("192.0.2.11", 200, "08:00:10");
        request("192.0.2.11", 503, "08:00:11");
        assertThat(topology.alerts.isEmpty()).isTrue();
        request("192.0.2.10", 403, "08:00:55");
        assertThat(topology.alerts.readValuesToList()).extracting(a -> a.getIp() + " " + a.getDetector() + " "
                + a.getEvidence().get("observed")).containsExactly("192.0.2.10 http_error_burst 50");

        topology.albHeartbeat("08:16:00");
        Map<String, Long> rejected = new TreeMap<>();
        topology.rejected.readKeyValuesToList().forEach(kv -> rejected.put(kv.key, kv.value.getCount()));
        assertThat(rejected).containsExactly(
                Map.entry("2026-11-22T08:00:00Z|PT1M|alb_client_4xx|192.0.2.10", 50L),
                Map.entry("2026-11-22T08:00:00Z|PT1M|alb_client_5xx|192.0.2.11", 1L));
        Map<String, String> top = new TreeMap<>();
        topology.topTalkers.readKeyValuesToList().forEach(kv -> top.put(kv.key, kv.value.getEntries().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "))));
        assertThat(top).containsExactly(
                Map.entry("2026-11-22T08:00:00Z|PT1M|alb_client_bytes", "192.0.2.10=15000 192.0.2.11=600"),
                Map.entry("2026-11-22T08:00:00Z|PT1M|alb_client_requests", "192.0.2.10=50 192.0.2.11=2"));
    }

    @Test
    void deniedCallsCountPerAddressAndPerPrincipalAndBurstsAlert() {
        for (int i = 0; i < 19; i++) {
            call("192.0.2.20", MALLORY, "ListBuckets", "AccessDenied", "08:00:" + String.format("%02d", i));
        }
        call("192.0.2.20", MALLORY, "DescribeInstances", "Client.UnauthorizedOperation", "08:00:30");
        call("192.0.2.21", ALICE, "ListBuckets", null, "08:00:31");
        call("192.0.2.21", ALICE, "GetObject", null, "08:00:32");
        // A call made by a service on the user's behalf: its "address" is a name, never a suspicious IP.
        for (int i = 0; i < 25; i++) {
            call("cloudformation.amazonaws.com", ALICE, "CreateStack", "AccessDenied", "08:00:40");
        }

        assertThat(topology.alerts.readValuesToList()).extracting(a -> a.getIp() + " " + a.getDetector() + " "
                + a.getSeverity()).containsExactly("192.0.2.20 denied_api_burst high");

        topology.cloudTrailHeartbeat("08:16:00");
        Map<String, Long> rejected = new TreeMap<>();
        topology.rejected.readKeyValuesToList().forEach(kv -> rejected.put(kv.key, kv.value.getCount()));
        assertThat(rejected).containsExactly(
                Map.entry("2026-11-22T08:00:00Z|PT1M|cloudtrail_ip|192.0.2.20", 20L),
                Map.entry("2026-11-22T08:00:00Z|PT1M|cloudtrail_ip|cloudformation.amazonaws.com", 25L),
                Map.entry("2026-11-22T08:00:00Z|PT1M|cloudtrail_principal|" + ALICE, 25L),
                Map.entry("2026-11-22T08:00:00Z|PT1M|cloudtrail_principal|" + MALLORY, 20L));
        Map<String, String> top = new TreeMap<>();
        topology.topTalkers.readKeyValuesToList().forEach(kv -> top.put(kv.key, kv.value.getEntries().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "))));
        assertThat(top).containsExactly(
                Map.entry("2026-11-22T08:00:00Z|PT1M|cloudtrail_ip_calls",
                        "cloudformation.amazonaws.com=25 192.0.2.20=20 192.0.2.21=2"),
                Map.entry("2026-11-22T08:00:00Z|PT1M|cloudtrail_principal_calls", ALICE + "=27 " + MALLORY + "=20"));
    }

    @Test
    void failedConsoleLoginsFromOneAddressAlert() {
        for (int i = 0; i < 5; i++) {
            Instant time = at("08:00:0" + i);
            topology.cloudtrail.pipeInput(new TestRecord<>("192.0.2.30", CloudTrailEvent.newBuilder()
                    .setEventversion("1.08").setEventname("ConsoleLogin").setEventsource("signin.amazonaws.com")
                    .setSourceipaddress("192.0.2.30").setEventtime(time.toString()).setEventTime(time)
                    .setUseridentity(UserIdentity.newBuilder().setType("IAMUser").setArn(ALICE).build())
                    .setResponseelements("{\"ConsoleLogin\":\"Failure\"}").setErrormessage("Failed authentication")
                    .build(), time));
        }
        assertThat(topology.alerts.readValuesToList()).extracting(a -> a.getIp() + " " + a.getDetector())
                .containsExactly("192.0.2.30 console_login_failures");
    }

    private void request(String client, int status, String time) {
        Instant at = at(time);
        topology.alb.pipeInput(new TestRecord<>(client, AlbLogEntry.newBuilder().setType("https")
                .setTime(at.toString()).setElb("app/shop/1").setClientIp(client).setClientPort(50000)
                .setElbStatusCode(status).setReceivedBytes(100L).setSentBytes(200L).setRequestVerb("POST")
                .setRequestUrl("https://shop.example.com:443/login").setEventTime(at).build(), at));
    }

    private void call(String address, String principal, String eventName, String errorCode, String time) {
        Instant at = at(time);
        topology.cloudtrail.pipeInput(new TestRecord<>(address, CloudTrailEvent.newBuilder().setEventversion("1.08")
                .setEventname(eventName).setEventsource("s3.amazonaws.com").setSourceipaddress(address)
                .setEventtime(at.toString()).setErrorcode(errorCode).setReadonly("true")
                .setUseridentity(UserIdentity.newBuilder().setType("IAMUser").setArn(principal).build())
                .setEventTime(at).build(), at));
    }
}
