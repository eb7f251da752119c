package io.flowsight.respond.aws;

import io.flowsight.testsupport.aws.FakeAwsApi;
import io.flowsight.testsupport.aws.FakeEc2;
import io.flowsight.aws.signing.AwsCredentialsSource;
import io.flowsight.testsupport.aws.FakeAwsApi.Answer;
import io.flowsight.testsupport.aws.FakeAwsApi.Request;
import io.flowsight.testsupport.aws.FakeEc2.Entry;
import io.flowsight.testsupport.SigV4Verifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

/** The network ACL target against a loopback EC2 that speaks the three Query calls as AWS documents them. */
class NetworkAclTargetTest {
    static final String ACL = "acl-0a1b2c3d4e5f60718";

    private final ManualTime time = ManualTime.at("2026-03-02T10:01:05Z");
    private FakeEc2 ec2;

    @BeforeEach
    void start() throws Exception {
        ec2 = new FakeEc2("eu-west-1");
        ec2.createDefaultAcl(ACL);
    }

    @AfterEach
    void stop() {
        ec2.close();
    }

    private NetworkAclTargetConfig.Builder config() {
        return NetworkAclTargetConfig.builder("vpc-acl").region("eu-west-1").networkAclId(ACL).ruleNumbers(71, 80)
                .endpoint(ec2.endpoint())
                .credentials(AwsCredentialsSource.staticKeys(FakeAwsApi.ACCESS_KEY_ID, FakeAwsApi.SECRET));
    }

    private NetworkAclTarget target(NetworkAclTargetConfig config) {
        return new NetworkAclTarget(config, UpdatePacer.oneUpdatePerSecond(), time, time, () -> 1.0);
    }

    private NetworkAclTarget target() {
        return target(config().build());
    }

    private static Entry deny(int rule, String cidr) {
        return new Entry(rule, false, "deny", "-1", cidr);
    }

    /** The entries of the range, as number and address. */
    private List<String> range(int first, int last) {
        return ec2.inbound(ACL, first, last).stream().map(e -> e.ruleNumber() + " " + e.action() + " " + e.cidr())
                .toList();
    }

    @Test
    void theAclIsReadThenEachAddressGetsADenyEntryByExactlySignedQueryCalls() throws Exception {
        List<AppliedChange> changes = target().reconcileNow(List.of("203.0.113.7", "2001:db8::7"));

        assertThat(ec2.actions()).containsExactly("DescribeNetworkAcls", "CreateNetworkAclEntry",
                "CreateNetworkAclEntry");
        List<Request> requests = ec2.requests();
        for (Request request : requests) {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.pathAndQuery()).isEqualTo("/");
            assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded; charset=utf-8");
            assertThat(request.header("X-Amz-Date")).isEqualTo("20260302T100105Z");
            assertThat(request.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260302/"
                    + "eu-west-1/ec2/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, "
                    + "Signature=");
            assertThat(SigV4Verifier.verify(request, FakeAwsApi.SECRET)).isTrue();
            assertThat(SigV4Verifier.verify(request, "another-secret")).isFalse();
        }
        assertThat(FakeEc2.form(requests.get(0).body())).containsExactly(entry("Action", "DescribeNetworkAcls"),
                entry("Version", "2016-11-15"), entry("NetworkAclId.1", ACL));
        assertThat(FakeEc2.form(requests.get(1).body())).containsExactly(entry("Action", "CreateNetworkAclEntry"),
                entry("Version", "2016-11-15"), entry("NetworkAclId", ACL), entry("RuleNumber", "71"),
                entry("Protocol", "-1"), entry("RuleAction", "deny"), entry("Egress", "false"),
                entry("CidrBlock", "203.0.113.7/32"));
        assertThat(FakeEc2.form(requests.get(2).body())).containsExactly(entry("Action", "CreateNetworkAclEntry"),
                entry("Version", "2016-11-15"), entry("NetworkAclId", ACL), entry("RuleNumber", "72"),
                entry("Protocol", "-1"), entry("RuleAction", "deny"), entry("Egress", "false"),
                entry("Ipv6CidrBlock", "2001:db8::7/128"));
        // The form is sent percent-encoded as the Query protocol's signers expect (RFC 3986).
        assertThat(requests.get(1).body()).contains("CidrBlock=203.0.113.7%2F32");
        assertThat(requests.get(2).body()).contains("Ipv6CidrBlock=2001%3Adb8%3A%3A7%2F128");

        assertThat(range(71, 80)).containsExactly("71 deny 203.0.113.7/32", "72 deny 2001:db8::7/128");
        assertThat(changes).containsExactly(new AppliedChange("network ACL " + ACL + " (eu-west-1) rules 71-80",
                List.of("203.0.113.7/32", "2001:db8::7/128"), List.of(), List.of()));
    }

    @Test
    void newEntriesTakeTheLowestFreeNumbersOfTheRangeAroundTheOnesKept() throws Exception {
        ec2.add(ACL, deny(71, "203.0.113.1/32"));
        ec2.add(ACL, deny(73, "203.0.113.3/32"));

        target().reconcileNow(List.of("203.0.113.1", "203.0.113.3", "203.0.113.2", "203.0.113.4"));

        assertThat(ec2.actions()).containsExactly("DescribeNetworkAcls", "CreateNetworkAclEntry",
                "CreateNetworkAclEntry");
        assertThat(range(71, 80)).containsExactly("71 deny 203.0.113.1/32", "72 deny 203.0.113.2/32",
                "73 deny 203.0.113.3/32", "74 deny 203.0.113.4/32");
    }

    @Test
    void whenMoreAreWantedThanTheRangeHoldsTheOldestAreLeftOut() throws Exception {
        NetworkAclTarget target = target(config().ruleNumbers(71, 73).build());

        List<AppliedChange> changes = target.reconcileNow(List.of("203.0.113.1", "203.0.113.2", "203.0.113.3",
                "203.0.113.4", "203.0.113.5"));

        assertThat(range(71, 73)).containsExactly("71 deny 203.0.113.3/32", "72 deny 203.0.113.4/32",
                "73 deny 203.0.113.5/32");
        assertThat(changes.get(0).leftOut()).containsExactly("203.0.113.1/32", "203.0.113.2/32");
        assertThat(ec2.requests("CreateNetworkAclEntry")).hasSize(3);
    }

    @Test
    void aNewAddressInAFullRangeTakesTheRuleOfTheOldestWhichIsDeletedFirst() throws Exception {
        NetworkAclTarget target = target(config().ruleNumbers(71, 73).build());
        target.reconcileNow(List.of("203.0.113.1", "203.0.113.2", "203.0.113.3"));
        time.advance(Duration.ofSeconds(2));

        List<AppliedChange> changes = target.reconcileNow(List.of("203.0.113.1", "203.0.113.2", "203.0.113.3",
                "203.0.113.4"));

        assertThat(range(71, 73)).containsExactly("71 deny 203.0.113.4/32", "72 deny 203.0.113.2/32",
                "73 deny 203.0.113.3/32");
        assertThat(ec2.actions().subList(4, 7)).containsExactly("DescribeNetworkAcls", "DeleteNetworkAclEntry",
                "CreateNetworkAclEntry");
        assertThat(FakeEc2.form(ec2.requests("DeleteNetworkAclEntry").get(0).body())).containsExactly(
                entry("Action", "DeleteNetworkAclEntry"), entry("Version", "2016-11-15"), entry("NetworkAclId", ACL),
                entry("RuleNumber", "71"), entry("Egress", "false"));
        assertThat(changes.get(0)).isEqualTo(new AppliedChange("network ACL " + ACL + " (eu-west-1) rules 71-73",
                List.of("203.0.113.4/32"), List.of("203.0.113.1/32 (rule 71)"), List.of("203.0.113.1/32")));
    }

    @Test
    void rulesOutsideTheRangeAndOutboundRulesAreNeverTouched() throws Exception {
        // A deny by hand just below the range (even of a wanted address), one just above, and an outbound rule
        // whose number is in the range.
        ec2.add(ACL, deny(70, "203.0.113.7/32"));
        ec2.add(ACL, deny(81, "192.0.2.1/32"));
        ec2.add(ACL, new Entry(75, true, "deny", "-1", "192.0.2.2/32"));
        List<Entry> before = ec2.entries(ACL).stream().filter(e -> e.egress() || e.ruleNumber() < 71
                || e.ruleNumber() > 80).toList();

        target().reconcileNow(List.of("203.0.113.7"));
        target().reconcileNow(List.of());

        assertThat(ec2.entries(ACL).stream().filter(e -> e.egress() || e.ruleNumber() < 71 || e.ruleNumber() > 80))
                .containsExactlyElementsOf(before);
        assertThat(ec2.requests("DeleteNetworkAclEntry")).extracting(r -> FakeEc2.form(r.body()))
                .containsExactly(Map.of("Action", "DeleteNetworkAclEntry", "Version", "2016-11-15",
                        "NetworkAclId", ACL, "RuleNumber", "71", "Egress", "false"));
        assertThat(range(71, 80)).isEmpty();
    }

    @Test
    void reconcilingDeletesWhatIsInTheRangeButNotWantedAndRecreatesWhatWasDeletedByHand() throws Exception {
        NetworkAclTarget target = target();
        target.reconcileNow(List.of("203.0.113.1", "203.0.113.2"));
        // By hand: the entry of 203.0.113.1 is deleted, an allow rule and a deny of another address appear.
        ec2.remove(ACL, 71, false);
        ec2.add(ACL, new Entry(74, false, "allow", "6", "198.51.100.0/24"));
        ec2.add(ACL, deny(75, "192.0.2.99/32"));
        time.advance(Duration.ofMinutes(1));

        List<AppliedChange> changes = target.reconcileNow(List.of("203.0.113.1", "203.0.113.2"));

        assertThat(range(71, 80)).containsExactly("71 deny 203.0.113.1/32", "72 deny 203.0.113.2/32");
        assertThat(changes.get(0).added()).containsExactly("203.0.113.1/32");
        assertThat(changes.get(0).removed()).containsExactly("198.51.100.0/24 (rule 74)", "192.0.2.99/32 (rule 75)");
    }

    @Test
    void anAclThatAlreadyHoldsTheListGetsNoWriteAtAll() throws Exception {
        ec2.add(ACL, deny(78, "2001:DB8:0:0:0:0:0:7/128"));
        ec2.add(ACL, deny(72, "203.0.113.7/32"));

        List<AppliedChange> changes = target().reconcileNow(List.of("203.0.113.7", "2001:db8::7"));

        assertThat(ec2.actions()).containsExactly("DescribeNetworkAcls");
        assertThat(changes).noneMatch(AppliedChange::updated);
    }

    @Test
    void twoEntriesOfOneAddressInTheRangeAreOneTooMany() throws Exception {
        ec2.add(ACL, deny(71, "203.0.113.7/32"));
        ec2.add(ACL, deny(72, "203.0.113.7/32"));

        target().reconcileNow(List.of("203.0.113.7"));

        assertThat(range(71, 80)).containsExactly("71 deny 203.0.113.7/32");
    }

    @Test
    void throttlingIsRetriedWithBackOff() throws Exception {
        ec2.script("DescribeNetworkAcls", FakeEc2.error(503, "RequestLimitExceeded", "Request limit exceeded."));
        ec2.script("CreateNetworkAclEntry", FakeEc2.error(400, "Throttling", "Rate exceeded"),
                FakeEc2.error(500, "InternalError", "An internal error has occurred"));

        target().reconcileNow(List.of("203.0.113.7"));

        assertThat(ec2.actions()).containsExactly("DescribeNetworkAcls", "DescribeNetworkAcls",
                "CreateNetworkAclEntry", "CreateNetworkAclEntry", "CreateNetworkAclEntry");
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(100),
                Duration.ofMillis(200));
        assertThat(range(71, 80)).containsExactly("71 deny 203.0.113.7/32");
    }

    @Test
    void errorsAUserCanFixAreOneSentenceNamingTheFix() {
        NetworkAclTargetConfig missing = config().networkAclId("acl-0123456789abcdef0").build();
        AwsTargetException notFound = catchThrowableOfType(AwsTargetException.class,
                () -> target(missing).reconcileNow(List.of("203.0.113.7")));
        assertThat(notFound).hasMessage("network ACL acl-0123456789abcdef0 (eu-west-1) rules 71-80 does not exist "
                + "(DescribeNetworkAcls answered InvalidNetworkAclID.NotFound): check network-acl-id and region.");
        assertThat(notFound.retriable()).isFalse();

        ec2.script("DescribeNetworkAcls", FakeEc2.error(403, "UnauthorizedOperation", "You are not authorized to "
                + "perform this operation."));
        AwsTargetException denied = catchThrowableOfType(AwsTargetException.class,
                () -> target().reconcileNow(List.of("203.0.113.7")));
        assertThat(denied).hasMessage("Amazon EC2 denied DescribeNetworkAcls on network ACL " + ACL + " (eu-west-1) "
                + "rules 71-80 (UnauthorizedOperation): the credentials' principal needs ec2:DescribeNetworkAcls, "
                + "ec2:CreateNetworkAclEntry and ec2:DeleteNetworkAclEntry on the ACL.");
    }

    @Test
    void anAclWithoutRoomForMoreRulesSaysHowToMakeRoom() {
        for (int rule = 1; rule <= FakeEc2.RULES_PER_DIRECTION - 2; rule++) {
            ec2.add(ACL, new Entry(rule, false, "allow", "6", "10.0." + rule + ".0/24"));
        }

        AwsTargetException e = catchThrowableOfType(AwsTargetException.class,
                () -> target().reconcileNow(List.of("203.0.113.7")));

        assertThat(e).hasMessage("network ACL " + ACL + " (eu-west-1) rules 71-80 has no room for another inbound "
                + "rule (NetworkAclEntryLimitExceeded): narrow rule-numbers, remove other rules, or ask AWS to raise "
                + "the rules-per-ACL quota.");
        assertThat(e.retriable()).isFalse();
    }

    @Test
    void aBurstOfChangesIsOnePassWithTheLatestListAndPassesAreASecondApart() throws Exception {
        NetworkAclTarget target = target();
        target.apply(List.of("203.0.113.1"));
        target.apply(List.of("203.0.113.1", "203.0.113.2"));
        assertThat(target.runDue()).isTrue();
        assertThat(ec2.actions()).containsExactly("DescribeNetworkAcls", "CreateNetworkAclEntry",
                "CreateNetworkAclEntry");

        target.apply(List.of("203.0.113.2"));
        assertThat(target.runDue()).isTrue();

        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1));
        assertThat(range(71, 80)).containsExactly("72 deny 203.0.113.2/32");
        assertThat(target.runDue()).isFalse();
    }

    @Test
    void aServerAnswerThatIsNotXmlIsRetriedLater() {
        ec2.script("DescribeNetworkAcls", new Answer(200, "text/html", "<html><body>proxy says hi"));

        AwsTargetException e = catchThrowableOfType(AwsTargetException.class,
                () -> target().reconcileNow(List.of("203.0.113.7")));

        assertThat(e.retriable()).isTrue();
        assertThat(e).hasMessage("Amazon EC2 answered DescribeNetworkAcls for network ACL " + ACL + " (eu-west-1) "
                + "rules 71-80 with something that is not XML; it will be tried again later.");
    }
}
