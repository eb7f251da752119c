package io.flowsight.ingest.parse;

import com.google.common.net.InetAddresses;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IpAddressFieldTest {

    /** The allocation-free IPv4 check says what Guava says, on every kind of near miss. */
    @Test
    void dottedQuadsAreReadAsGuavaReadsThem() {
        List<String> cases = List.of("10.0.0.1", "0.0.0.0", "255.255.255.255", "1.2.3.4", "192.168.131.39",
                "256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.04", "1..2.3", ".1.2.3", "1.2.3.", "1.2.3.4.",
                "", "a.b.c.d", "1.2.3.4 ", " 1.2.3.4", "1234.1.1.1", "999.1.1.1", "1.2.3.-4", "+1.2.3.4", "0.0.0.00",
                "not-an-ip", "10.0.0.256", "4294967296.1.1.1");
        for (String text : cases) {
            assertThat(IpAddressField.isDottedQuad(text)).as("'%s'", text)
                    .isEqualTo(InetAddresses.isInetAddress(text) && text.indexOf(':') < 0);
        }
    }
}
