package io.flowsight.respond.file;

import io.flowsight.respond.policy.BlockedAddress;
import io.flowsight.schemas.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FileBlocklistTargetTest {
    @TempDir
    Path directory;

    @Test
    void writesTheWholeListInItsFormat() throws IOException {
        Path plain = directory.resolve("blocklist.txt");
        Path csv = directory.resolve("blocklist.csv");

        new FileBlocklistTarget(plain, BlocklistFileFormat.PLAIN).apply(SampleEntries.current());
        new FileBlocklistTarget(csv, BlocklistFileFormat.CSV).apply(SampleEntries.current());

        assertThat(plain).hasContent("198.51.100.23\n203.0.113.0/24\n2001:db8::66\n2001:db8:bad::/64\n");
        assertThat(Files.readString(csv)).startsWith("address,family,expires_at,severity,reason\n"
                + "198.51.100.23,ipv4,2026-03-02T14:05:00Z,high,").hasLineCount(5);
        assertThat(files()).containsExactlyInAnyOrder("blocklist.txt", "blocklist.csv");
    }

    @Test
    void theNewListIsWrittenBesideTheOldOneWhichStaysWholeUntilTheRename() throws IOException {
        Path file = directory.resolve("blocklist.txt");
        Files.writeString(file, "192.0.2.1\n");
        AtomicReference<Path> temporary = new AtomicReference<>();
        List<String> seenBeforeRename = new ArrayList<>();
        FileBlocklistTarget target = new FileBlocklistTarget(file, BlocklistFileFormat.PLAIN, written -> {
            temporary.set(written);
            seenBeforeRename.add(read(written));
            seenBeforeRename.add(read(file));
        });

        target.apply(SampleEntries.current());

        assertThat(temporary.get().getParent()).isEqualTo(directory);
        assertThat(temporary.get().getFileName().toString()).startsWith(".blocklist.txt.").endsWith(".tmp");
        assertThat(seenBeforeRename).containsExactly(
                "198.51.100.23\n203.0.113.0/24\n2001:db8::66\n2001:db8:bad::/64\n", "192.0.2.1\n");
        assertThat(file).hasContent("198.51.100.23\n203.0.113.0/24\n2001:db8::66\n2001:db8:bad::/64\n");
        assertThat(temporary.get()).doesNotExist();
    }

    @Test
    void aReaderNeverSeesAHalfWrittenList() throws Exception {
        Path file = directory.resolve("blocklist.txt");
        List<BlockedAddress> small = SampleEntries.current();
        List<BlockedAddress> large = IntStream.range(0, 20_000)
                .mapToObj(i -> SampleEntries.entry("2001:db8::" + Integer.toHexString(i), "2026-03-02T14:05:00Z",
                        Severity.HIGH, "policy", "x"))
                .toList();
        String smallText = BlocklistFileFormat.PLAIN.render(small);
        String largeText = BlocklistFileFormat.PLAIN.render(large);
        FileBlocklistTarget target = new FileBlocklistTarget(file, BlocklistFileFormat.PLAIN);
        target.apply(small);
        AtomicBoolean writing = new AtomicBoolean(true);
        Set<String> seen = new HashSet<>();
        CountDownLatch reading = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            do {
                seen.add(read(file));
                reading.countDown();
            } while (writing.get());
        });

        reader.start();
        reading.await();
        for (int i = 0; i < 100; i++) {
            target.apply(i % 2 == 0 ? large : small);
        }
        writing.set(false);
        reader.join();

        assertThat(seen.stream().filter(text -> !text.equals(smallText) && !text.equals(largeText)).count())
                .as("reads of a half-written list").isZero();
        assertThat(seen).contains(smallText);
        assertThat(files()).containsExactly("blocklist.txt");
    }

    @Test
    void anEmptyListEmptiesTheFile() throws IOException {
        Path file = directory.resolve("blocklist.txt");
        Files.writeString(file, "192.0.2.1\n");

        new FileBlocklistTarget(file, BlocklistFileFormat.PLAIN).apply(List.of());

        assertThat(file).isEmptyFile();
    }

    @Test
    void anUnchangedListLeavesTheFileUntouched() throws IOException {
        Path file = directory.resolve("blocklist.txt");
        FileBlocklistTarget target = new FileBlocklistTarget(file, BlocklistFileFormat.PLAIN);
        target.apply(SampleEntries.current());
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(file, old);

        target.apply(SampleEntries.current());
        FileTime afterSame = Files.getLastModifiedTime(file);
        target.apply(SampleEntries.current().subList(0, 1));

        assertThat(afterSame).isEqualTo(old);
        assertThat(Files.getLastModifiedTime(file)).isNotEqualTo(old);
        assertThat(file).hasContent("198.51.100.23\n");
    }

    @Test
    void aNewFileIsReadableByEveryoneAndAReplacedOneKeepsItsPermissions() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path fresh = directory.resolve("fresh.txt");
        Path restricted = directory.resolve("restricted.txt");
        Files.writeString(restricted, "192.0.2.1\n");
        Files.setPosixFilePermissions(restricted, PosixFilePermissions.fromString("rw-rw----"));

        new FileBlocklistTarget(fresh, BlocklistFileFormat.PLAIN).apply(SampleEntries.current());
        new FileBlocklistTarget(restricted, BlocklistFileFormat.PLAIN).apply(SampleEntries.current());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(restricted))).isEqualTo("rw-rw----");
    }

    @Test
    void aListThatCannotBeWrittenLeavesTheOldOneAndNoTemporaryFile() throws IOException {
        Path inTheWay = directory.resolve("blocklist.txt");
        Files.createDirectories(inTheWay.resolve("something"));
        FileBlocklistTarget target = new FileBlocklistTarget(inTheWay, BlocklistFileFormat.PLAIN);

        assertThatThrownBy(() -> target.apply(SampleEntries.current()))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("Cannot write plain list " + inTheWay + ": ");
        assertThat(inTheWay.resolve("something")).isDirectory();
        assertThat(files()).containsExactly("blocklist.txt");
    }

    @Test
    void aListTooLongForItsFormatIsAnIoErrorNamingTheTarget() {
        Path file = directory.resolve("threats.txt");
        List<BlockedAddress> tooMany = IntStream.range(0, BlocklistFileFormat.GUARDDUTY_MAX_ENTRIES + 1)
                .mapToObj(i -> SampleEntries.entry("2001:db8::" + Integer.toHexString(i >>> 16) + ":"
                        + Integer.toHexString(i & 0xffff), "2026-03-02T14:05:00Z", Severity.HIGH, "policy", "x"))
                .toList();

        assertThatThrownBy(() -> new FileBlocklistTarget(file, BlocklistFileFormat.GUARDDUTY_TXT).apply(tooMany))
                .isInstanceOf(IOException.class)
                .hasMessage("Cannot write GuardDuty threat list " + file + ": GuardDuty reads at most 250000 entries "
                        + "from a threat list and the blocklist holds 250001; lower "
                        + "flowsight.respond.block.max.entries.");
        assertThat(file).doesNotExist();
    }

    @Test
    void missingDirectoriesAreCreatedAndTheNameSaysFormatAndPlace() throws IOException {
        Path file = directory.resolve("lists/guardduty/threats.txt");
        FileBlocklistTarget target = new FileBlocklistTarget(file, BlocklistFileFormat.GUARDDUTY_TXT);

        target.apply(SampleEntries.current().subList(0, 2));

        assertThat(file).hasContent("198.51.100.23\n203.0.113.0/24\n");
        assertThat(target.name()).isEqualTo("GuardDuty threat list " + file);
        assertThat(target.file()).isEqualTo(file);
    }

    private List<String> files() throws IOException {
        try (Stream<Path> listed = Files.list(directory)) {
            return listed.map(path -> path.getFileName().toString()).toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new AssertionError("The list file was missing for a moment", e);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
