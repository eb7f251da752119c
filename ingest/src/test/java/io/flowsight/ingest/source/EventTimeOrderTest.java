package io.flowsight.ingest.source;

import io.flowsight.ingest.LogType;
import io.flowsight.ingest.SharedSamples;
import io.flowsight.ingest.cloudtrail.CloudTrailParser;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EventTimeOrderTest {
    @TempDir
    Path directory;

    @Test
    void awsObjectsAreReadByTheTimeInTheirNamesAcrossAccountsAndRegions() throws IOException {
        // As an S3 listing gives them: account by account, region by region, then time.
        List<LocalFileSource> listed = List.of(
                file("AWSLogs/111111111111/vpcflowlogs/eu-west-1/2026/11/22/111111111111_vpcflowlogs_eu-west-1_fl-1_20261122T1005Z_a.log.gz"),
                file("AWSLogs/111111111111/vpcflowlogs/eu-west-1/2026/11/22/111111111111_vpcflowlogs_eu-west-1_fl-1_20261122T1010Z_b.log.gz"),
                file("AWSLogs/111111111111/vpcflowlogs/us-east-1/2026/11/22/111111111111_vpcflowlogs_us-east-1_fl-2_20261122T1005Z_c.log.gz"),
                file("AWSLogs/111111111111/vpcflowlogs/us-east-1/2026/11/22/111111111111_vpcflowlogs_us-east-1_fl-2_20261122T1010Z_d.log.gz"),
                file("AWSLogs/222222222222/vpcflowlogs/us-east-1/2026/11/22/222222222222_vpcflowlogs_us-east-1_fl-3_20261122T1000Z_e.log.gz"));

        List<LocalFileSource> ordered = new EventTimeOrder(LogType.VPC, VpcFlowLogFormat.DEFAULT).sort(listed);

        assertThat(ordered).extracting(source -> source.path().getFileName().toString().replaceAll(".*_", ""))
                .containsExactly("e.log.gz", "a.log.gz", "c.log.gz", "b.log.gz", "d.log.gz");
    }

    @Test
    void inputsNamedOtherwiseAreReadByTheirFirstRecordsAndUntimedOnesLast() throws IOException {
        LocalFileSource notes = write("notes.log", "nothing here tells a time\n");
        LocalFileSource later = write("later.log", """
                version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status
                2 123456789012 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1700000600 1700000660 ACCEPT OK
                """);
        LocalFileSource earlier = write("earlier.log", """
                2 123456789012 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1700000120 1700000180 ACCEPT OK
                2 123456789012 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1700000060 1700000120 ACCEPT OK
                """);

        List<LocalFileSource> ordered = new EventTimeOrder(LogType.VPC, VpcFlowLogFormat.DEFAULT)
                .sort(List.of(notes, later, earlier));

        assertThat(ordered).containsExactly(earlier, later, notes);
        assertThat(new EventTimeOrder(LogType.VPC, VpcFlowLogFormat.DEFAULT).timeOf(earlier))
                .isEqualTo(Instant.ofEpochSecond(1700000060));
    }

    @Test
    void cloudTrailFilesWithoutTimedNamesAreReadByTheirEarliestEvent() throws IOException {
        // Stratus Red Team's detonation files: a JSON array per technique, named after it.
        LocalFileSource stop = write("aws.defense-evasion.cloudtrail-stop.json",
                "[{\"eventName\":\"StopLogging\",\"eventTime\": \"2024-07-31T13:06:24Z\"}]");
        LocalFileSource password = write("aws.credential-access.ec2-get-password-data.json",
                "[{\"eventTime\":\"2024-07-30T21:31:21Z\"},\n {\"eventTime\":\"2024-07-30T21:31:10Z\"}]");

        assertThat(new EventTimeOrder(LogType.CLOUDTRAIL, VpcFlowLogFormat.DEFAULT).sort(List.of(stop, password)))
                .containsExactly(password, stop);
    }

    /**
     * The Stratus Red Team detonations in {@code ../shared} (35 files named after their techniques, not their times):
     * read in listing order, an event comes up to four months behind the latest one; in event-time order, at most
     * the span of one file, minutes within the grace.
     */
    @Test
    void theStratusRedTeamDetonationsAreReadInEventTimeOrder() throws Exception {
        assumeTrue(SharedSamples.present(), "../shared is not here");
        List<LocalFileSource> listed = new ArrayList<>();
        try (Stream<Path> files = Files.list(SharedSamples.file("cloudtrail/stratus_red_team_detonation_logs"))) {
            for (Path file : files.sorted().toList()) {
                listed.add(new LocalFileSource(file));
            }
        }
        assertThat(listed).hasSize(35);
        List<LocalFileSource> ordered = new EventTimeOrder(LogType.CLOUDTRAIL, VpcFlowLogFormat.DEFAULT).sort(listed);

        assertThat(largestLateness(listed)).isGreaterThan(Duration.ofDays(30));
        assertThat(largestLateness(ordered)).isLessThan(Duration.ofMinutes(2));
    }

    /** How far an event comes behind the latest event read before it. */
    private static Duration largestLateness(List<LocalFileSource> sources) throws Exception {
        Instant latest = Instant.MIN;
        Duration lateness = Duration.ZERO;
        for (LocalFileSource source : sources) {
            for (CloudTrailParser.Outcome event : new CloudTrailParser().parseDocument(Files.readString(source.path()))
                    .events()) {
                Instant time = event.event().getEventTime();
                latest = time.isAfter(latest) ? time : latest;
                Duration behind = Duration.between(time, latest);
                lateness = behind.compareTo(lateness) > 0 ? behind : lateness;
            }
        }
        return lateness;
    }

    @Test
    void standardInputIsNeverReadToTellItsTime() {
        StdinSource stdin = new StdinSource(new ByteArrayInputStream(
                "2 123456789012 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1700000060 1700000120 ACCEPT OK\n".getBytes()));
        assertThat(new EventTimeOrder(LogType.VPC, VpcFlowLogFormat.DEFAULT).timeOf(stdin)).isNull();
    }

    private LocalFileSource file(String path) throws IOException {
        Path file = directory.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "");
        return new LocalFileSource(file);
    }

    private LocalFileSource write(String name, String content) throws IOException {
        return new LocalFileSource(Files.writeString(directory.resolve(name), content));
    }
}
