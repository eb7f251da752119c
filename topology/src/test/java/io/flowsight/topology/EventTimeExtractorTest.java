package io.flowsight.topology;

import io.flowsight.schemas.Heartbeat;
import io.flowsight.schemas.VpcFlowLog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event time comes from what a record says, never from when the broker appended it: FlowSight's topics stamp records
 * with their append time.
 */
class EventTimeExtractorTest {
    static final Instant APPENDED = Instant.parse("2026-12-01T23:00:00Z");
    final EventTimeExtractor extractor = new EventTimeExtractor();

    @Test
    void aLogRecordKeepsItsOwnEventTime() {
        VpcFlowLog flow = VpcFlowLog.newBuilder().setVersion(2).setStart(1_437_696_000L)
                .setEventTime(Instant.parse("2015-07-24T00:00:00Z")).build();
        assertThat(extractor.extract(record(flow, new RecordHeaders()), 0))
                .isEqualTo(Instant.parse("2015-07-24T00:00:00Z").toEpochMilli());
    }

    @Test
    void aHeartbeatTakesTheWatermarkOfItsHeader() {
        assertThat(extractor.extract(record(null, Heartbeat.headers(Instant.parse("2015-07-24T01:15:00Z"))), 0))
                .isEqualTo(Instant.parse("2015-07-24T01:15:00Z").toEpochMilli());
    }

    @Test
    void anUnreadableHeartbeatHeaderFallsBackToTheRecordTimestamp() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Heartbeat.HEADER, "yesterday".getBytes(StandardCharsets.UTF_8));
        assertThat(Heartbeat.watermark(headers)).isEmpty();
        assertThat(extractor.extract(record(null, headers), 0)).isEqualTo(APPENDED.toEpochMilli());
    }

    @Test
    void anInternalValueKeepsTheRecordTimestamp() {
        assertThat(extractor.extract(record("partial list", new RecordHeaders()), 0))
                .isEqualTo(APPENDED.toEpochMilli());
    }

    private static ConsumerRecord<Object, Object> record(Object value, Headers headers) {
        return new ConsumerRecord<>("flowsight.raw.vpcflow", 0, 42L, APPENDED.toEpochMilli(),
                TimestampType.LOG_APPEND_TIME, 0, 0, null, value, headers, Optional.empty());
    }
}
