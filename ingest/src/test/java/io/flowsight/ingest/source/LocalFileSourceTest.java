package io.flowsight.ingest.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalFileSourceTest {
    @TempDir
    Path directory;

    @Test
    void aRenamedFileKeepsItsIdentity() throws Exception {
        Path file = Files.writeString(directory.resolve("app.log"), "a\n");
        String id = new LocalFileSource(file).id();
        Path rotated = Files.move(file, directory.resolve("app.log.1"));
        assertThat(new LocalFileSource(rotated).id()).isEqualTo(id);
        assertThat(new LocalFileSource(rotated).name()).endsWith("app.log.1");
    }

    @Test
    void theFingerprintTellsNewContentFromAppendedContent() throws Exception {
        Path file = Files.writeString(directory.resolve("app.log"), "first line\n");
        LocalFileSource source = new LocalFileSource(file);
        SourcePosition stored = SourcePosition.start(source).advancedTo(11, 1, false, null, source.fingerprint());

        Files.writeString(file, "second line\n", StandardOpenOption.APPEND);
        assertThat(source.sameContentAs(stored)).as("appended").isTrue();

        Files.writeString(file, "other text!\n", StandardOpenOption.TRUNCATE_EXISTING);
        assertThat(source.sameContentAs(stored)).as("replaced in place").isFalse();
    }

    @Test
    void gzipIsReadDecompressedFromAnOffset() throws Exception {
        Path file = directory.resolve("flows.log.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("0123456789\n".getBytes(StandardCharsets.UTF_8));
        }
        LocalFileSource source = new LocalFileSource(file);
        assertThat(source.compressed()).isTrue();
        try (InputStream in = source.open(5)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("56789\n");
        }
    }

    @Test
    void directoriesExpandRecursivelyWithAGlobOnNames() throws Exception {
        Path day = Files.createDirectories(directory.resolve("AWSLogs/1/vpcflowlogs/us-east-1/2026/11/22"));
        Path a = Files.writeString(day.resolve("a.log.gz"), "");
        Files.writeString(day.resolve("notes.txt"), "");
        Path b = Files.writeString(directory.resolve("b.log.gz"), "");
        assertThat(LocalFiles.expand(List.of(directory), "*.log.gz")).containsExactly(day.resolve("a.log.gz"), b);
        assertThat(LocalFiles.expand(List.of(a), "*.nothing")).as("named files are not filtered").containsExactly(a);
        assertThatThrownBy(() -> LocalFiles.expand(List.of(directory.resolve("missing")), null))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void stdinIsNeverResumed() throws Exception {
        StdinSource stdin = new StdinSource(new java.io.ByteArrayInputStream("x\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(stdin.resumable()).isFalse();
        try (InputStream in = stdin.open(0)) {
            assertThat(in.readAllBytes()).hasSize(2);
        }
        assertThatThrownBy(() -> stdin.open(1)).hasMessageContaining("stdin cannot be read from offset 1");
    }
}
