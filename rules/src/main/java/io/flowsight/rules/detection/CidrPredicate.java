package io.flowsight.rules.detection;

import io.flowsight.schemas.IpNetwork;
import io.flowsight.rules.fields.FieldValues;

import java.util.Optional;

/** Sigma's {@code cidr}: the field holds an IPv4 or IPv6 address inside the network. Text that is no address never matches. */
public record CidrPredicate(IpNetwork network) implements ValuePredicate {

    @Override
    public boolean matches(FieldValues values) {
        for (String text : values.texts()) {
            Optional<byte[]> address = IpNetwork.parseAddress(text.trim());
            if (address.isPresent() && network.contains(address.get())) {
                return true;
            }
        }
        return false;
    }
}
