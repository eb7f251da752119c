package io.flowsight.aws;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How FlowSight reaches S3 and SQS. Every setting is optional and follows the AWS SDK's conventions: without them
 * the region comes from {@code AWS_REGION} or the profile, and credentials from the default provider chain
 * (environment, profile, web identity, container and instance roles). The endpoint and path-style settings point it
 * at S3- and SQS-compatible servers (MinIO, Ceph, ElasticMQ); a key pair is for those, not for AWS, where roles are
 * better.
 */
public final class AwsClientConfig extends AbstractConfig {
    public static final String REGION_CONFIG = "flowsight.aws.region";
    public static final String REGION_DOC = "AWS region of the buckets and queues, e.g. eu-west-1 (default: the "
            + "SDK's region chain: AWS_REGION, then the profile).";

    public static final String ACCESS_KEY_CONFIG = "flowsight.aws.access-key-id";
    public static final String ACCESS_KEY_DOC = "Access key id for S3- or SQS-compatible servers (default: the "
            + "SDK's default credentials provider chain).";

    public static final String SECRET_KEY_CONFIG = "flowsight.aws.secret-access-key";
    public static final String SECRET_KEY_DOC = "Secret access key that goes with " + ACCESS_KEY_CONFIG + ".";

    public static final String S3_ENDPOINT_CONFIG = "flowsight.s3.endpoint";
    public static final String S3_ENDPOINT_DOC = "Endpoint of an S3-compatible store, e.g. http://127.0.0.1:9000 "
            + "(default: AWS's own endpoint for the region).";

    public static final String S3_PATH_STYLE_CONFIG = "flowsight.s3.path-style-access";
    public static final String S3_PATH_STYLE_DOC = "Address buckets as http://endpoint/bucket/key rather than "
            + "http://bucket.endpoint/key, as most S3-compatible stores need.";

    public static final String SQS_ENDPOINT_CONFIG = "flowsight.sqs.endpoint";
    public static final String SQS_ENDPOINT_DOC = "Endpoint of an SQS-compatible server such as ElasticMQ "
            + "(default: AWS's own endpoint for the region).";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(REGION_CONFIG, Type.STRING, null, Importance.MEDIUM, REGION_DOC)
            .define(ACCESS_KEY_CONFIG, Type.STRING, null, Importance.LOW, ACCESS_KEY_DOC)
            .define(SECRET_KEY_CONFIG, Type.PASSWORD, null, Importance.LOW, SECRET_KEY_DOC)
            .define(S3_ENDPOINT_CONFIG, Type.STRING, null, Importance.LOW, S3_ENDPOINT_DOC)
            .define(S3_PATH_STYLE_CONFIG, Type.BOOLEAN, false, Importance.LOW, S3_PATH_STYLE_DOC)
            .define(SQS_ENDPOINT_CONFIG, Type.STRING, null, Importance.LOW, SQS_ENDPOINT_DOC);

    public AwsClientConfig(Map<String, ?> settings) {
        super(CONFIG, settings, false);
        if ((getString(ACCESS_KEY_CONFIG) == null) != (getPassword(SECRET_KEY_CONFIG) == null)) {
            throw new IllegalArgumentException("Set both " + ACCESS_KEY_CONFIG + " and " + SECRET_KEY_CONFIG
                    + ", or neither to use the AWS default credentials chain.");
        }
        endpoint(S3_ENDPOINT_CONFIG);
        endpoint(SQS_ENDPOINT_CONFIG);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /** An S3 client with these settings; the caller closes it. */
    public S3Client newS3Client() {
        S3ClientBuilder builder = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .forcePathStyle(getBoolean(S3_PATH_STYLE_CONFIG));
        if (endpoint(S3_ENDPOINT_CONFIG).isPresent()) {
            // S3-compatible stores lag behind AWS's newer default checksums; send them only where S3 requires one.
            builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
            builder.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        configure(builder, S3_ENDPOINT_CONFIG);
        return build(builder::build);
    }

    /** An SQS client with these settings; the caller closes it. */
    public SqsClient newSqsClient() {
        SqsClientBuilder builder = SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
        configure(builder, SQS_ENDPOINT_CONFIG);
        return build(builder::build);
    }

    private void configure(AwsClientBuilder<?, ?> builder, String endpointKey) {
        builder.credentialsProvider(credentials());
        Optional.ofNullable(getString(REGION_CONFIG)).map(Region::of).ifPresent(builder::region);
        endpoint(endpointKey).ifPresent(uri -> {
            builder.endpointOverride(uri);
            if (getString(REGION_CONFIG) == null && System.getenv("AWS_REGION") == null) {
                builder.region(Region.US_EAST_1); // requests are signed for a region; such servers accept any
            }
        });
    }

    private static <C> C build(Supplier<C> build) {
        try {
            return build.get();
        } catch (SdkClientException e) {
            throw new IllegalArgumentException("Cannot set up the AWS client: " + e.getMessage() + " Set "
                    + REGION_CONFIG + " (or AWS_REGION) to the region of the buckets and queues.", e);
        }
    }

    private Optional<URI> endpoint(String key) {
        String endpoint = getString(key);
        if (endpoint == null || endpoint.isBlank()) {
            return Optional.empty();
        }
        URI uri = URI.create(endpoint.strip());
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException(key + "=" + endpoint + " is not a URL: write it as http://host:port "
                    + "or https://host.");
        }
        return Optional.of(uri);
    }

    private AwsCredentialsProvider credentials() {
        String accessKey = getString(ACCESS_KEY_CONFIG);
        Password secret = getPassword(SECRET_KEY_CONFIG);
        if (accessKey == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret.value()));
    }
}
