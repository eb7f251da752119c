package io.flowsight.notify.service;

import io.flowsight.notify.AlertNotification;
import io.flowsight.schemas.IpNetwork;
import io.flowsight.schemas.Silence;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The silences as the compacted silences topic holds them, by id, and whether one holds back a notification now.
 * Fed by {@link SilencesReader}; read by every destination's worker.
 */
public final class ActiveSilences {
    private final Map<String, Silence> byId = new ConcurrentHashMap<>();

    /** A silence written or re-written (expired); null removes it. */
    void put(String id, Silence silence) {
        if (silence == null) {
            byId.remove(id);
        } else {
            byId.put(id, silence);
        }
    }

    /** The silence holding back {@code notification} at {@code now}, if any: its address in the silence's network,
     * its detector the silence's (or the silence names none), {@code now} between its start and end. */
    public Optional<Silence> silencing(AlertNotification notification, Instant now) {
        Optional<byte[]> address = IpNetwork.parseAddress(notification.ip());
        if (address.isEmpty()) {
            return Optional.empty();
        }
        return byId.values().stream().filter(silence -> holds(silence, notification.detector(), address.get(), now))
                .findFirst();
    }

    private static boolean holds(Silence silence, String detector, byte[] address, Instant now) {
        if (now.isBefore(silence.getStartsAt()) || !now.isBefore(silence.getEndsAt())) {
            return false;
        }
        if (silence.getDetector() != null && !silence.getDetector().equals(detector)) {
            return false;
        }
        return IpNetwork.parse(silence.getAddress()).map(network -> network.contains(address)).orElse(false);
    }
}
