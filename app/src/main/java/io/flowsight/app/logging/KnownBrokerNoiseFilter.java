package io.flowsight.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.slf4j.Marker;

/**
 * Drops the log lines of one known, harmless Kafka 4.x behaviour (KAFKA-18202): with transactions v2, the broker
 * rejects the first batches of a new transaction with OutOfOrderSequence (logged at ERROR with a stack trace), and
 * the producer retries them (logged at WARN), then succeeds. In a one-process run these lines drowned FlowSight's own
 * messages; every other broker and client message still passes.
 */
public final class KnownBrokerNoiseFilter extends TurboFilter {
    private static final String REPLICA_MANAGER = "kafka.server.ReplicaManager";
    private static final String PRODUCER_SENDER = "org.apache.kafka.clients.producer.internals.Sender";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (logger.getName().equals(REPLICA_MANAGER) && t instanceof OutOfOrderSequenceException) {
            return FilterReply.DENY;
        }
        // Kafka's location-aware loggers hand over the formatted message, without parameters.
        if (logger.getName().equals(PRODUCER_SENDER) && level == Level.WARN && format != null
                && format.contains("Got error produce response") && (format.endsWith("OUT_OF_ORDER_SEQUENCE_NUMBER")
                || format.endsWith("CONCURRENT_TRANSACTIONS"))) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
