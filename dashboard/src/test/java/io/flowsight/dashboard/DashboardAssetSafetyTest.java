package io.flowsight.dashboard;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the shipped pages, scripts and styles from the class path and refuses the constructs that would let text
 * from logs run as script, or that the Content-Security-Policy would block (so the page would break only in a
 * browser). The patterns are plain text: a comment that names a sink fails too, which keeps the files greppable.
 */
class DashboardAssetSafetyTest {
    private static final String ASSETS = "/io/flowsight/dashboard/assets";
    private static final String SHELL = "/io/flowsight/dashboard/index.html";

    /** Sinks that parse markup or run strings as code. */
    private static final List<Pattern> FORBIDDEN_IN_SCRIPTS = List.of(
            Pattern.compile("innerHTML"),
            Pattern.compile("outerHTML"),
            Pattern.compile("insertAdjacentHTML"),
            Pattern.compile("document\\.write"),
            Pattern.compile("\\beval\\s*\\("),
            Pattern.compile("new\\s+Function\\b"),
            Pattern.compile("\\bFunction\\s*\\("),
            Pattern.compile("set(?:Timeout|Interval)\\s*\\(\\s*['\"`]"),
            Pattern.compile("createContextualFragment"),
            Pattern.compile("DOMParser"),
            Pattern.compile("srcdoc"),
            Pattern.compile("javascript:", Pattern.CASE_INSENSITIVE),
            Pattern.compile("setAttribute\\(\\s*['\"`](?:on|style|src|action|formaction|xlink)", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\.on[a-z]+\\s*=(?!=)"),
            Pattern.compile("\\.(?:src|action|formAction|cssText)\\s*=(?!=)"),
            Pattern.compile("\\bimport\\s*\\("),
            Pattern.compile("console\\.error"),
            Pattern.compile("https?://"),
            Pattern.compile("window\\.prompt|\\bprompt\\s*\\("));

    /** Where a link's target is set: only dom.js may, and it builds same-origin paths only. */
    private static final Pattern HREF_SINK = Pattern.compile("\\.href\\s*=(?!=)|setAttribute\\(\\s*['\"`]href");

    @Test
    void noScriptUsesAMarkupOrCodeSink() throws Exception {
        Map<String, String> scripts = filesEndingWith(".js");
        assertThat(scripts).isNotEmpty().containsKey("js/main.js");
        List<String> violations = new ArrayList<>();
        scripts.forEach((name, text) -> {
            for (Pattern forbidden : FORBIDDEN_IN_SCRIPTS) {
                Matcher matcher = forbidden.matcher(text);
                while (matcher.find()) {
                    violations.add(name + " line " + lineOf(text, matcher.start()) + ": " + matcher.group());
                }
            }
            if (!name.equals("js/dom.js")) {
                Matcher matcher = HREF_SINK.matcher(text);
                while (matcher.find()) {
                    violations.add(name + " line " + lineOf(text, matcher.start()) + ": sets a link target outside "
                            + "dom.js (use pageLink with an encoded path)");
                }
            }
        });
        assertThat(violations).as("markup or code sinks in the dashboard's scripts").isEmpty();
    }

    @Test
    void theShellHasNoInlineScriptStyleOrHandlerAndNothingFromElsewhere() throws Exception {
        String shell = resourceText(SHELL);

        Matcher scripts = Pattern.compile("<script\\b([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(shell);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertThat(scripts.group(1)).as("every <script> loads a file").contains("src=\"/assets/");
            assertThat(scripts.group(2)).as("no inline script").isBlank();
        }
        assertThat(count).isGreaterThanOrEqualTo(2);
        assertThat(shell).doesNotContainPattern("(?i)\\sstyle\\s*=")
                .doesNotContainPattern("(?i)<style")
                .doesNotContainPattern("(?i)\\son[a-z]+\\s*=")
                .doesNotContainPattern("(?i)javascript:")
                .doesNotContainPattern("https?://");
    }

    @Test
    void stylesLoadNothingFromElsewhere() throws Exception {
        Map<String, String> styles = filesEndingWith(".css");
        assertThat(styles).containsKey("css/dashboard.css");
        styles.forEach((name, text) -> assertThat(text).as(name)
                .doesNotContainPattern("https?://")
                .doesNotContainPattern("(?i)expression\\s*\\(")
                .doesNotContainPattern("(?i)@import"));
    }

    @Test
    void everyScriptAndStylesheetTheShellNamesIsServed() throws Exception {
        String shell = resourceText(SHELL);
        DashboardAssets assets = new DashboardAssets();
        Matcher references = Pattern.compile("<(?:script|link|img)\\b[^>]*\\s(?:src|href)=\"([^\"]+)\"").matcher(shell);
        List<String> paths = new ArrayList<>();
        while (references.find()) {
            paths.add(references.group(1));
        }
        assertThat(paths).contains("/assets/vendor/uPlot.iife.min.js", "/assets/vendor/uPlot.min.css",
                "/assets/js/main.js", "/assets/css/dashboard.css");
        for (String path : paths) {
            assertThat(assets.find(path)).as(path).isPresent();
        }
    }

    @Test
    void everyModuleImportResolvesToAServedFileAndIsPreloaded() throws Exception {
        DashboardAssets assets = new DashboardAssets();
        String shell = resourceText(SHELL);
        Pattern imports = Pattern.compile("(?:\\bfrom|^import)\\s+'([^']+)'", Pattern.MULTILINE);
        for (Map.Entry<String, String> script : filesEndingWith(".js").entrySet()) {
            URI self = URI.create("/assets/" + script.getKey());
            Matcher matcher = imports.matcher(script.getValue());
            while (matcher.find()) {
                String specifier = matcher.group(1);
                assertThat(specifier).as(script.getKey() + " imports by relative path").startsWith(".");
                String resolved = self.resolve(specifier).getPath();
                assertThat(assets.find(resolved)).as(script.getKey() + " imports " + specifier).isPresent();
            }
            if (!script.getKey().equals("js/theme-init.js")) {
                assertThat(shell).as("index.html preloads " + script.getKey())
                        .contains("<link rel=\"modulepreload\" href=\"/assets/" + script.getKey() + "\">");
            }
        }
    }

    private static int lineOf(String text, int offset) {
        return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }

    private static String resourceText(String name) throws IOException {
        try (var in = DashboardAssetSafetyTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The asset files with the suffix, by their path under assets/, read from the class path (directory or jar). */
    private static Map<String, String> filesEndingWith(String suffix) throws IOException, URISyntaxException {
        URL root = DashboardAssetSafetyTest.class.getResource(ASSETS);
        assertThat(root).isNotNull();
        URI uri = root.toURI();
        if (uri.getScheme().equals("jar")) {
            FileSystem jar;
            try {
                jar = FileSystems.getFileSystem(uri);
            } catch (FileSystemNotFoundException notOpenYet) {
                jar = FileSystems.newFileSystem(uri, Map.of());
            }
            return read(jar.provider().getPath(uri), suffix);
        }
        return read(Path.of(uri), suffix);
    }

    private static Map<String, String> read(Path root, String suffix) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(suffix)).toList()) {
                files.put(root.relativize(path).toString().replace('\\', '/'),
                        Files.readString(path, StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
