package io.flowsight.dashboard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardAssetsTest {
    private final DashboardAssets assets = new DashboardAssets();

    @ParameterizedTest
    @ValueSource(strings = {"/", "/top-talkers", "/alerts", "/rejected", "/sql", "/ip/203.0.113.45",
            "/ip/2001%3Adb8%3A%3A1", "/ip/2001:db8::1", "/ip/not-an-address"})
    void everyPageRouteAnswersTheShellPage(String path) {
        Optional<DashboardAssets.Asset> page = assets.find(path);

        assertThat(DashboardAssets.isPage(path)).isTrue();
        assertThat(page).isPresent();
        assertThat(page.get().contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(new String(page.get().body(), StandardCharsets.UTF_8)).contains("<main id=\"page\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ip/", "/ip", "/ip/203.0.113.45/", "/ip/a/b", "/alerts/", "/Alerts", "/index.html",
            "/api/alerts", "/assets/js/main.js", "/metrics", ""})
    void otherPathsAreNotPages(String path) {
        assertThat(DashboardAssets.isPage(path)).isFalse();
    }

    @Test
    void assetsAreServedWithTheirTypes() {
        assertThat(assets.find("/assets/js/main.js")).get()
                .extracting(DashboardAssets.Asset::contentType).isEqualTo("text/javascript; charset=utf-8");
        assertThat(assets.find("/assets/js/pages/overview.js")).isPresent();
        assertThat(assets.find("/assets/css/dashboard.css")).get()
                .extracting(DashboardAssets.Asset::contentType).isEqualTo("text/css; charset=utf-8");
        assertThat(assets.find("/assets/favicon.svg")).get()
                .extracting(DashboardAssets.Asset::contentType).isEqualTo("image/svg+xml; charset=utf-8");
    }

    @Test
    void theChartLibraryIsServedFromItsWebJar() {
        Optional<DashboardAssets.Asset> script = assets.find("/assets/vendor/uPlot.iife.min.js");
        Optional<DashboardAssets.Asset> style = assets.find("/assets/vendor/uPlot.min.css");

        assertThat(script).get().extracting(DashboardAssets.Asset::contentType)
                .isEqualTo("text/javascript; charset=utf-8");
        assertThat(new String(script.get().body(), StandardCharsets.UTF_8)).contains("uPlot");
        assertThat(style).get().extracting(DashboardAssets.Asset::contentType).isEqualTo("text/css; charset=utf-8");
        assertThat(new String(style.get().body(), StandardCharsets.UTF_8)).contains(".uplot");
        assertThat(assets.find("/assets/vendor/uPlot.LICENSE.txt")).isPresent();
        assertThat(assets.find("/assets/vendor/uPlot.esm.js")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/assets/../index.html",
        "/assets/js/../../index.html",
        "/assets/js/../main.js",
        "/assets/%2e%2e/index.html",
        "/assets/%2E%2E/%2E%2E/DashboardAssets.class",
        "/assets/..%2findex.html",
        "/assets/js%2fmain.js",
        "/assets/js/main.js%00.css",
        "/assets/..\\index.html",
        "/assets/js\\main.js",
        "/assets//js/main.js",
        "/assets/./js/main.js",
        "/assets/.hidden.js",
        "/assets/js/",
        "/assets/js",
        "/assets/",
        "/assets",
        "/assets/js/main.js?v=1",
        "/assets/../../META-INF/MANIFEST.MF",
        "/assets/../DashboardAssets.class",
        "/assets/../../../../../../etc/passwd.txt",
        "/assets/vendor/../../../META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.esm.js",
    })
    void traversalAndOddPathsAreRefused(String path) {
        assertThat(assets.find(path)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nope", "/assets/js/nope.js", "/assets/css/nope.css", "/assets/js/main.exe",
            "/api/alerts", "/favicon.ico", "/index.html"})
    void unknownPathsAnswerNothing(String path) {
        assertThat(assets.find(path)).isEmpty();
    }

    @Test
    void aNullOrOverlongPathAnswersNothing() {
        assertThat(assets.find(null)).isEmpty();
        assertThat(assets.find("/assets/" + "a".repeat(600) + ".js")).isEmpty();
        assertThat(DashboardAssets.isPage(null)).isFalse();
        assertThat(DashboardAssets.isPage("/ip/" + "1".repeat(600))).isFalse();
    }

    @Test
    void eachFileIsReadOnceAndKept() {
        assertThat(assets.find("/assets/js/main.js").get()).isSameAs(assets.find("/assets/js/main.js").get());
        assertThat(assets.find("/").get()).isSameAs(assets.find("/ip/10.0.0.1").get());
    }

    @Test
    void theSecurityHeadersAreThoseThePagesAreWrittenFor() {
        assertThat(DashboardAssets.securityHeaders())
                .containsEntry("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                        + "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; "
                        + "form-action 'self'; frame-ancestors 'none'")
                .containsEntry("X-Content-Type-Options", "nosniff")
                .containsEntry("Referrer-Policy", "no-referrer")
                .containsEntry("Cache-Control", "no-cache");
    }
}
