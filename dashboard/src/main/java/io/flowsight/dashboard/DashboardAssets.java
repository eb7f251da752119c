package io.flowsight.dashboard;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard's static files, looked up by request path: every page route answers the one shell page (the pages
 * route on {@code location.pathname} in the browser, so a bookmark or a link in a notification opens its page
 * directly), {@code /assets/**} answers the files under this package's {@code assets} resources, and
 * {@code /assets/vendor/} the charting library from its WebJar.
 *
 * <p>Nothing here holds data: the pages fetch it from the HTTP API with the user's token, so the HTTP server may serve
 * these without authentication. Send {@link #securityHeaders()} with every answer: the pages are written for that
 * Content-Security-Policy (no inline script or style, nothing from another origin).
 *
 * <p>Thread-safe. Each file is read from the class path once, on its first request, and kept; a path that names no
 * file is not remembered, so requests for made-up paths cannot grow the cache.
 */
public final class DashboardAssets {

    /**
     * One file to send. The body is shared by every answer of the same path: write it out, never modify it.
     *
     * @param contentType the {@code Content-Type} header value, with {@code ; charset=utf-8} for text
     */
    public record Asset(String contentType, byte[] body) {
    }

    private static final String RESOURCES = "/io/flowsight/dashboard/";
    private static final String SHELL = RESOURCES + "index.html";
    private static final String ASSETS_PREFIX = "/assets/";

    /** The pages with a fixed path; {@code /ip/{address}} is the one with a parameter. */
    private static final Set<String> FIXED_PAGES = Set.of("/", "/top-talkers", "/alerts", "/rejected", "/sql");
    private static final String IP_PAGE_PREFIX = "/ip/";

    /**
     * Segments that start with a letter, digit, '_' or '-' and hold nothing but those and dots: refuses '.', '..',
     * hidden files, empty segments, backslashes and any percent-encoding (so an encoded traversal never reaches the
     * class loader, whether the caller passes the raw or the decoded path).
     */
    private static final Pattern ASSET_NAME = Pattern.compile(
            "(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*\\.([a-z0-9]+)");
    private static final int LONGEST_PATH = 512;

    /**
     * Only these extensions are served: a known type for every answer, and a directory (no extension) is never read
     * as a file, which a class loader reading from a directory would otherwise list.
     */
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml; charset=utf-8",
            "json", "application/json; charset=utf-8",
            "txt", "text/plain; charset=utf-8",
            "png", "image/png",
            "ico", "image/x-icon",
            "woff2", "font/woff2");

    /** The charting library's files, by their path under /assets/ and their path inside the WebJar's version folder. */
    private static final Map<String, String> VENDOR_FILES = Map.of(
            "vendor/uPlot.iife.min.js", "dist/uPlot.iife.min.js",
            "vendor/uPlot.min.css", "dist/uPlot.min.css",
            "vendor/uPlot.LICENSE.txt", "LICENSE");
    private static final String UPLOT_WEBJAR = "/META-INF/resources/webjars/uplot/";
    /** Read from the WebJar itself, so bumping the version pinned in the parent pom is the only change an upgrade needs. */
    private static final String UPLOT_POM_PROPERTIES = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";

    private static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "font-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    private static final Map<String, String> SECURITY_HEADERS = securityHeaderMap();

    private final Map<String, Asset> cache = new ConcurrentHashMap<>();
    private volatile String uplotVersion;

    /**
     * The asset a GET of {@code path} answers, or empty (answer 404) for anything else.
     *
     * @param path the request path without query string, e.g. {@code exchange.getRequestURI().getRawPath()}; the
     *             decoded path works too, since names with '%' or '..' are refused either way
     */
    public Optional<Asset> find(String path) {
        if (path == null || path.length() > LONGEST_PATH) {
            return Optional.empty();
        }
        if (isPage(path)) {
            return Optional.ofNullable(cached(SHELL, "html"));
        }
        if (!path.startsWith(ASSETS_PREFIX)) {
            return Optional.empty();
        }
        String name = path.substring(ASSETS_PREFIX.length());
        var matcher = ASSET_NAME.matcher(name);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String extension = matcher.group(1).toLowerCase(Locale.ROOT);
        if (!CONTENT_TYPES.containsKey(extension)) {
            return Optional.empty();
        }
        String vendorFile = VENDOR_FILES.get(name);
        if (vendorFile != null) {
            return Optional.ofNullable(uplotVersion()).map(version -> cached(UPLOT_WEBJAR + version + "/" + vendorFile,
                    extension));
        }
        return Optional.ofNullable(cached(RESOURCES + "assets/" + name, extension));
    }

    /**
     * Whether {@code path} is one of the dashboard's pages ({@code /}, {@code /top-talkers}, {@code /alerts},
     * {@code /rejected}, {@code /sql}, {@code /ip/{address}}), all answered with the same shell page. The address
     * segment is not checked here: the page itself says when it is not an IP address.
     */
    public static boolean isPage(String path) {
        if (path == null) {
            return false;
        }
        if (FIXED_PAGES.contains(path)) {
            return true;
        }
        return path.startsWith(IP_PAGE_PREFIX) && path.length() > IP_PAGE_PREFIX.length()
                && path.length() <= LONGEST_PATH && path.indexOf('/', IP_PAGE_PREFIX.length()) < 0;
    }

    /**
     * The headers to send with every dashboard answer (pages and assets): the Content-Security-Policy the pages are
     * written for, no MIME sniffing, no referrer (page URLs carry addresses), and revalidation on every load so that
     * a new version of the jar is picked up at once (the files are small and served from memory).
     */
    public static Map<String, String> securityHeaders() {
        return SECURITY_HEADERS;
    }

    private static Map<String, String> securityHeaderMap() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Cache-Control", "no-cache");
        return Map.copyOf(headers);
    }

    private Asset cached(String resource, String extension) {
        Asset asset = cache.get(resource);
        if (asset != null) {
            return asset;
        }
        byte[] body = read(resource);
        if (body == null) {
            return null;
        }
        return cache.computeIfAbsent(resource, key -> new Asset(CONTENT_TYPES.get(extension), body));
    }

    private String uplotVersion() {
        String version = uplotVersion;
        if (version == null) {
            byte[] properties = read(UPLOT_POM_PROPERTIES);
            if (properties == null) {
                return null;
            }
            Properties parsed = new Properties();
            try {
                parsed.load(new ByteArrayInputStream(properties));
            } catch (IOException e) {
                throw new UncheckedIOException("The uPlot WebJar's pom.properties cannot be read", e);
            }
            version = parsed.getProperty("version");
            uplotVersion = version;
        }
        return version;
    }

    private static byte[] read(String resource) {
        try (InputStream in = DashboardAssets.class.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("The dashboard's resource " + resource + " cannot be read", e);
        }
    }
}
