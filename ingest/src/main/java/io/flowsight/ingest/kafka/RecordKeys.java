package io.flowsight.ingest.kafka;

import io.flowsight.schemas.AlbConnectionLogEntry;
import io.flowsight.schemas.AlbLogEntry;
import io.flowsight.schemas.CloudTrailEvent;
import io.flowsight.schemas.VpcFlowLog;

/**
 * The Kafka key of each raw record (DESIGN.md section 3): the source address, so that per-address aggregations
 * in the topology need no repartition. Records without one (NODATA flow records) have a null key.
 */
final class RecordKeys {
    private RecordKeys() {
    }

    static String keyOf(Object record) {
        if (record instanceof VpcFlowLog flow) {
            return flow.getSrcaddr();
        }
        if (record instanceof AlbLogEntry entry) {
            return entry.getClientIp();
        }
        if (record instanceof AlbConnectionLogEntry entry) {
            return entry.getClientIp();
        }
        if (record instanceof CloudTrailEvent event) {
            return event.getSourceipaddress();
        }
        throw new IllegalArgumentException("No key rule for " + record.getClass().getName());
    }
}
