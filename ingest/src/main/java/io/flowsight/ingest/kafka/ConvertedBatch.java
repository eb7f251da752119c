package io.flowsight.ingest.kafka;

import io.flowsight.ingest.parse.RejectReason;
import io.flowsight.ingest.source.SourcePosition;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.List;

/**
 * Lines of one source turned into ready-to-send Kafka records by the parsing thread, with the position reached
 * after the last of them; or the failure that stopped the parsing thread.
 *
 * @param records   records and dead letters, in line order
 * @param rejected  for each entry of {@code records}, the reason it is a dead letter, or null for a record
 * @param bytesRead bytes of log text these lines took
 * @param skipped   CloudWatch control messages skipped among these lines
 * @param withExtraFields records that kept trailing fields newer than FlowSight knows
 * @param latestEventMillis the latest event time among these records (epoch ms), Long.MIN_VALUE if none
 * @param last      whether the parsing thread has reached the end of the source (for now, when following)
 */
record ConvertedBatch(List<ProducerRecord<byte[], byte[]>> records, List<RejectReason> rejected, long bytesRead,
                      long skipped, long withExtraFields, long latestEventMillis, SourcePosition position, Throwable failure, boolean last) {

    static ConvertedBatch failed(Throwable failure) {
        return new ConvertedBatch(List.of(), List.of(), 0, 0, 0, Long.MIN_VALUE, null, failure, true);
    }
}
