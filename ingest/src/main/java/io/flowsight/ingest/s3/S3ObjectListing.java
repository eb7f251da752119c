package io.flowsight.ingest.s3;

import io.flowsight.aws.AwsErrors;
import io.flowsight.aws.S3Location;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The objects under an S3 location, page by page, in key order, which for AWS's delivery layout
 * ({@code AWSLogs/<account>/<service>/<region>/YYYY/MM/DD/}, or the Hive-style {@code year=/month=/day=} that flow
 * logs can use) is the order of delivery days.
 *
 * <p>{@code since} leaves out objects of earlier days. Where the location ends at a region (the usual way to point at
 * one service's logs), the listing starts at that day, so old days are not even listed; elsewhere each key's date
 * decides, and keys without a date are kept.
 */
public final class S3ObjectListing {
    private static final Pattern DATE_SEGMENTS = Pattern.compile("/(\\d{4})/(\\d{2})/(\\d{2})/");
    private static final Pattern HIVE_DATE = Pattern.compile("year=(\\d{4})/month=(\\d{2})/day=(\\d{2})/");
    private static final Pattern REGION_LEVEL = Pattern.compile("(^|/)AWSLogs/[^/]+/[^/]+/[^/]+/$");
    private static final DateTimeFormatter DAY_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    private final S3Client client;

    public S3ObjectListing(S3Client client) {
        this.client = client;
    }

    /**
     * @param glob a glob on the objects' file names (the key after its last slash), or null for every object
     * @throws IOException with one sentence for the user when the bucket cannot be listed
     */
    public List<S3ObjectSource> list(S3Location location, Optional<LocalDate> since, String glob) throws IOException {
        PathMatcher matcher = glob == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + glob);
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(location.bucket())
                .prefix(location.prefix());
        if (since.isPresent() && REGION_LEVEL.matcher(location.prefix()).find()) {
            // Keys of the day itself continue this string with "/", so they sort after it; earlier days before.
            request.startAfter(location.prefix() + DAY_PATH.format(since.get()));
        }
        List<S3ObjectSource> objects = new ArrayList<>();
        try {
            for (S3Object object : client.listObjectsV2Paginator(request.build()).contents()) {
                String key = object.key();
                if (key.endsWith("/") || since.isPresent() && dayOf(key).filter(day -> day.isBefore(since.get()))
                        .isPresent()) {
                    continue;
                }
                if (matcher != null && !matcher.matches(Path.of(key.substring(key.lastIndexOf('/') + 1)))) {
                    continue;
                }
                objects.add(new S3ObjectSource(client, location.bucket(), key, object.eTag(), null, object.size()));
            }
        } catch (SdkException e) {
            throw new IOException("Cannot list " + location + ": " + AwsErrors.describe(e), e);
        }
        return objects;
    }

    /** The delivery day in an AWS-style key, if it has one. */
    static Optional<LocalDate> dayOf(String key) {
        for (Pattern pattern : List.of(HIVE_DATE, DATE_SEGMENTS)) {
            Matcher matcher = pattern.matcher(key);
            if (matcher.find()) {
                try {
                    return Optional.of(LocalDate.of(Integer.parseInt(matcher.group(1)),
                            Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3))));
                } catch (java.time.DateTimeException notADate) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
