package io.flowsight.respond.aws;

import io.flowsight.testsupport.aws.FakeAwsApi;
import io.flowsight.testsupport.aws.FakeWaf;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowsight.aws.signing.AwsCredentialsSource;
import io.flowsight.testsupport.aws.FakeAwsApi.Answer;
import io.flowsight.testsupport.aws.FakeAwsApi.Request;
import io.flowsight.testsupport.SigV4Verifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The WAF target against a loopback WAFv2 that speaks GetIPSet and UpdateIPSet as AWS documents them. */
class WafIpSetTargetTest {
    static final String V4_NAME = "flowsight-blocked-v4";
    static final String V4_ID = "0f3c7e1a-5b2d-4e8f-9a6b-1c2d3e4f5a6b";
    static final String V6_NAME = "flowsight-blocked-v6";
    static final String V6_ID = "9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManualTime time = ManualTime.at("2026-03-02T10:01:05Z");
    private FakeWaf waf;

    @BeforeEach
    void start() throws Exception {
        waf = new FakeWaf("eu-west-1");
        waf.create(V4_NAME, V4_ID, "REGIONAL", "IPV4", null, List.of());
        waf.create(V6_NAME, V6_ID, "REGIONAL", "IPV6", null, List.of());
    }

    @AfterEach
    void stop() {
        waf.close();
    }

    private WafIpSetTargetConfig.Builder config() {
        return WafIpSetTargetConfig.builder("edge-waf").region("eu-west-1").ipv4Set(V4_NAME, V4_ID)
                .ipv6Set(V6_NAME, V6_ID).endpoint(waf.endpoint())
                .credentials(AwsCredentialsSource.staticKeys(FakeAwsApi.ACCESS_KEY_ID, FakeAwsApi.SECRET));
    }

    private WafIpSetTarget target(WafIpSetTargetConfig config) {
        return new WafIpSetTarget(config, UpdatePacer.oneUpdatePerSecond(), time, time, () -> 1.0);
    }

    private WafIpSetTarget target() {
        return target(config().build());
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static JsonNode body(Request request) throws Exception {
        return JSON.readTree(request.body());
    }

    @Test
    void theFirstListIsReadThenWrittenWholePerFamilyWithExactlySignedJsonCalls() throws Exception {
        List<AppliedChange> changes = target().reconcileNow(List.of("203.0.113.7", "198.51.100.0/24",
                "2001:DB8:0:0:0:0:0:1"));

        assertThat(waf.actions()).containsExactly("GetIPSet", "UpdateIPSet", "GetIPSet", "UpdateIPSet");
        List<Request> requests = waf.requests();
        for (Request request : requests) {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.pathAndQuery()).isEqualTo("/");
            assertThat(request.header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
            assertThat(request.header("X-Amz-Date")).isEqualTo("20260302T100105Z");
            assertThat(request.header("x-amz-content-sha256"))
                    .isEqualTo(SigV4Verifier.hex(SigV4Verifier.sha256(request.body())));
            assertThat(request.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260302/"
                    + "eu-west-1/wafv2/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;"
                    + "x-amz-target, Signature=");
            assertThat(SigV4Verifier.verify(request, FakeAwsApi.SECRET)).isTrue();
            assertThat(SigV4Verifier.verify(request, "another-secret")).isFalse();
        }
        assertThat(requests.get(0).header("X-Amz-Target")).isEqualTo("AWSWAF_20190729.GetIPSet");
        assertThat(body(requests.get(0))).isEqualTo(json("""
                {"Name": "flowsight-blocked-v4", "Scope": "REGIONAL", "Id": "%s"}""".formatted(V4_ID)));
        assertThat(requests.get(1).header("X-Amz-Target")).isEqualTo("AWSWAF_20190729.UpdateIPSet");
        assertThat(body(requests.get(1))).isEqualTo(json("""
                {"Name": "flowsight-blocked-v4", "Scope": "REGIONAL", "Id": "%s",
                 "Addresses": ["203.0.113.7/32", "198.51.100.0/24"],
                 "LockToken": "6b1f2c3d-4e5f-4a6b-8c7d-000000000001"}""".formatted(V4_ID)));
        assertThat(body(requests.get(2))).isEqualTo(json("""
                {"Name": "flowsight-blocked-v6", "Scope": "REGIONAL", "Id": "%s"}""".formatted(V6_ID)));
        assertThat(body(requests.get(3))).isEqualTo(json("""
                {"Name": "flowsight-blocked-v6", "Scope": "REGIONAL", "Id": "%s",
                 "Addresses": ["2001:db8::1/128"],
                 "LockToken": "6b1f2c3d-4e5f-4a6b-8c7d-000000000002"}""".formatted(V6_ID)));

        assertThat(waf.addresses(V4_ID)).containsExactly("203.0.113.7/32", "198.51.100.0/24");
        assertThat(waf.addresses(V6_ID)).containsExactly("2001:db8::1/128");
        assertThat(changes).containsExactly(
                new AppliedChange("WAF IP set " + V4_NAME + " (" + V4_ID + ") in REGIONAL eu-west-1",
                        List.of("203.0.113.7/32", "198.51.100.0/24"), List.of(), List.of()),
                new AppliedChange("WAF IP set " + V6_NAME + " (" + V6_ID + ") in REGIONAL eu-west-1",
                        List.of("2001:db8::1/128"), List.of(), List.of()));
    }

    @Test
    void theSetsDescriptionIsSentBackAsReadSinceAnUpdateReplacesIt() throws Exception {
        waf.close();
        waf = new FakeWaf("eu-west-1");
        waf.create(V4_NAME, V4_ID, "REGIONAL", "IPV4", "Blocked by FlowSight", List.of());

        target(config().ipv6Set(null, null).build()).reconcileNow(List.of("203.0.113.7"));

        assertThat(body(waf.requests("UpdateIPSet").get(0)).get("Description").asText())
                .isEqualTo("Blocked by FlowSight");
        assertThat(waf.description(V4_ID)).isEqualTo("Blocked by FlowSight");
    }

    @Test
    void aStaleLockTokenMeansTheSetIsReadAgainAndTheUpdateRetriedWithTheNewToken() throws Exception {
        waf.changeByHand(V4_ID, List.of("192.0.2.10/32"));
        String firstToken = waf.lockToken(V4_ID);
        // Between FlowSight's read and its update, someone else changes the set.
        waf.beforeNextUpdate(() -> waf.changeByHand(V4_ID, List.of("192.0.2.10/32", "192.0.2.11/32")));

        List<AppliedChange> changes = target().reconcileNow(List.of("203.0.113.7"));

        List<Request> v4 = waf.requests().stream().filter(r -> r.body().contains(V4_ID)).toList();
        assertThat(v4).extracting(waf::action).containsExactly("GetIPSet", "UpdateIPSet", "GetIPSet", "UpdateIPSet");
        assertThat(body(v4.get(1)).get("LockToken").asText()).isEqualTo(firstToken);
        String secondToken = body(v4.get(3)).get("LockToken").asText();
        assertThat(secondToken).isNotEqualTo(firstToken);
        assertThat(waf.addresses(V4_ID)).containsExactly("203.0.113.7/32");
        // The change reported is against the set as read the second time.
        assertThat(changes.get(0).removed()).containsExactly("192.0.2.10/32", "192.0.2.11/32");
        assertThat(changes.get(0).added()).containsExactly("203.0.113.7/32");
    }

    @Test
    void aSetThatKeepsChangingUnderFlowSightGivesUpAfterBoundedRetriesAndSaysItWillTryAgain() throws Exception {
        Answer conflict = FakeWaf.error(400, "com.amazonaws.wafv2#WAFOptimisticLockException", "Changed.");
        waf.script("UpdateIPSet", conflict, conflict, conflict, conflict, conflict);

        AwsTargetException e = catchThrowableOfType(AwsTargetException.class,
                () -> target().reconcileNow(List.of("203.0.113.7")));

        assertThat(e).hasMessage("WAF IP set " + V4_NAME + " (" + V4_ID + ") in REGIONAL eu-west-1 was changed by "
                + "someone else while FlowSight updated it, 5 times in a row; it will be tried again later.");
        assertThat(e.retriable()).isTrue();
        assertThat(waf.requests("UpdateIPSet")).hasSize(WafIpSets.LOCK_ATTEMPTS);
        assertThat(waf.requests("GetIPSet")).hasSize(WafIpSets.LOCK_ATTEMPTS);
        assertThat(waf.addresses(V4_ID)).isEmpty();
    }

    @Test
    void throttlingAndAwsFailuresAreRetriedWithADoublingBackOff() throws Exception {
        waf.script("GetIPSet", FakeWaf.error(400, "WAFLimitsExceededException", "Rate exceeded."),
                FakeWaf.error(429, "ThrottlingException", "Rate exceeded."));
        waf.script("UpdateIPSet", FakeWaf.error(503, "WAFUnavailableEntityException", "Service unavailable."));

        target(config().ipv6Set(null, null).build()).reconcileNow(List.of("203.0.113.7"));

        assertThat(waf.actions()).containsExactly("GetIPSet", "GetIPSet", "GetIPSet", "UpdateIPSet", "UpdateIPSet");
        assertThat(waf.requests()).allSatisfy(r -> assertThat(SigV4Verifier.verify(r, FakeAwsApi.SECRET)).isTrue());
        // With the jitter at its top: 100 ms, then 200 ms; the update's first retry starts again at 100 ms.
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(100));
        assertThat(waf.addresses(V4_ID)).containsExactly("203.0.113.7/32");
    }

    @Test
    void throttlingThatDoesNotEndFailsThePassAsRetriableAfterTheLastAttempt() {
        Answer throttled = FakeWaf.error(429, "ThrottlingException", "Rate exceeded.");
        waf.script("GetIPSet", throttled, throttled, throttled, throttled, throttled);

        AwsTargetException e = catchThrowableOfType(AwsTargetException.class,
                () -> target().reconcileNow(List.of("203.0.113.7")));

        assertThat(e.retriable()).isTrue();
        assertThat(e).hasMessage("AWS WAF GetIPSet failed 5 times, the last with ThrottlingException (HTTP 429): "
                + "Rate exceeded; it will be tried again later.");
        assertThat(waf.requests()).hasSize(AwsApiClient.MAX_ATTEMPTS);
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(400), Duration.ofMillis(800));
    }

    @Test
    void anEndpointThatDoesNotAnswerIsRetriedThenFailsThePassAsRetriable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        AwsTargetException e = catchThrowableOfType(AwsTargetException.class, () -> target(config()
                .endpoint("http://127.0.0.1:" + closedPort).build()).reconcileNow(List.of("203.0.113.7")));

        assertThat(e.retriable()).isTrue();
        assertThat(e.getMessage()).startsWith("AWS WAF GetIPSet failed 5 times, the last with no answer from "
                + "http://127.0.0.1:" + closedPort + "/ (ConnectException").endsWith("; it will be tried again later.");
        assertThat(e.status()).isEmpty();
        assertThat(time.sleeps()).hasSize(AwsApiClient.MAX_ATTEMPTS - 1);
    }

    @Test
    void credentialsThatCannotBeFetchedAreRetriedLikeTheNetwork() {
        AtomicInteger asked = new AtomicInteger();
        WafIpSetTargetConfig config = config().ipv6Set(null, null).credentials(AwsCredentialsSource.of(() -> {
            asked.incrementAndGet();
            throw SdkClientException.create("Failed to load credentials from IMDS.");
        }, "the instance role")).build();

        AwsTargetException e = catchThrowableOfType(AwsTargetException.class,
                () -> target(config).reconcileNow(List.of("203.0.113.7")));

        assertThat(e).hasMessage("AWS WAF GetIPSet failed 5 times, the last with cannot get AWS credentials from the "
                + "instance role: Failed to load credentials from IMDS; it will be tried again later.");
        assertThat(e.retriable()).isTrue();
        assertThat(asked).hasValue(AwsApiClient.MAX_ATTEMPTS);
        assertThat(waf.requests()).isEmpty();
    }

    @Test
    void moreThanTenThousandAddressesOfAFamilyAreRefusedWithoutSendingAnything() {
        List<String> tooMany = IntStream.range(0, WafIpSets.MAX_ADDRESSES + 1)
                .mapToObj(i -> "10." + (i >> 16) + "." + (i >> 8 & 0xff) + "." + (i & 0xff)).toList();

        AwsTargetException e = catchThrowableOfType(AwsTargetException.class,
                () -> target().reconcileNow(tooMany));

        assertThat(e).hasMessage("10001 IPv4 addresses are wanted but WAF IP set " + V4_NAME + " (" + V4_ID + ") in "
                + "REGIONAL eu-west-1 holds at most 10000, so nothing was sent: lower the blocklist's cap to 10000 "
                + "per family.");
        assertThat(e.retriable()).isFalse();
        assertThat(waf.requests()).isEmpty();
    }

    @Test
    void exactlyTenThousandAddressesAreSentInOneUpdate() throws Exception {
        List<String> full = IntStream.range(0, WafIpSets.MAX_ADDRESSES)
                .mapToObj(i -> "10." + (i >> 16) + "." + (i >> 8 & 0xff) + "." + (i & 0xff)).toList();

        target(config().ipv6Set(null, null).build()).reconcileNow(full);

        assertThat(waf.requests("UpdateIPSet")).hasSize(1);
        assertThat(body(waf.requests("UpdateIPSet").get(0)).get("Addresses")).hasSize(10_000);
        assertThat(waf.addresses(V4_ID)).hasSize(10_000).startsWith("10.0.0.0/32").endsWith("10.0.39.15/32");
    }

    @Test
    void ipv4AndIpv6AddressesGoToTheirOwnSetsOnly() throws Exception {
        target().reconcileNow(List.of("2001:db8::7", "203.0.113.7", "2001:db8:1::/48", "198.51.100.9/32"));

        assertThat(waf.addresses(V4_ID)).containsExactly("203.0.113.7/32", "198.51.100.9/32");
        assertThat(waf.addresses(V6_ID)).containsExactly("2001:db8::7/128", "2001:db8:1::/48");
    }

    @Test
    void withoutAnIpv6SetTheIpv6AddressesAreLeftOutAndSaidSo() throws Exception {
        List<AppliedChange> changes = target(config().ipv6Set(null, null).build())
                .reconcileNow(List.of("203.0.113.7", "2001:db8::7"));

        assertThat(waf.requests()).allSatisfy(r -> assertThat(r.body()).contains(V4_ID));
        assertThat(waf.addresses(V6_ID)).isEmpty();
        assertThat(changes).hasSize(2);
        assertThat(changes.get(1)).isEqualTo(new AppliedChange("WAF target edge-waf (no IPv6 IP set)", List.of(),
                List.of(), List.of("2001:db8::7/128")));
    }

    @Test
    void aSetOfTheOtherFamilyIsRefusedWithTheFix() {
        WafIpSetTargetConfig swapped = config().ipv4Set(V6_NAME, V6_ID).ipv6Set(null, null).build();

        AwsTargetException e = catchThrowableOfType(AwsTargetException.class,
                () -> target(swapped).reconcileNow(List.of("203.0.113.7")));

        assertThat(e).hasMessage("WAF IP set " + V6_NAME + " (" + V6_ID + ") in REGIONAL eu-west-1 holds IPV6 "
                + "addresses, but it is configured as the IPv4 set: swap ipv4-ip-set and ipv6-ip-set, or create an "
                + "IPV4 IP set.");
        assertThat(waf.requests("UpdateIPSet")).isEmpty();
    }

    @Test
    void reconcilingRemovesWhatIsNoLongerWantedAndAddsWhatIsMissing() throws Exception {
        // 192.0.2.99 was added by hand and is not on the list; 198.51.100.9 was removed by hand but still is.
        waf.changeByHand(V4_ID, List.of("203.0.113.7/32", "192.0.2.99/32"));

        List<AppliedChange> changes = target(config().ipv6Set(null, null).build())
                .reconcileNow(List.of("203.0.113.7", "198.51.100.9"));

        assertThat(waf.requests("UpdateIPSet")).hasSize(1);
        assertThat(waf.addresses(V4_ID)).containsExactly("203.0.113.7/32", "198.51.100.9/32");
        assertThat(changes.get(0).added()).containsExactly("198.51.100.9/32");
        assertThat(changes.get(0).removed()).containsExactly("192.0.2.99/32");
    }

    @Test
    void aSetThatAlreadyHoldsTheListInAnyOrderOrSpellingGetsNoUpdateAtAll() throws Exception {
        waf.changeByHand(V4_ID, List.of("198.51.100.9/32", "203.0.113.7/32"));
        waf.changeByHand(V6_ID, List.of("2001:DB8:0:0:0:0:0:7/128"));

        List<AppliedChange> changes = target().reconcileNow(List.of("203.0.113.7", "198.51.100.9", "2001:db8::7"));

        assertThat(waf.actions()).containsExactly("GetIPSet", "GetIPSet");
        assertThat(changes).noneMatch(AppliedChange::updated);
    }

    @Test
    void aBurstOfChangesIsOneUpdateWithTheLatestList() throws Exception {
        WafIpSetTarget target = target(config().ipv6Set(null, null).build());
        target.apply(List.of("203.0.113.1"));
        target.apply(List.of("203.0.113.1", "203.0.113.2"));
        target.apply(List.of("203.0.113.1", "203.0.113.2", "203.0.113.3"));

        assertThat(target.runDue()).isTrue();
        assertThat(target.runDue()).isFalse();

        assertThat(waf.requests("UpdateIPSet")).hasSize(1);
        assertThat(waf.addresses(V4_ID)).containsExactly("203.0.113.1/32", "203.0.113.2/32", "203.0.113.3/32");
    }

    @Test
    void updatesAreAtLeastASecondApartAndChangesDuringTheWaitJoinTheNextUpdate() throws Exception {
        WafIpSetTarget target = target(config().ipv6Set(null, null).build());
        target.apply(List.of("203.0.113.1"));
        assertThat(target.runDue()).isTrue();
        time.advance(Duration.ofMillis(300));

        target.apply(List.of("203.0.113.1", "203.0.113.2"));
        time.duringNextSleep(() -> target.apply(List.of("203.0.113.1", "203.0.113.2", "203.0.113.3")));
        assertThat(target.runDue()).isTrue();

        // It waited the rest of the second, and what came in meanwhile went out with it.
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(700));
        List<Request> updates = waf.requests("UpdateIPSet");
        assertThat(updates).hasSize(2);
        assertThat(body(updates.get(1)).get("Addresses")).isEqualTo(json("""
                ["203.0.113.1/32", "203.0.113.2/32", "203.0.113.3/32"]"""));
        assertThat(target.runDue()).isFalse();
    }

    @Test
    void aPacerSharedByTwoTargetsSpacesTheirUpdatesToo() throws Exception {
        UpdatePacer shared = UpdatePacer.oneUpdatePerSecond();
        WafIpSetTarget v4 = new WafIpSetTarget(config().ipv6Set(null, null).build(), shared, time, time, () -> 1.0);
        WafIpSetTarget v6 = new WafIpSetTarget(config().ipv4Set(null, null).build(), shared, time, time, () -> 1.0);

        v4.reconcileNow(List.of("203.0.113.1"));
        v6.reconcileNow(List.of("2001:db8::1"));

        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1));
        assertThat(waf.requests("UpdateIPSet")).hasSize(2);
    }

    @Test
    void everyReconcileIntervalTheSetIsReadAndAnAddressRemovedByHandIsPutBack() throws Exception {
        WafIpSetTarget target = target(config().ipv6Set(null, null).reconcileInterval(Duration.ofMinutes(5)).build());
        target.apply(List.of("203.0.113.7", "198.51.100.9"));
        assertThat(target.runDue()).isTrue();
        waf.changeByHand(V4_ID, List.of("203.0.113.7/32"));

        time.advance(Duration.ofMinutes(4));
        assertThat(target.runDue()).isFalse();
        time.advance(Duration.ofMinutes(1));
        assertThat(target.runDue()).isTrue();

        assertThat(waf.addresses(V4_ID)).containsExactly("203.0.113.7/32", "198.51.100.9/32");
        assertThat(waf.actions()).containsExactly("GetIPSet", "UpdateIPSet", "GetIPSet", "UpdateIPSet");
    }

    @Test
    void anExpiredAddressLeavesTheSetWithTheNextList() throws Exception {
        WafIpSetTarget target = target(config().ipv6Set(null, null).build());
        target.apply(List.of("203.0.113.7", "198.51.100.9"));
        target.runDue();
        time.advance(Duration.ofSeconds(5));

        target.apply(List.of("198.51.100.9"));
        target.runDue();

        assertThat(waf.addresses(V4_ID)).containsExactly("198.51.100.9/32");
    }

    @Test
    void aPassThatFailedForAPassingReasonIsRetriedLaterInTheBackground() throws Exception {
        Answer failing = FakeWaf.error(500, "WAFInternalErrorException", "Internal error.");
        waf.script("GetIPSet", failing, failing, failing, failing, failing);
        WafIpSetTarget target = target(config().ipv6Set(null, null).build());
        target.apply(List.of("203.0.113.7"));

        assertThat(target.runDue()).isTrue();
        assertThat(waf.addresses(V4_ID)).isEmpty();
        time.advance(Duration.ofSeconds(20));
        assertThat(target.runDue()).isFalse();
        time.advance(CoalescingApplier.RETRY_DELAY);
        assertThat(target.runDue()).isTrue();

        assertThat(waf.addresses(V4_ID)).containsExactly("203.0.113.7/32");
    }

    @Test
    void errorsAUserCanFixAreOneSentenceNamingTheFix() {
        WafIpSetTargetConfig missing = config().ipv4Set(V4_NAME, "11111111-2222-4333-8444-555555555555")
                .ipv6Set(null, null).build();
        AwsTargetException notFound = catchThrowableOfType(AwsTargetException.class,
                () -> target(missing).reconcileNow(List.of("203.0.113.7")));
        assertThat(notFound).hasMessage("WAF IP set " + V4_NAME + " (11111111-2222-4333-8444-555555555555) in "
                + "REGIONAL eu-west-1 does not exist (GetIPSet answered WAFNonexistentItemException): check the set's "
                + "name, id, scope and region.");
        assertThat(notFound.retriable()).isFalse();

        waf.script("GetIPSet", FakeWaf.error(400, "AccessDeniedException", "User is not authorized."));
        AwsTargetException denied = catchThrowableOfType(AwsTargetException.class,
                () -> target(config().ipv6Set(null, null).build()).reconcileNow(List.of("203.0.113.7")));
        assertThat(denied).hasMessage("AWS WAF denied GetIPSet on WAF IP set " + V4_NAME + " (" + V4_ID + ") in "
                + "REGIONAL eu-west-1 (AccessDeniedException): the credentials' principal needs wafv2:GetIPSet and "
                + "wafv2:UpdateIPSet on the set.");
        assertThat(denied.errorCode()).contains("AccessDeniedException");
        assertThat(denied.status()).hasValue(400);
    }

    @Test
    void wrongCredentialsAreRefusedByTheServersSignatureCheck() {
        WafIpSetTargetConfig wrongKey = config().ipv6Set(null, null)
                .credentials(AwsCredentialsSource.staticKeys(FakeAwsApi.ACCESS_KEY_ID, "not-the-secret")).build();

        AwsTargetException e = catchThrowableOfType(AwsTargetException.class,
                () -> target(wrongKey).reconcileNow(List.of("203.0.113.7")));

        assertThat(e.errorCode()).contains("InvalidSignatureException");
        assertThat(e.retriable()).isFalse();
        assertThat(waf.requests()).hasSize(1);
    }

    @Test
    void entriesThatAreNotAddressesAreSkippedAndTheRestApplied() throws Exception {
        target(config().ipv6Set(null, null).build()).reconcileNow(List.of("not-an-address", "203.0.113.7",
                "0.0.0.0/0", "203.0.113.7/32", "example.com"));

        assertThat(waf.addresses(V4_ID)).containsExactly("203.0.113.7/32");
    }

    @Test
    void startedTargetsApplyInTheirOwnThreadAndStopOnClose() throws Exception {
        List<String> wanted = new ArrayList<>(List.of("203.0.113.7", "2001:db8::7"));
        try (WafIpSetTarget target = WafIpSetTarget.start(config().build())) {
            assertThat(target.name()).isEqualTo("edge-waf");
            target.apply(wanted);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while ((waf.addresses(V4_ID).isEmpty() || waf.addresses(V6_ID).isEmpty())
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertThat(waf.addresses(V4_ID)).containsExactly("203.0.113.7/32");
        assertThat(waf.addresses(V6_ID)).containsExactly("2001:db8::7/128");
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("flowsight-respond-edge-waf"));
    }
}
