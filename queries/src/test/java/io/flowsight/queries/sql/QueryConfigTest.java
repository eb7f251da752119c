package io.flowsight.queries.sql;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryConfigTest {
    @Test
    void defaults() {
        QueryConfig config = QueryConfig.defaults();
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.timeoutText()).isEqualTo("30s");
        assertThat(config.maxConcurrent()).isEqualTo(2);
        assertThat(config.threads()).isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        assertThat(config.memoryLimit()).isEqualTo("1GB");
    }

    @Test
    void everyKeyIsRead() {
        QueryConfig config = new QueryConfig(Map.of("flowsight.query.timeout", "PT2M", "flowsight.query.max.concurrent",
                "4", "flowsight.query.threads", "3", "flowsight.query.memory.limit", "10%", "bootstrap.servers", "x:9092"));
        assertThat(config.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.maxConcurrent()).isEqualTo(4);
        assertThat(config.threads()).isEqualTo(3);
        assertThat(config.memoryLimit()).isEqualTo("10%");
        assertThat(new QueryConfig(Map.of("flowsight.query.timeout", "1500ms")).timeout()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void badValuesAreOneSentenceThatSaysWhatToWrite() {
        assertThatThrownBy(() -> new QueryConfig(Map.of("flowsight.query.timeout", "soon")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("flowsight.query.timeout is 'soon', which is not a duration; write e.g. 30s, 15m, 1h or 2d.");
        assertThatThrownBy(() -> new QueryConfig(Map.of("flowsight.query.timeout", "0s")))
                .hasMessage("flowsight.query.timeout is '0s'; a query needs some time, e.g. 30s.");
        assertThatThrownBy(() -> new QueryConfig(Map.of("flowsight.query.memory.limit", "lots")))
                .hasMessage("flowsight.query.memory.limit is 'lots', which is not an amount of memory; write e.g. "
                        + "512MB, 2GB or 10%.");
        assertThatThrownBy(() -> new QueryConfig(Map.of("flowsight.query.max.concurrent", "0")))
                .hasMessageContaining("flowsight.query.max.concurrent");
    }
}
