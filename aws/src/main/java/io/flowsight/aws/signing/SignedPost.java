package io.flowsight.aws.signing;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A POST signed by {@link AwsSigV4}: send {@code body} (UTF-8) to {@code uri} with exactly these headers, which carry
 * the signature; {@code Host} is left to the HTTP client.
 */
public record SignedPost(URI uri, Map<String, String> headers, String body) {
    public SignedPost {
        Objects.requireNonNull(uri, "uri");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        Objects.requireNonNull(body, "body");
    }
}
