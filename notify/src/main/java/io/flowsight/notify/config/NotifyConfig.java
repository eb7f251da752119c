package io.flowsight.notify.config;

import io.flowsight.notify.AlertLink;
import io.flowsight.notify.DeliveryTiming;
import io.flowsight.notify.Destination;
import io.flowsight.notify.HttpTransport;
import io.flowsight.notify.DestinationSender;
import io.flowsight.notify.RetryPolicy;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The notify configuration, validated: the HTTP timeouts every destination shares, the default retry policy, the
 * link back into FlowSight, and the destinations (each already holding its receiver, filter, retry policy and pacing).
 * Read one with {@link NotifyConfigLoader}; notify/README.md documents every key.
 */
public record NotifyConfig(Duration connectTimeout, Duration requestTimeout, RetryPolicy retry, AlertLink link,
                           List<Destination> destinations) {
    public NotifyConfig {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(link, "link");
        destinations = List.copyOf(destinations);
    }

    /** One sender per destination, sharing one HTTP client, on the system clock. */
    public List<DestinationSender> senders(MeterRegistry registry) {
        return senders(registry, DeliveryTiming.system());
    }

    public List<DestinationSender> senders(MeterRegistry registry, DeliveryTiming timing) {
        HttpTransport transport = HttpTransport.create(connectTimeout, requestTimeout, timing.clock());
        return destinations.stream()
                .map(destination -> new DestinationSender(destination, transport, timing, registry)).toList();
    }
}
