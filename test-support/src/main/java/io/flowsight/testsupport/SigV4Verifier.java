package io.flowsight.testsupport;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * AWS Signature Version 4 checked the way AWS checks it, written from the specification and sharing no code with the
 * SDK: the canonical request of the request as it arrived, the string to sign, the HMAC chain from the secret key,
 * and the signature compared with the {@code Authorization} header's. For tests whose loopback servers stand in for
 * an AWS API (notify's SNS and Security Hub, respond's WAF and EC2, the aws module's signer itself).
 */
public final class SigV4Verifier {
    /** A request as a test server received it. */
    public interface Received {
        String method();

        /** The request target as sent: the raw path and, after {@code ?}, the raw query. */
        String pathAndQuery();

        /** The value of a header, whatever the case of {@code name}; null when it did not arrive. */
        String header(String name);

        /** The body, decoded as UTF-8. */
        String body();
    }

    private static final Pattern AUTHORIZATION = Pattern.compile("AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/"
            + "([^/]+)/([^/]+)/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");

    /** The parts of an {@code Authorization} header. */
    public record Authorization(String accessKeyId, String date, String region, String service,
                                List<String> signedHeaders, String signature) {
        public static Authorization parse(String header) {
            Matcher m = AUTHORIZATION.matcher(header);
            if (!m.matches()) {
                throw new AssertionError("not a SigV4 Authorization header: " + header);
            }
            return new Authorization(m.group(1), m.group(2), m.group(3), m.group(4),
                    List.of(m.group(5).split(";")), m.group(6));
        }
    }

    private SigV4Verifier() {
    }

    /** Whether {@code request} carries the signature that {@code secretAccessKey} makes over it. */
    public static boolean verify(Received request, String secretAccessKey) {
        Authorization authorization = Authorization.parse(request.header("Authorization"));
        String amzDate = request.header("X-Amz-Date");
        if (amzDate == null || !amzDate.startsWith(authorization.date())) {
            return false;
        }
        String scope = authorization.date() + "/" + authorization.region() + "/" + authorization.service()
                + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest(request, authorization.signedHeaders())));
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), authorization.date());
        key = hmac(key, authorization.region());
        key = hmac(key, authorization.service());
        key = hmac(key, "aws4_request");
        return MessageDigest.isEqual(hex(hmac(key, stringToSign)).getBytes(StandardCharsets.US_ASCII),
                authorization.signature().getBytes(StandardCharsets.US_ASCII));
    }

    /** Method, path, query, the signed headers (sorted, trimmed), their names, and the SHA-256 of the body. */
    public static String canonicalRequest(Received request, List<String> signedHeaders) {
        String target = request.pathAndQuery();
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        String query = question < 0 ? "" : target.substring(question + 1);
        List<String> names = signedHeaders.stream().sorted().toList();
        StringBuilder canonical = new StringBuilder();
        canonical.append(request.method()).append('\n');
        canonical.append(canonicalPath(path)).append('\n');
        canonical.append(canonicalQuery(query)).append('\n');
        for (String name : names) {
            String value = request.header(name);
            if (value == null) {
                throw new AssertionError("signed header " + name + " did not arrive");
            }
            canonical.append(name).append(':').append(value.strip().replaceAll(" +", " ")).append('\n');
        }
        canonical.append('\n').append(String.join(";", names)).append('\n');
        canonical.append(hex(sha256(request.body())));
        return canonical.toString();
    }

    /** Every segment of the path as sent, URI-encoded once more (all services but S3). */
    private static String canonicalPath(String rawPath) {
        if (rawPath.isEmpty()) {
            return "/";
        }
        return Arrays.stream(rawPath.split("/", -1)).map(SigV4Verifier::uriEncode).collect(Collectors.joining("/"));
    }

    private static String canonicalQuery(String query) {
        if (query.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            pairs.add(equals < 0 ? pair + "=" : pair);
        }
        return pairs.stream().sorted().collect(Collectors.joining("&"));
    }

    private static String uriEncode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
