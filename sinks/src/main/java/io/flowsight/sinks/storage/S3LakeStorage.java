package io.flowsight.sinks.storage;

import io.flowsight.aws.AwsErrors;
import io.flowsight.aws.S3Location;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A lake under an S3 prefix. A file is written and committed in a local staging directory, then uploaded: with one PUT
 * up to {@code partBytes}, else as a multipart upload whose parts stream from the staged file (no part is held in
 * memory). Either way S3 shows the object only once the upload is complete, so readers see whole files or none. The
 * staged file is removed once the object exists.
 */
public final class S3LakeStorage implements LakeStorage {
    /** S3's smallest part (except the last). */
    public static final long MIN_PART_BYTES = 5L << 20;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Path staging;
    private final long partBytes;

    public S3LakeStorage(S3Client s3, S3Location location, Path staging, long partBytes) {
        if (partBytes < MIN_PART_BYTES) {
            throw new IllegalArgumentException("S3 upload parts must be at least 5 MiB; got " + partBytes + " bytes.");
        }
        this.s3 = s3;
        this.bucket = location.bucket();
        this.prefix = location.prefix().isEmpty() || location.prefix().endsWith("/") ? location.prefix()
                : location.prefix() + "/";
        this.staging = staging.toAbsolutePath().normalize();
        this.partBytes = partBytes;
    }

    @Override
    public String location() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public Path localPath(String relativePath) {
        return staging.resolve(relativePath);
    }

    @Override
    public void publish(Path committed, String relativePath) throws IOException {
        String key = prefix + relativePath;
        long size = Files.size(committed);
        try {
            if (size <= partBytes) {
                s3.putObject(request -> request.bucket(bucket).key(key).contentLength(size),
                        RequestBody.fromFile(committed));
            } else {
                uploadInParts(committed, key, size);
            }
        } catch (SdkException e) {
            throw new IOException("Cannot upload " + location() + relativePath + ": " + AwsErrors.describe(e), e);
        }
        Files.delete(committed);
    }

    private void uploadInParts(Path file, String key, long size) throws IOException {
        String uploadId = s3.createMultipartUpload(request -> request.bucket(bucket).key(key)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < size; offset += partBytes) {
                int number = parts.size() + 1;
                long start = offset;
                long length = Math.min(partBytes, size - offset);
                String eTag = s3.uploadPart(request -> request.bucket(bucket).key(key).uploadId(uploadId)
                                .partNumber(number).contentLength(length),
                        RequestBody.fromContentProvider(() -> region(file, start, length), length,
                                "application/octet-stream")).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
            }
            s3.completeMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts)));
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException abortFailed) {
                e.addSuppressed(abortFailed); // the next start's recovery aborts it
            }
            throw e;
        }
    }

    @Override
    public List<String> list(String tableName) throws IOException {
        String tablePrefix = prefix + tableName + "/";
        Set<String> files = new LinkedHashSet<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(tablePrefix))
                    .contents()) {
                files.add(object.key().substring(prefix.length()));
            }
            for (MultipartUpload upload : s3.listMultipartUploadsPaginator(request -> request.bucket(bucket)
                    .prefix(tablePrefix)).uploads()) {
                files.add(upload.key().substring(prefix.length()));
            }
        } catch (SdkException e) {
            throw new IOException("Cannot list " + location() + tableName + "/: " + AwsErrors.describe(e), e);
        }
        Path stagedTable = staging.resolve(tableName);
        if (Files.isDirectory(stagedTable)) {
            try (Stream<Path> walk = Files.walk(stagedTable)) {
                walk.filter(Files::isRegularFile).forEach(file -> files.add(staging.relativize(file).toString()));
            }
        }
        return new ArrayList<>(files);
    }

    /**
     * Nothing to do: S3 has no directories, and Trino's Hive connector does not require one on S3 (its S3 file system
     * cannot tell a missing directory from an empty prefix, so it accepts the location). A marker object would only be
     * one more key for every other reader to skip.
     */
    @Override
    public void createTableDirectory(String tableName) {
    }

    @Override
    public void delete(String relativePath) throws IOException {
        String key = prefix + relativePath;
        try {
            for (MultipartUpload upload : s3.listMultipartUploadsPaginator(request -> request.bucket(bucket)
                    .prefix(key)).uploads()) {
                if (upload.key().equals(key)) {
                    s3.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(upload.uploadId()));
                }
            }
            s3.deleteObject(request -> request.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw new IOException("Cannot delete " + location() + relativePath + ": " + AwsErrors.describe(e), e);
        }
        Files.deleteIfExists(staging.resolve(relativePath));
    }

    @Override
    public void close() {
        s3.close();
    }

    /** {@code length} bytes of {@code file} from {@code offset}: one upload part, read as it is sent. */
    private static InputStream region(Path file, long offset, long length) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ).position(offset);
            return new FilterInputStream(Channels.newInputStream(channel)) {
                private long left = length;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int b = super.read();
                    if (b >= 0) {
                        left--;
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int from, int count) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int read = super.read(buffer, from, (int) Math.min(count, left));
                    if (read > 0) {
                        left -= read;
                    }
                    return read;
                }
            };
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot read " + file + " for upload", e);
        }
    }
}
