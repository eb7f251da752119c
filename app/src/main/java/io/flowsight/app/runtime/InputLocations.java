package io.flowsight.app.runtime;

import io.flowsight.aws.AwsClientConfig;
import io.flowsight.aws.S3Location;
import io.flowsight.ingest.s3.S3ObjectListing;
import io.flowsight.ingest.source.LocalFileSource;
import io.flowsight.ingest.source.LocalFiles;
import io.flowsight.ingest.source.Source;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The inputs a user names on the command line: local files and folders, and {@code s3://bucket/prefix} locations,
 * turned into sources in the order given. The S3 client is made only when an S3 location is named, from the
 * {@code flowsight.s3.*} settings ({@link AwsClientConfig}), and closed with this.
 */
public final class InputLocations implements AutoCloseable {
    private final List<String> locations;
    private final String glob;
    private final Optional<LocalDate> since;
    private final Map<String, Object> settings;
    private S3Client s3;

    /**
     * @param glob  a glob on file and object names, or null for all
     * @param since for S3 locations in AWS's date layout, the first delivery day to read; empty for all
     */
    public InputLocations(List<String> locations, String glob, Optional<LocalDate> since, Map<String, Object> settings) {
        this.locations = List.copyOf(locations);
        this.glob = glob;
        this.since = since;
        this.settings = settings;
        if (since.isPresent() && !hasS3()) {
            throw new IllegalArgumentException("--since applies to s3:// locations; for local files, name the "
                    + "folders of the days to read.");
        }
    }

    public boolean hasS3() {
        return locations.stream().anyMatch(S3Location::isS3);
    }

    /** Every file under the local locations, listed now (follow mode, which watches local files only, re-lists). */
    public List<LocalFileSource> localFiles() throws IOException {
        return filesUnder(locations.stream().filter(location -> !S3Location.isS3(location)).map(Path::of).toList());
    }

    /** Every file under the local locations and every object under the S3 ones, listed now. */
    public List<Source> sources() throws IOException {
        List<Source> sources = new ArrayList<>();
        for (String location : locations) {
            if (S3Location.isS3(location)) {
                sources.addAll(new S3ObjectListing(s3()).list(S3Location.parse(location), since, glob));
            } else {
                sources.addAll(filesUnder(List.of(Path.of(location))));
            }
        }
        return sources;
    }

    private List<LocalFileSource> filesUnder(List<Path> roots) throws IOException {
        List<LocalFileSource> files = new ArrayList<>();
        for (Path file : LocalFiles.expand(roots, glob)) {
            files.add(new LocalFileSource(file));
        }
        return files;
    }

    private S3Client s3() {
        if (s3 == null) {
            s3 = new AwsClientConfig(settings).newS3Client();
        }
        return s3;
    }

    @Override
    public void close() {
        if (s3 != null) {
            s3.close();
        }
    }
}
