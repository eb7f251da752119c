package io.flowsight.queries.sql;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResultFormatTest {
    /** A row of top_talkers as the lake returns it, with a CloudTrail-like map beside it. */
    static final QueryResult NESTED = new QueryResult(List.of("dimension", "entries", "tags"),
            List.of("VARCHAR", "STRUCT(rank INTEGER, \"key\" VARCHAR, \"value\" BIGINT)[]", "MAP(VARCHAR, VARCHAR)"),
            List.of(List.of("src_bytes", List.of(entry(1, "10.0.5.5", 1_200_000_000L), entry(2, "10.0.3.5", 7L)),
                    Map.of("team", "net"))));

    @Test
    void jsonWritesListsStructsAndMapsAsJson() {
        assertThat(ResultFormat.JSON.render(NESTED)).isEqualTo("{\"dimension\":\"src_bytes\",\"entries\":["
                + "{\"rank\":1,\"key\":\"10.0.5.5\",\"value\":1200000000},{\"rank\":2,\"key\":\"10.0.3.5\",\"value\":7}],"
                + "\"tags\":{\"team\":\"net\"}}\n");
    }

    @Test
    void csvWritesNestedValuesAsJsonText() {
        assertThat(ResultFormat.CSV.render(NESTED)).isEqualTo("dimension,entries,tags\n"
                + "src_bytes,\"[{\"\"rank\"\":1,\"\"key\"\":\"\"10.0.5.5\"\",\"\"value\"\":1200000000},"
                + "{\"\"rank\"\":2,\"\"key\"\":\"\"10.0.3.5\"\",\"\"value\"\":7}]\",\"{\"\"team\"\":\"\"net\"\"}\"\n");
    }

    @Test
    void theTableShowsNestedValuesAsJsonCutToTheCellWidth() {
        assertThat(ResultFormat.TABLE.render(NESTED).lines().toList()).containsExactly(
                "dimension | entries                                                                          | tags          ",
                "----------+----------------------------------------------------------------------------------+---------------",
                "src_bytes | [{\"rank\":1,\"key\":\"10.0.5.5\",\"value\":1200000000},{\"rank\":2,\"key\":\"10.0.3.5\",\"val\u2026 | {\"team\":\"net\"}",
                "(1 row)");
    }

    @Test
    void blobsAreTextWhenValidUtf8AndOtherwiseBase64ForScriptsAndHexForPeople() {
        byte[] gzipStart = {0x1f, (byte) 0x8b, 0x08, 0x00};
        QueryResult payloads = new QueryResult(List.of("reason", "payload"), List.of("VARCHAR", "BLOB"), List.of(
                List.of("bad_value", new BinaryValue("2 123 eni-0 not-an-ip\tx".getBytes(StandardCharsets.UTF_8))),
                List.of("gzip_bomb", new BinaryValue(gzipStart))));
        assertThat(ResultFormat.JSON.render(payloads)).isEqualTo(
                "{\"reason\":\"bad_value\",\"payload\":\"2 123 eni-0 not-an-ip\\tx\"}\n"
                        + "{\"reason\":\"gzip_bomb\",\"payload\":\"H4sIAA==\"}\n");
        assertThat(ResultFormat.CSV.render(payloads)).isEqualTo(
                "reason,payload\nbad_value,2 123 eni-0 not-an-ip\tx\ngzip_bomb,H4sIAA==\n");
        assertThat(ResultFormat.TABLE.render(payloads).lines().toList()).containsExactly(
                "reason    | payload                 ",
                "----------+-------------------------",
                "bad_value | 2 123 eni-0 not-an-ip\\tx",
                "gzip_bomb | 0x1f8b0800              ",
                "(2 rows)");
    }

    @Test
    void aLongLineIsCutToTheCellWidth() {
        byte[] line = new byte[10_000];
        Arrays.fill(line, (byte) 'a');
        String cell = ResultFormat.TABLE.render(new QueryResult(List.of("payload"), List.of("BLOB"),
                List.of(List.of(new BinaryValue(line))))).lines().toList().get(2);
        assertThat(cell).isEqualTo("a".repeat(ResultFormat.TABLE_CELL_WIDTH - 1) + "\u2026");
    }

    @Test
    void hugeNumbersStayNumbers() {
        assertThat(ResultFormat.JSON.render(new QueryResult(List.of("sum"), List.of("HUGEINT"),
                List.of(List.of(new BigInteger("170141183460469231731687303715884105727"))))))
                .isEqualTo("{\"sum\":170141183460469231731687303715884105727}\n");
    }

    private static Map<String, Object> entry(int rank, String key, long value) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("rank", rank);
        entry.put("key", key);
        entry.put("value", value);
        return entry;
    }
}
