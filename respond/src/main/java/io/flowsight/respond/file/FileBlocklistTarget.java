package io.flowsight.respond.file;

import io.flowsight.respond.policy.BlockedAddress;
import io.flowsight.respond.policy.BlocklistTarget;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The blocklist as a local file, for everything that reads one (firewalls, proxies, an agent that uploads it
 * elsewhere). The file is replaced whole and atomically: the new content is written to a temporary file in the same
 * directory, forced to disk, then renamed over the old one, so a reader sees the old list or the new one and never a
 * part. An unchanged list leaves the file untouched, so watchers do not reload for nothing.
 *
 * <p>A new file is readable by everyone ({@code rw-r--r--}), since the reader is often another user (a firewall
 * daemon); a replaced file keeps its permissions.
 */
public final class FileBlocklistTarget implements BlocklistTarget {
    private static final Set<PosixFilePermission> NEW_FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-r--r--");

    private final Path file;
    private final BlocklistFileFormat format;
    private final Consumer<Path> beforeRename;

    public FileBlocklistTarget(Path file, BlocklistFileFormat format) {
        this(file, format, written -> {
        });
    }

    /** For tests: {@code beforeRename} sees the finished temporary file just before it replaces the target. */
    FileBlocklistTarget(Path file, BlocklistFileFormat format, Consumer<Path> beforeRename) {
        this.file = file.toAbsolutePath().normalize();
        this.format = format;
        this.beforeRename = beforeRename;
        if (this.file.getParent() == null) {
            throw new IllegalArgumentException(file + " names no file to write the blocklist to.");
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public String name() {
        return format.label() + " " + file;
    }

    @Override
    public void apply(List<BlockedAddress> current) throws IOException {
        byte[] content = format.content(current, name());
        try {
            if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), content)) {
                return;
            }
            replace(content);
        } catch (FileSystemException e) {
            throw new IOException("Cannot write " + name() + ": " + describe(e), e);
        }
    }

    private void replace(byte[] content) throws IOException {
        Path directory = file.getParent();
        Files.createDirectories(directory);
        // The same directory, hence the same file system: the rename below can then be atomic.
        Path temporary = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true); // on disk before the rename, or a crash could leave the new name empty
            }
            setPermissions(temporary);
            beforeRename.accept(temporary);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    private void setPermissions(Path temporary) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(temporary, PosixFileAttributeView.class);
        if (view == null) {
            return; // not a POSIX file system: the directory's defaults apply
        }
        view.setPermissions(Files.isRegularFile(file) ? Files.getPosixFilePermissions(file) : NEW_FILE_PERMISSIONS);
    }

    private static String describe(FileSystemException e) {
        String what = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
        return e.getFile() == null ? what : what + " (" + e.getFile() + ")";
    }
}
