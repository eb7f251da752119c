package io.flowsight.ingest.source;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InflationLimitTest {

    static byte[] gzip(byte[] repeated, long times) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(compressed, 64 * 1024)) {
            for (long i = 0; i < times; i++) {
                out.write(repeated);
            }
        }
        return compressed.toByteArray();
    }

    static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
        }
        return total;
    }

    @Test
    void aBombOfZerosStopsSoonAfterTheFloor() throws Exception {
        byte[] bomb = gzip(new byte[1024 * 1024], 128);
        assertThat(bomb.length).as("128 MiB of zeros").isLessThan(256 * 1024);
        InflationLimit limit = new InflationLimit(100, 16L * 1024 * 1024);
        InputStream guarded = limit.guard(DecompressingInput.open(new ByteArrayInputStream(bomb)));
        assertThatThrownBy(() -> drain(guarded))
                .isInstanceOfSatisfying(InflationLimitExceeded.class, e -> assertThat(e.inflatedBytes())
                        .isGreaterThan(16L * 1024 * 1024).isLessThan(17L * 1024 * 1024))
                .hasMessageContaining("(more than 100 times), which no log file does")
                .hasMessageEndingWith("If it is a real log, raise flowsight.ingest.max.inflation.ratio.");
    }

    @Test
    void logLinesAndSmallFilesPass() throws Exception {
        StringBuilder log = new StringBuilder();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 400_000; i++) {
            log.append("2 123456789012 eni-0a1b2c3d 10.0.").append(random.nextInt(256)).append('.')
                    .append(random.nextInt(256)).append(" 203.0.113.").append(random.nextInt(256)).append(' ')
                    .append(random.nextInt(65536)).append(" 443 6 ").append(random.nextInt(100)).append(' ')
                    .append(random.nextInt(100_000)).append(" 1700000000 1700000060 ACCEPT OK\n");
        }
        byte[] text = log.toString().getBytes(StandardCharsets.UTF_8);
        InflationLimit tight = new InflationLimit(100, 1024);
        assertThat(drain(tight.guard(DecompressingInput.open(new ByteArrayInputStream(gzip(text, 1))))))
                .isEqualTo(text.length);
        byte[] smallBomb = gzip(new byte[1024 * 1024], 8);
        assertThat(drain(InflationLimit.DEFAULT.guard(DecompressingInput.open(new ByteArrayInputStream(smallBomb)))))
                .as("8 MiB of zeros: below the default floor").isEqualTo(8L * 1024 * 1024);
    }

    @Test
    void plainContentIsNotWatched() throws Exception {
        InputStream plain = DecompressingInput.open(new ByteArrayInputStream(new byte[1000]));
        assertThat(InflationLimit.DEFAULT.guard(plain)).isSameAs(plain);
    }
}
