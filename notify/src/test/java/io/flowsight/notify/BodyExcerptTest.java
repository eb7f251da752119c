package io.flowsight.notify;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class BodyExcerptTest {
    @Test
    void aShortBodyIsKeptWhole() {
        assertThat(BodyExcerpt.of("{\"status\":\"invalid event\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("{\"status\":\"invalid event\"}");
    }

    @Test
    void aLongBodyIsCutAt4KiBWithoutSplittingACharacter() {
        // 4095 ASCII bytes, then a 3-byte euro sign straddling the limit
        byte[] body = ("a".repeat(4095) + "€€€").getBytes(StandardCharsets.UTF_8);

        String excerpt = BodyExcerpt.of(body);

        assertThat(excerpt).isEqualTo("a".repeat(4095));
        assertThat(excerpt.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(BodyExcerpt.MAX_BYTES);
    }
}
