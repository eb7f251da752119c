package io.flowsight.notify.config;

import io.flowsight.aws.signing.AwsCredentialsSource;
import io.flowsight.aws.signing.AwsRegion;
import io.flowsight.notify.AlertLink;
import io.flowsight.notify.Destination;
import io.flowsight.notify.HttpTransport;
import io.flowsight.notify.NotificationFilter;
import io.flowsight.notify.RetryPolicy;
import io.flowsight.notify.Secret;
import io.flowsight.schemas.Severity;
import io.flowsight.notify.receiver.AlertmanagerReceiver;
import io.flowsight.notify.receiver.PagerDutyReceiver;
import io.flowsight.notify.receiver.SecurityHubReceiver;
import io.flowsight.notify.receiver.SlackReceiver;
import io.flowsight.notify.receiver.SnsReceiver;
import io.flowsight.notify.receiver.SnsTopicArn;
import io.flowsight.notify.receiver.WebhookFormat;
import io.flowsight.notify.receiver.WebhookReceiver;
import io.flowsight.notify.receiver.WebhookSigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The notify YAML: its defaults, its full mapping, and one sentence for each kind of mistake. */
class NotifyConfigLoaderTest {
    private static final String WEBHOOK_SECRET = "whsec_Zmxvd3NpZ2h0LW5vdGlmeS10ZXN0cy0zMi1ieXRlcyE=";
    private static final String SLACK_URL = "https://hooks.slack.com/services/T000/B000/XXXXXXXX";
    private static final String ROUTING_KEY = "R0UT1NGKEY0123456789ABCDEFGHIJKL";
    private static final String AWS_KEY_ID = "AKIDEXAMPLE";
    private static final String AWS_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String TOPIC_ARN = "arn:aws:sns:eu-west-1:123456789012:flowsight-alerts";
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "SOC_WEBHOOK_SECRET", WEBHOOK_SECRET,
            "SLACK_WEBHOOK_URL", SLACK_URL,
            "PAGERDUTY_ROUTING_KEY", ROUTING_KEY,
            "NOT_A_WHSEC", "hunter2hunter2hunter2hunter2",
            "NOT_BASE64", "whsec_%%%",
            "SLACK_FTP_URL", "ftp://hooks.slack.com/services/T000/B000/XXXXXXXX",
            "AWS_KEY_ID", AWS_KEY_ID,
            "AWS_SECRET_KEY", AWS_SECRET_KEY);

    private static NotifyConfig parse(String yaml) {
        return new NotifyConfigLoader(ENVIRONMENT).parse(yaml, "notify.yaml");
    }

    private static List<String> problemsOf(String yaml) {
        try {
            parse(yaml);
        } catch (NotifyConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected the configuration to be refused:\n" + yaml);
    }

    @Test
    void anEmptyFileIsTheDefaultsWithNoDestinations() {
        assertThat(parse("")).isEqualTo(new NotifyConfig(Duration.ofSeconds(5), Duration.ofSeconds(15),
                new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofSeconds(60)), AlertLink.none(), List.of()));
    }

    @Test
    void eachDestinationTypeNeedsOnlyItsAddressAndCredentialsAndDefaultsTheRest() {
        NotifyConfig config = parse("""
                destinations:
                  - name: am
                    type: alertmanager
                    url: http://alertmanager:9093
                  - name: soc
                    type: webhook
                    url: https://soc.example.com/flowsight
                    secret: ${SOC_WEBHOOK_SECRET}
                  - name: slack
                    type: slack
                    url: ${SLACK_WEBHOOK_URL}
                  - name: pager
                    type: pagerduty
                    routing-key: ${PAGERDUTY_ROUTING_KEY}
                """);

        assertThat(config.connectTimeout()).isEqualTo(HttpTransport.DEFAULT_CONNECT_TIMEOUT);
        assertThat(config.requestTimeout()).isEqualTo(HttpTransport.DEFAULT_REQUEST_TIMEOUT);
        assertThat(config.retry()).isEqualTo(RetryPolicy.DEFAULT);
        assertThat(config.link()).isEqualTo(AlertLink.none());
        assertThat(config.destinations()).containsExactly(
                new Destination("am", NotificationFilter.EVERYTHING, new AlertmanagerReceiver(
                        URI.create("http://alertmanager:9093"), AlertLink.none(), Duration.ofMinutes(1)),
                        RetryPolicy.DEFAULT, Duration.ZERO),
                new Destination("soc", NotificationFilter.EVERYTHING, new WebhookReceiver(
                        URI.create("https://soc.example.com/flowsight"), WebhookSigningKey.parse(WEBHOOK_SECRET),
                        WebhookFormat.FLOWSIGHT, AlertLink.none()), RetryPolicy.DEFAULT, Duration.ZERO),
                new Destination("slack", NotificationFilter.EVERYTHING, new SlackReceiver(new Secret(SLACK_URL),
                        AlertLink.none()), RetryPolicy.DEFAULT, Duration.ofSeconds(1)),
                new Destination("pager", NotificationFilter.EVERYTHING, new PagerDutyReceiver(
                        URI.create("https://events.pagerduty.com/v2/enqueue"), new Secret(ROUTING_KEY),
                        AlertLink.none()), RetryPolicy.DEFAULT, Duration.ZERO));
    }

    @Test
    void everyKeyMapsToItsSetting() {
        NotifyConfig config = parse("""
                flowsight-url: https://flowsight.example.com
                http:
                  connect-timeout: 2s
                  request-timeout: 30s
                retry:
                  max-attempts: 5
                  base-delay: 500ms
                  max-delay: 2m
                destinations:
                  - name: am
                    type: alertmanager
                    url: http://alertmanager:9093
                    min-severity: medium
                    detectors: [port_scan, brute_force]
                    resend-interval: 30s
                    resolve-timeout: 2m
                  - name: siem
                    type: webhook
                    url: https://siem.example.com/ingest
                    secret: ${SOC_WEBHOOK_SECRET}
                    format: ocsf
                    retry:
                      max-attempts: 10
                  - name: slack
                    type: slack
                    url: ${SLACK_WEBHOOK_URL}
                    min-severity: high
                    detectors: watchlist
                    min-interval: 2s
                  - name: pager
                    type: pagerduty
                    routing-key: ${PAGERDUTY_ROUTING_KEY}
                    url: http://127.0.0.1:8080/v2/enqueue
                    min-severity: critical
                """);

        AlertLink link = AlertLink.under(URI.create("https://flowsight.example.com"));
        RetryPolicy retry = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofMinutes(2));
        assertThat(config).isEqualTo(new NotifyConfig(Duration.ofSeconds(2), Duration.ofSeconds(30), retry, link,
                List.of(
                        new Destination("am", new NotificationFilter(Severity.MEDIUM, Set.of("port_scan",
                                "brute_force")), new AlertmanagerReceiver(URI.create("http://alertmanager:9093"),
                                link, Duration.ofSeconds(30)), retry, Duration.ZERO),
                        new Destination("siem", NotificationFilter.EVERYTHING, new WebhookReceiver(
                                URI.create("https://siem.example.com/ingest"), WebhookSigningKey.parse(WEBHOOK_SECRET),
                                WebhookFormat.OCSF, link), new RetryPolicy(10, Duration.ofMillis(500),
                                Duration.ofMinutes(2)), Duration.ZERO),
                        new Destination("slack", new NotificationFilter(Severity.HIGH, Set.of("watchlist")),
                                new SlackReceiver(new Secret(SLACK_URL), link), retry, Duration.ofSeconds(2)),
                        new Destination("pager", new NotificationFilter(Severity.CRITICAL, Set.of()),
                                new PagerDutyReceiver(URI.create("http://127.0.0.1:8080/v2/enqueue"),
                                        new Secret(ROUTING_KEY), link), retry, Duration.ZERO))));
    }

    @Test
    void aFileIsReadFromDisk(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("notify.yaml");
        Files.writeString(file, "retry:\n  max-attempts: 3\n");

        assertThat(new NotifyConfigLoader(Map.of()).load(file).retry().maxAttempts()).isEqualTo(3);
    }

    @Test
    void anUnknownDestinationType() {
        assertThat(problemsOf("""
                destinations:
                  - {name: teams, type: msteams, url: "https://x.example.com"}
                """)).containsExactly("destinations[0].type \"msteams\" is not a destination type: use alertmanager, "
                + "webhook, slack, pagerduty, sns or securityhub.");
    }

    @Test
    void aMissingType() {
        assertThat(problemsOf("""
                destinations:
                  - {name: soc}
                """)).containsExactly("destinations[0].type is missing: set it to alertmanager, webhook, slack, "
                + "pagerduty, sns or securityhub.");
    }

    @Test
    void aMissingUrl() {
        assertThat(problemsOf("""
                destinations:
                  - {name: am, type: alertmanager}
                """)).containsExactly("destinations[0].url is missing: set it to the Alertmanager's base URL, e.g. "
                + "http://alertmanager:9093.");
    }

    @Test
    void aUrlThatIsNotHttp() {
        assertThat(problemsOf("""
                destinations:
                  - {name: am, type: alertmanager, url: "ftp://alertmanager:9093"}
                """)).containsExactly("destinations[0].url \"ftp://alertmanager:9093\" is not an http:// or https:// "
                + "URL: write it as http://host:port/path or https://host/path.");
    }

    @Test
    void aSecretUrlThatIsNotHttpIsNamedByItsReferenceNotQuoted() {
        List<String> problems = problemsOf("""
                destinations:
                  - {name: slack, type: slack, url: "${SLACK_FTP_URL}"}
                """);

        assertThat(problems).containsExactly("destinations[0].url (from ${SLACK_FTP_URL}) is not an http:// or "
                + "https:// URL: write it as http://host:port/path or https://host/path.");
    }

    @Test
    void aWebhookSecretThatIsNotAWhsecSecret() {
        assertThat(problemsOf("""
                destinations:
                  - {name: soc, type: webhook, url: "https://soc.example.com", secret: "${NOT_A_WHSEC}"}
                """)).containsExactly("destinations[0].secret (from ${NOT_A_WHSEC}) does not start with whsec_: "
                + "write a Standard Webhooks secret, whsec_ followed by the base64 of the key.");
    }

    @Test
    void aWebhookSecretThatIsNotBase64() {
        assertThat(problemsOf("""
                destinations:
                  - {name: soc, type: webhook, url: "https://soc.example.com", secret: "${NOT_BASE64}"}
                """)).containsExactly("destinations[0].secret (from ${NOT_BASE64}) is not base64 after whsec_: write "
                + "whsec_ followed by the standard base64 of the key, e.g. the output of `openssl rand -base64 32`.");
    }

    @Test
    void aSecretWrittenIntoTheFile() {
        assertThat(problemsOf("""
                destinations:
                  - {name: soc, type: webhook, url: "https://soc.example.com", secret: "%s"}
                  - {name: pager, type: pagerduty, routing-key: R0UT1NGKEY}
                  - {name: slack, type: slack, url: "https://hooks.slack.com/services/T0/B0/X"}
                """.formatted(WEBHOOK_SECRET))).containsExactly(
                "destinations[0].secret is written into the file: put the secret in an environment variable and "
                        + "write ${VARIABLE_NAME} here instead.",
                "destinations[1].routing-key is written into the file: put the secret in an environment variable and "
                        + "write ${VARIABLE_NAME} here instead.",
                "destinations[2].url is written into the file: put the secret in an environment variable and write "
                        + "${VARIABLE_NAME} here instead.");
    }

    @Test
    void aSecretReferenceToAnUnsetVariable() {
        assertThat(problemsOf("""
                destinations:
                  - {name: pager, type: pagerduty, routing-key: "${PAGERDUTY_KEY}"}
                """)).containsExactly("destinations[0].routing-key refers to ${PAGERDUTY_KEY}, which is not set: set "
                + "that environment variable, or correct the name.");
    }

    @Test
    void aMissingSecretOrRoutingKey() {
        assertThat(problemsOf("""
                destinations:
                  - {name: soc, type: webhook, url: "https://soc.example.com"}
                  - {name: pager, type: pagerduty}
                """)).containsExactly(
                "destinations[0].secret is missing: webhook requests are signed; set it to ${VARIABLE_NAME} of an "
                        + "environment variable holding a whsec_ secret.",
                "destinations[1].routing-key is missing: set it to ${VARIABLE_NAME} of an environment variable "
                        + "holding the Events API v2 integration key.");
    }

    @Test
    void anUnknownSeverity() {
        assertThat(problemsOf("""
                destinations:
                  - {name: am, type: alertmanager, url: "http://am:9093", min-severity: urgent}
                """)).containsExactly("destinations[0].min-severity \"urgent\" is not a severity: use low, medium, "
                + "high or critical.");
    }

    @Test
    void anUnknownKeyIsReportedWithTheKeysThatExistThere() {
        assertThat(problemsOf("""
                retries:
                  max-attempts: 3
                destinations:
                  - {name: slack, type: slack, url: "${SLACK_WEBHOOK_URL}", min-severty: high}
                  - {name: am, type: alertmanager, url: "http://am:9093", retry: {attempts: 3}}
                """)).containsExactly(
                "destinations[0].min-severty is not a setting: a slack destination takes name, type, min-severity, "
                        + "detectors, min-interval, retry and url.",
                "destinations[1].retry.attempts is not a setting: destinations[1].retry takes max-attempts, "
                        + "base-delay and max-delay.",
                "retries is not a setting: the notify configuration takes flowsight-url, http, retry and "
                        + "destinations.");
    }

    @Test
    void anUnknownWebhookFormat() {
        assertThat(problemsOf("""
                destinations:
                  - {name: soc, type: webhook, url: "https://soc.example.com", secret: "${SOC_WEBHOOK_SECRET}",
                     format: cef}
                """)).containsExactly("destinations[0].format \"cef\" is not a webhook format: use flowsight or ocsf.");
    }

    @Test
    void durationsAndNumbersThatCannotBeRead() {
        assertThat(problemsOf("""
                http:
                  connect-timeout: 5
                  request-timeout: 0s
                retry:
                  max-attempts: many
                  base-delay: fast
                """)).containsExactly(
                "http.connect-timeout \"5\" is not a duration: write it like 500ms, 10s, 5m or 1h.",
                "http.request-timeout is zero: give it a positive duration, e.g. 10s.",
                "retry.max-attempts \"many\" is not a whole number: write it as digits, e.g. 5.",
                "retry.base-delay \"fast\" is not a duration: write it like 500ms, 10s, 5m or 1h.");
    }

    @Test
    void aRetryPolicyThatCannotWork() {
        assertThat(problemsOf("""
                retry:
                  max-attempts: 0
                  base-delay: 10s
                  max-delay: 5s
                """)).containsExactly(
                "retry.max-attempts is 0: set it to 1 (no retries) or more.",
                "retry.max-delay 5s is shorter than base-delay 10s: make it at least as long.");
    }

    @Test
    void anAlertmanagerResendIntervalThatIsNotShorterThanItsResolveTimeout() {
        assertThat(problemsOf("""
                destinations:
                  - {name: am, type: alertmanager, url: "http://am:9093", resend-interval: 5m}
                """)).containsExactly("destinations[0].resend-interval 5m is not shorter than resolve-timeout 5m: "
                + "Alertmanager would resolve firing alerts between two re-sends, so make it shorter (the default is "
                + "1m against Alertmanager's default 5m).");
    }

    @Test
    void namesThatAreMissingNotPlainOrTaken() {
        assertThat(problemsOf("""
                destinations:
                  - {type: alertmanager, url: "http://am:9093"}
                  - {name: "SOC Slack", type: alertmanager, url: "http://am:9093"}
                  - {name: am, type: alertmanager, url: "http://am:9093"}
                  - {name: am, type: alertmanager, url: "http://am2:9093"}
                """)).containsExactly(
                "destinations[0].name is missing: give each destination a name, e.g. soc-slack.",
                "destinations[1].name \"SOC Slack\" is not a plain name: use lower-case letters, digits, - and _ (it "
                        + "becomes a metric tag).",
                "destinations[3].name \"am\" is already the name of destinations[2]: give each destination its own "
                        + "name.");
    }

    @Test
    void detectorsThatAreNotAListOfNames() {
        assertThat(problemsOf("""
                destinations:
                  - {name: am, type: alertmanager, url: "http://am:9093", detectors: {port_scan: true}}
                """)).containsExactly("destinations[0].detectors must be a list of names, e.g. "
                + "[port_scan, brute_force].");
    }

    @Test
    void sectionsOfTheWrongShape() {
        assertThat(problemsOf("""
                http: fast
                destinations:
                  name: am
                """)).containsExactly(
                "http must be a mapping of settings, e.g. connect-timeout: 5s.",
                "destinations must be a list, each item starting with \"- \", e.g. - name: soc-slack.");
    }

    @Test
    void textThatIsNotYamlIsReportedWithItsLine() {
        assertThatThrownBy(() -> parse("""
                retry:
                  max-attempts: 3
                   base-delay: 1s
                """)).isInstanceOf(NotifyConfigException.class)
                .hasMessageStartingWith("notify.yaml has a problem:\n  The file is not valid YAML: ")
                .hasMessageContaining("at line 3, column");
    }

    @Test
    void everyMistakeIsReportedAtOnceInOneMessage() {
        assertThatThrownBy(() -> parse("""
                destinations:
                  - {name: am, type: alertmanager}
                  - {name: soc, type: webhook, url: "https://soc.example.com", secret: "${UNSET}"}
                """)).isInstanceOf(NotifyConfigException.class).hasMessage("""
                notify.yaml has 2 problems:
                  destinations[0].url is missing: set it to the Alertmanager's base URL, e.g. http://alertmanager:9093.
                  destinations[1].secret refers to ${UNSET}, which is not set: set that environment variable, or \
                correct the name.""");
    }

    @Test
    void environmentReferencesWorkInPlainSettingsToo() {
        NotifyConfig config = new NotifyConfigLoader(Map.of("AM_URL", "http://am.internal:9093")).parse("""
                destinations:
                  - {name: am, type: alertmanager, url: "${AM_URL}"}
                """, "notify.yaml");

        assertThat(((AlertmanagerReceiver) config.destinations().get(0).receiver()).alertmanager())
                .isEqualTo(URI.create("http://am.internal:9093"));
    }

    @Test
    void theAwsDestinationsNeedOnlyTheirTopicOrRegionAndAccountAndDefaultTheRest() {
        NotifyConfig config = parse("""
                destinations:
                  - name: alerts-topic
                    type: sns
                    topic-arn: arn:aws:sns:eu-west-1:123456789012:flowsight-alerts
                  - name: hub
                    type: securityhub
                    region: eu-west-1
                    account-id: "123456789012"
                """);

        assertThat(config.destinations()).containsExactly(
                new Destination("alerts-topic", NotificationFilter.EVERYTHING, new SnsReceiver(
                        SnsTopicArn.parse(TOPIC_ARN), URI.create("https://sns.eu-west-1.amazonaws.com/"),
                        AwsCredentialsSource.defaultChain(), AlertLink.none()), RetryPolicy.DEFAULT, Duration.ZERO),
                new Destination("hub", NotificationFilter.EVERYTHING, new SecurityHubReceiver(AwsRegion.of("eu-west-1"),
                        "123456789012", URI.create("https://securityhub.eu-west-1.amazonaws.com"),
                        AwsCredentialsSource.defaultChain(), AlertLink.none()), RetryPolicy.DEFAULT, Duration.ZERO));
    }

    @Test
    void theAwsDestinationsTakeAnEndpointAndStaticKeysFromTheEnvironment() {
        NotifyConfig config = parse("""
                flowsight-url: https://flowsight.example.com
                destinations:
                  - name: alerts-topic
                    type: sns
                    topic-arn: arn:aws:sns:eu-west-1:123456789012:flowsight-alerts.fifo
                    endpoint: https://vpce-0a1b2c3d-sns.eu-west-1.vpce.amazonaws.com
                    access-key-id: ${AWS_KEY_ID}
                    secret-access-key: ${AWS_SECRET_KEY}
                    min-severity: high
                  - name: hub
                    type: securityhub
                    region: cn-north-1
                    account-id: 123456789012
                    endpoint: http://127.0.0.1:4566
                    access-key-id: ${AWS_KEY_ID}
                    secret-access-key: ${AWS_SECRET_KEY}
                    detectors: [port_scan]
                """);

        AlertLink link = AlertLink.under(URI.create("https://flowsight.example.com"));
        AwsCredentialsSource keys = AwsCredentialsSource.staticKeys(AWS_KEY_ID, AWS_SECRET_KEY);
        assertThat(config.destinations()).containsExactly(
                new Destination("alerts-topic", new NotificationFilter(Severity.HIGH, Set.of()), new SnsReceiver(
                        SnsTopicArn.parse(TOPIC_ARN + ".fifo"),
                        URI.create("https://vpce-0a1b2c3d-sns.eu-west-1.vpce.amazonaws.com"), keys, link),
                        RetryPolicy.DEFAULT, Duration.ZERO),
                new Destination("hub", new NotificationFilter(Severity.LOW, Set.of("port_scan")),
                        new SecurityHubReceiver(AwsRegion.of("cn-north-1"), "123456789012",
                                URI.create("http://127.0.0.1:4566"), keys, link), RetryPolicy.DEFAULT, Duration.ZERO));
        assertThat(config.toString()).doesNotContain(AWS_SECRET_KEY).doesNotContain(AWS_KEY_ID);
    }

    @Test
    void aTopicArnThatIsMissingOrNotAnSnsTopic() {
        assertThat(problemsOf("""
                destinations:
                  - {name: a, type: sns}
                  - {name: b, type: sns, topic-arn: "arn:aws:sqs:eu-west-1:123456789012:flowsight-alerts"}
                  - {name: c, type: sns, topic-arn: "arn:aws:sns:cn-north-1:123456789012:flowsight-alerts"}
                """)).containsExactly(
                "destinations[0].topic-arn is missing: set it to the ARN of the SNS topic, e.g. "
                        + "arn:aws:sns:eu-west-1:123456789012:flowsight-alerts.",
                "destinations[1].topic-arn \"arn:aws:sqs:eu-west-1:123456789012:flowsight-alerts\" is not an SNS "
                        + "topic ARN: write it like arn:aws:sns:eu-west-1:123456789012:flowsight-alerts.",
                "destinations[2].topic-arn \"arn:aws:sns:cn-north-1:123456789012:flowsight-alerts\" puts region "
                        + "cn-north-1 in partition aws, but cn-north-1 is in aws-cn: copy the ARN from the topic's page "
                        + "in the console.");
    }

    @Test
    void aSecurityHubDestinationWithoutItsRegionAndAccount() {
        assertThat(problemsOf("""
                destinations:
                  - {name: hub, type: securityhub}
                """)).containsExactly(
                "destinations[0].region is missing: set it to the region whose Security Hub gets the findings, e.g. "
                        + "eu-west-1.",
                "destinations[0].account-id is missing: set it to the 12-digit id of the AWS account the findings "
                        + "belong to (the credentials' account), in quotes, e.g. \"123456789012\".");
    }

    @Test
    void aRegionOrAccountIdThatIsNotOne() {
        assertThat(problemsOf("""
                destinations:
                  - {name: a, type: securityhub, region: "EU West", account-id: "1234-5678-9012"}
                  - {name: b, type: securityhub, region: eu-west-1a, account-id: 012345670123}
                """)).containsExactly(
                "destinations[0].region \"EU West\" is not an AWS region name: write it like eu-west-1.",
                "destinations[0].account-id \"1234-5678-9012\" is not a 12-digit AWS account id: write all 12 digits "
                        + "in quotes, e.g. \"012345678901\".",
                "destinations[1].region \"eu-west-1a\" is not an AWS region name: write it like eu-west-1.",
                // Unquoted with a leading zero, YAML reads an octal number.
                "destinations[1].account-id \"1402433619\" is not a 12-digit AWS account id: write all 12 digits in "
                        + "quotes, e.g. \"012345678901\".");
    }

    @Test
    void anEndpointThatIsNotAUrl() {
        assertThat(problemsOf("""
                destinations:
                  - {name: a, type: sns, topic-arn: "%s", endpoint: "localhost:4566"}
                  - {name: b, type: securityhub, region: eu-west-1, account-id: "123456789012", endpoint: "http://"}
                """.formatted(TOPIC_ARN))).containsExactly(
                "destinations[0].endpoint \"localhost:4566\" is not an http:// or https:// URL: write it as "
                        + "http://host:port/path or https://host/path.",
                "destinations[1].endpoint \"http://\" is not a URL: write it as http://host:port/path or "
                        + "https://host/path.");
    }

    @Test
    void awsKeysWrittenIntoTheFileOrOnlyHalfGiven() {
        assertThat(problemsOf("""
                destinations:
                  - {name: a, type: sns, topic-arn: "%s", access-key-id: "${AWS_KEY_ID}", secret-access-key: "%s"}
                  - {name: b, type: securityhub, region: eu-west-1, account-id: "123456789012",
                     access-key-id: "${AWS_KEY_ID}"}
                """.formatted(TOPIC_ARN, AWS_SECRET_KEY))).containsExactly(
                "destinations[0].secret-access-key is written into the file: put the secret in an environment "
                        + "variable and write ${VARIABLE_NAME} here instead.",
                "destinations[1].secret-access-key is missing: set both access-key-id and secret-access-key (each as "
                        + "${VARIABLE_NAME}), or neither to use the AWS default credentials chain.");
    }

    @Test
    void anAwsDestinationNamesItsOwnKeysWhenGivenAnother() {
        assertThat(problemsOf("""
                destinations:
                  - {name: a, type: sns, topic-arn: "%s", region: eu-west-1}
                """.formatted(TOPIC_ARN))).containsExactly("destinations[0].region is not a setting: an sns "
                + "destination takes name, type, min-severity, detectors, min-interval, retry, topic-arn, endpoint, "
                + "access-key-id and secret-access-key.");
    }
}
