package io.flowsight.sinks;

import io.flowsight.schemas.CloudTrailEvent;
import io.flowsight.schemas.CloudTrailResource;
import io.flowsight.schemas.SessionAttributes;
import io.flowsight.schemas.SessionContext;
import io.flowsight.schemas.TopTalkerEntry;
import io.flowsight.schemas.TopTalkers;
import io.flowsight.schemas.UserIdentity;
import io.flowsight.sinks.parquet.ParquetPartFile;
import io.flowsight.sinks.parquet.ParquetSettings;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lake files keep the Avro types as Parquet types engines understand: timestamps as timestamps, CloudTrail's
 * useridentity as a struct, resources and top-N entries as lists of structs, maps as maps.
 */
class ParquetTypesTest {
    @TempDir
    Path directory;

    @Test
    void cloudTrailNestedColumnsAreStructsAndListsForSql() throws Exception {
        CloudTrailEvent event = CloudTrailEvent.newBuilder()
                .setEventversion("1.08").setEventtime("2026-11-22T10:15:00Z").setEventname("GetObject")
                .setSourceipaddress("203.0.113.9").setErrorcode("AccessDenied")
                .setUseridentity(UserIdentity.newBuilder().setType("AssumedRole")
                        .setArn("arn:aws:sts::111122223333:assumed-role/app/s").setAccountid("111122223333")
                        .setSessioncontext(SessionContext.newBuilder()
                                .setAttributes(SessionAttributes.newBuilder().setMfaauthenticated("false").build())
                                .setWebidfederationdata(Map.of("federatedProvider", "accounts.google.com")).build())
                        .build())
                .setResources(List.of(CloudTrailResource.newBuilder().setArn("arn:aws:s3:::b/k")
                        .setType("AWS::S3::Object").build()))
                .setEventTime(Instant.parse("2026-11-22T10:15:00Z"))
                .build();
        Path file = write(CloudTrailEvent.getClassSchema(), event, "zstd");

        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duck.createStatement();
             ResultSet row = sql.executeQuery("SELECT useridentity.arn, useridentity.sessioncontext.attributes"
                     + ".mfaauthenticated, resources[1].type, typeof(event_time), event_time, errorcode, "
                     + "useridentity.sessioncontext.webidfederationdata['federatedProvider'], typeof(resources) "
                     + "FROM read_parquet('" + file + "')")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("arn:aws:sts::111122223333:assumed-role/app/s");
            assertThat(row.getString(2)).isEqualTo("false");
            assertThat(row.getString(3)).isEqualTo("AWS::S3::Object");
            assertThat(row.getString(4)).isEqualTo("TIMESTAMP WITH TIME ZONE");
            assertThat(row.getObject(5, java.time.OffsetDateTime.class).toInstant())
                    .isEqualTo(Instant.parse("2026-11-22T10:15:00Z"));
            assertThat(row.getString(6)).isEqualTo("AccessDenied");
            assertThat(row.getString(7)).isEqualTo("accounts.google.com");
            assertThat(row.getString(8)).isEqualTo("STRUCT(arn VARCHAR, accountid VARCHAR, \"type\" VARCHAR)[]");
        }
    }

    @Test
    void topTalkerEntriesAreAListOfStructsAndSnappyIsReadable() throws Exception {
        TopTalkers top = TopTalkers.newBuilder()
                .setWindowStart(Instant.parse("2026-11-22T10:00:00Z")).setWindowEnd(Instant.parse("2026-11-22T10:01:00Z"))
                .setDimension("vpc_src_bytes").setMode("exact").setMaxError(null)
                .setEntries(List.of(new TopTalkerEntry(1, "10.0.0.5", 9000L, null, null),
                        new TopTalkerEntry(2, "10.0.0.7", 4000L, null, null)))
                .build();
        Path file = write(TopTalkers.getClassSchema(), top, "snappy");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duck.createStatement();
             ResultSet row = sql.executeQuery("SELECT e.rank, e.key, e.value FROM (SELECT unnest(entries) AS e FROM "
                     + "read_parquet('" + file + "')) ORDER BY e.rank")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(2)).isEqualTo("10.0.0.5");
            assertThat(row.getLong(3)).isEqualTo(9000L);
            assertThat(row.next()).isTrue();
            assertThat(row.getInt(1)).isEqualTo(2);
            assertThat(row.next()).isFalse();
        }
    }

    private Path write(org.apache.avro.Schema schema, org.apache.avro.generic.IndexedRecord record, String codec)
            throws Exception {
        Path finalPath = directory.resolve("t+0+0." + codec + ".parquet");
        ParquetSettings settings = new ParquetSettings(CompressionCodecName.valueOf(codec.toUpperCase()),
                ParquetSettings.DEFAULT.rowGroupBytes(), ParquetSettings.DEFAULT.pageBytes());
        ParquetPartFile file = ParquetPartFile.open(finalPath, LakeLayout.temporaryPath(finalPath), schema, settings,
                Instant.now());
        file.write(record, Instant.now());
        assertThat(file.commit()).isEqualTo(finalPath);
        assertThat(LakeLayout.temporaryPath(finalPath)).doesNotExist();
        assertThat(Files.size(finalPath)).isPositive();
        return finalPath;
    }
}
