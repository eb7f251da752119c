package io.flowsight.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowsight.app.demo.DemoDataGenerator;
import io.flowsight.app.runtime.LocalRuntime;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.respond.policy.BlocklistPolicyConfig;
import io.flowsight.topology.TopologyConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real browser (Debian's headless Chromium through chromium-driver) on a {@code flowsight run}
 * over the demo data, with hostile text planted in an ALB user agent, a request URL and a CloudTrail user agent and
 * error message: every page loads without console errors and shows what the JSON API answers, the live page follows
 * new records, the hostile text stays text, and a screenshot of every page is written to
 * {@code target/dashboard-screenshots/} for people to look at.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {
    private static final Path CHROMIUM = Path.of(System.getProperty("flowsight.chromium", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("flowsight.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    private static final int MINUTES = 15;
    private static final String TOKEN = "dashboard-token";
    private static final String ACCOUNT = "123456789012";
    /** The address the hostile requests and API calls come from. */
    private static final String HOSTILE = "203.0.113.66";
    /** Each payload marks the page if it ever runs, so the test can tell. */
    private static final String IMG = "<img src=x onerror=document.body.dataset.pwned=1>";
    private static final String SCRIPT = "</script><script>document.body.dataset.pwned=2</script>";
    private static final String URL_PATH = "/search?q=</script><script>document.body.dataset.pwned=3</script>";
    private static final String NEW_TALKER = "198.18.0.77";
    /** An attacker of the demo data whose address the blocklist's allow-list holds, so a block is refused. */
    private static final String PARTNER = "203.0.113.45";
    /** An address whose only record in the lake is a CloudTrail call four days before the rest of the data. */
    private static final String OLD_CALLER = "192.0.2.77";
    private static final String OLD_CALL_TIME = "2026-11-18T09:00:10Z";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path work;
    private LocalRuntime runtime;
    private ChromeDriver browser;
    private Path flowDirectory;
    private final HttpClient http = HttpClient.newHttpClient();
    /** Per page, its first load's first contentful paint and first data shown, in ms after navigation. */
    private final Map<String, String> timings = new TreeMap<>();

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        this.work = work;
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER), "The dashboard's browser tests need "
                + "Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run installs "
                + "them), or -Dflowsight.chromium=PATH -Dflowsight.chromedriver=PATH.");
        Path demo = Files.createDirectories(work.resolve("demo"));
        new DemoDataGenerator(demo, START, MINUTES, 3, 400).generate();
        Path logs = demo.resolve("AWSLogs").resolve(ACCOUNT);
        plantHostileAlbRequest(logs);
        plantHostileCloudTrailEvent(logs);
        plantOldCloudTrailEvent(logs);
        try (var found = Files.walk(logs)) {
            flowDirectory = found.filter(path -> path.getFileName().toString().contains("_vpcflowlogs_")).findFirst()
                    .orElseThrow().getParent();
        }
        runtime = LocalRuntime.start(new LocalRuntime.Settings(List.of(demo.resolve("AWSLogs").toString()),
                Optional.empty(), VpcFlowLogFormat.DEFAULT, null, true, work.resolve("lake"), work.resolve("data"), 2,
                "127.0.0.1", 0, Optional.of(TOKEN), Map.of("flowsight.sink.roll.max.open.ms", "1000",
                        BlocklistPolicyConfig.ALLOW_CIDRS_CONFIG, PARTNER + "/32",
                        // Not the default sizes: the pages offer the ones the API lists.
                        TopologyConfig.WINDOWS_CONFIG, "1m,5m,1h"),
                Optional.empty(), true));
        awaitDemoDataEverywhere();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,800", "--lang=en-US");
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build(), options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (runtime != null) {
            runtime.close();
        }
        if (!timings.isEmpty()) {
            StringBuilder lines = new StringBuilder("page\tfirst contentful paint (ms)\tfirst data shown (ms)\n");
            timings.forEach((page, times) -> lines.append(page).append('\t').append(times).append('\n'));
            Files.writeString(SCREENSHOTS.resolve("first-paint.tsv"), lines);
        }
    }

    @Test
    @Order(1)
    void theTokenIsAskedOnceAndKeptForTheSession() {
        browser.get(runtime.httpUrl() + "/");
        WebElement form = waitFor(By.cssSelector("[data-test=token-form]"));
        waitUntil(driver -> form.isDisplayed());
        form.findElement(By.name("token")).sendKeys("wrong");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        waitUntil(driver -> form.findElement(By.cssSelector("[data-role=token-refused]")).isDisplayed());
        WebElement field = form.findElement(By.name("token"));
        field.clear();
        field.sendKeys(TOKEN);
        form.findElement(By.cssSelector("button[type=submit]")).click();
        awaitLoaded("overview");
        assertThat(form.isDisplayed()).isFalse();
        browser.get(runtime.httpUrl() + "/alerts");
        awaitLoaded("alerts");
        assertThat(browser.findElement(By.cssSelector("[data-test=token-form]")).isDisplayed()).isFalse();
        // The 401s (no token, then the wrong one) are the browser's own network lines, which also shows that the
        // console is read; nothing else may have been logged.
        assertThat(consoleErrors()).isNotEmpty().allMatch(line -> line.contains(" 401 "));
    }

    @Test
    @Order(2)
    void everyPageLoadsWithoutConsoleErrorsAndIsPhotographed() throws Exception {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("overview", "/");
        pages.put("top-talkers", "/top-talkers?dimension=vpc_src_bytes&window=PT1M");
        pages.put("alerts", "/alerts");
        pages.put("rejected", "/rejected");
        pages.put("ip", "/ip/198.51.100.23");
        pages.put("sql", "/sql");
        for (Map.Entry<String, String> page : pages.entrySet()) {
            open(page.getValue(), page.getKey());
            assertThat(consoleErrors()).as(page.getKey()).isEmpty();
            assertThat(browser.findElements(By.cssSelector("[data-test=error]"))).as(page.getKey()).isEmpty();
            screenshot(page.getKey());
        }
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            open("/", "overview");
            screenshot("overview-narrow");
            open("/alerts", "alerts");
            screenshot("alerts-narrow");
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 800));
        }
        browser.findElement(By.id("theme-toggle")).click();
        browser.findElement(By.id("theme-toggle")).click();
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("data-theme")).isEqualTo("dark");
        open("/ip/198.51.100.23", "ip");
        screenshot("ip-dark");
        browser.findElement(By.id("theme-toggle")).click();
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    @Order(3)
    void theOverviewCountsTheFiringAlertsAsTheApiHoldsThem() throws Exception {
        Map<String, Integer> firing = new TreeMap<>();
        for (JsonNode alert : api("/api/alerts?limit=1000").path("alerts")) {
            if (alert.path("resolvedAt").isNull()) {
                firing.merge(alert.path("severity").asText(), 1, Integer::sum);
            }
        }
        assertThat(firing).isNotEmpty();
        open("/", "overview");
        waitFor(By.cssSelector("[data-test=severity-count]"));
        Map<String, Integer> shown = new TreeMap<>();
        for (WebElement count : browser.findElements(By.cssSelector("[data-test=severity-count]"))) {
            int value = Integer.parseInt(count.getDomAttribute("data-value"));
            if (value > 0) {
                shown.put(count.getDomAttribute("data-severity"), value);
            }
        }
        assertThat(shown).isEqualTo(firing);
        assertChartOfMinutes("traffic-chart", "");
    }

    @Test
    @Order(4)
    void topTalkersShowTheLiveWindowAsTheApiRanksIt() throws Exception {
        open("/top-talkers?dimension=vpc_src_bytes&window=PT1M", "top-talkers");
        WebElement list = waitFor(By.cssSelector("[data-test=open-window]"));
        assertThat(options("window")).as("the windows the API lists").containsExactly("PT1M", "PT5M", "PT1H")
                .isEqualTo(texts(api("/api/top-talkers").path("windows")));
        JsonNode newest = newestOpenWindow();
        waitUntil(driver -> String.valueOf(newest.path("windowStart").asLong())
                .equals(list.getDomAttribute("data-window-start")));
        Map<String, Long> expected = new LinkedHashMap<>();
        newest.path("entries").forEach(entry -> expected.put(entry.path("key").asText(), entry.path("value").asLong()));
        assertThat(expected).isNotEmpty();
        assertThat(rows(list, "talker-row")).isEqualTo(expected);
    }

    @Test
    @Order(5)
    void theAlertsPageListsEveryAlertTheApiHolds() throws Exception {
        List<String> expected = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (JsonNode alert : api("/api/alerts?limit=1000").path("alerts")) {
            expected.add(alert.path("alertId").asText());
            addresses.add(alert.path("ip").asText());
        }
        open("/alerts", "alerts");
        waitFor(By.cssSelector("[data-test=alert-row]"));
        List<WebElement> rows = browser.findElements(By.cssSelector("[data-test=alert-row]"));
        assertThat(rows).extracting(row -> row.getDomAttribute("data-alert-id"))
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(rows).extracting(row -> row.getDomAttribute("data-ip")).containsExactlyInAnyOrderElementsOf(addresses);
        WebElement first = rows.get(0);
        assertThat(first.findElement(By.cssSelector("a.address")).getDomAttribute("href"))
                .isEqualTo("/ip/" + first.getDomAttribute("data-ip"));
    }

    @Test
    @Order(6)
    void rejectedTrafficShowsTheApisCountsBySource() throws Exception {
        JsonNode answer = api("/api/rejected?dimension=vpc_src&window=PT1M&limit=15");
        Map<String, Long> expected = new LinkedHashMap<>();
        answer.path("open").forEach(entry -> expected.put(entry.path("key").asText(), entry.path("value").asLong()));
        assertThat(expected).isNotEmpty();
        open("/rejected?window=PT1M", "rejected");
        WebElement panel = waitFor(By.cssSelector("[data-test=rejected-panel][data-dimension=vpc_src]"));
        assertThat(options("window")).as("the windows the API lists").containsExactly("PT1M", "PT5M", "PT1H");
        waitUntil(driver -> !panel.findElements(By.cssSelector("[data-test=rejected-row]")).isEmpty());
        assertThat(rows(panel, "rejected-row")).isEqualTo(expected);
        assertChartOfMinutes("rejected-chart", " AND action = 'REJECT'");
    }

    /**
     * The chart {@code test} draws one point per minute from the first to the last minute of the flows matching
     * {@code condition} in the last 3 hours of data, as the lake holds them.
     */
    private void assertChartOfMinutes(String test, String condition) throws Exception {
        long minutes = count("SELECT (epoch_ms(max(date_trunc('minute', event_time))) - epoch_ms(min(date_trunc("
                + "'minute', event_time)))) // 60000 + 1 FROM vpc_flow_logs WHERE event_time > (SELECT max(event_time)"
                + " FROM vpc_flow_logs) - INTERVAL 3 HOUR" + condition);
        assertThat(minutes).isPositive();
        WebElement chart = waitFor(By.cssSelector("[data-test=" + test + "]"));
        assertThat(chart.getDomAttribute("data-points")).isEqualTo(String.valueOf(minutes));
        assertThat(chart.findElements(By.tagName("canvas"))).as("drawn by uPlot").isNotEmpty();
    }

    @Test
    @Order(7)
    void theIpPageReadsTheNewestDaysOfTheLakeUnlessAskedForAll() {
        open("/ip/" + OLD_CALLER, "ip");
        waitFor(By.cssSelector("[data-test=timeline-table]"));
        assertThat(browser.findElement(By.cssSelector("[data-test=lake-period-note]")).getText())
                .isEqualTo("UTC days from 2026-11-21 on (the newest day of data and the ones before)");
        assertThat(browser.findElements(By.cssSelector("[data-test=timeline-row]"))).as("its call is four days older")
                .isEmpty();

        new Select(browser.findElement(By.cssSelector("[data-test=lake-period]")))
                .selectByValue("all");
        waitUntil(driver -> !driver.findElements(By.cssSelector("[data-test=timeline-row]")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("[data-test=timeline-row]")))
                .extracting(row -> row.getDomAttribute("data-source") + " " + row.getDomAttribute("data-time"))
                .containsExactly("cloudtrail " + Instant.parse(OLD_CALL_TIME).toEpochMilli());
        assertThat(browser.findElement(By.cssSelector("[data-test=lake-period-note]")).getText())
                .isEqualTo("every day the lake holds");
        assertThat(browser.getCurrentUrl()).endsWith("/ip/" + OLD_CALLER + "?period=all");
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    @Order(8)
    void textFromTheLogsIsShownAsTextAndNeverRuns() throws IOException {
        open("/ip/" + HOSTILE, "ip");
        waitUntil(driver -> driver.findElements(By.cssSelector("[data-test=timeline-row]")).size() >= 2);
        String timeline = browser.findElement(By.cssSelector("[data-test=ip-timeline]")).getText();
        assertThat(timeline).contains(IMG, SCRIPT, URL_PATH);
        assertThat(browser.findElements(By.cssSelector("img[src=x]"))).isEmpty();
        assertThat(((JavascriptExecutor) browser).executeScript("return document.body.dataset.pwned || null"))
                .isNull();
        assertThat(((JavascriptExecutor) browser).executeScript(
                "return [...document.scripts].filter(s => !s.src).length")).isEqualTo(0L);
        screenshot("ip-hostile-text");

        open("/sql?sql=" + URLEncoder.encode("SELECT user_agent, request_url FROM alb_logs WHERE client_ip = '"
                + HOSTILE + "'", StandardCharsets.UTF_8), "sql");
        browser.findElement(By.cssSelector("[data-test=sql-run]")).click();
        WebElement result = waitFor(By.cssSelector("[data-test=sql-result]"));
        assertThat(result.getText()).contains(IMG).contains(URL_PATH);
        assertThat(((JavascriptExecutor) browser).executeScript("return document.body.dataset.pwned || null"))
                .isNull();
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    @Order(9)
    void theAlertsButtonsSilenceAndBlockThroughTheApiAndShowARefusal() throws Exception {
        open("/alerts", "alerts");
        WebElement scanner = waitFor(By.cssSelector("[data-test=alert-row][data-ip='198.51.100.23']"));
        scanner.findElement(By.cssSelector("[data-test=silence-button]")).click();
        submitActionForm("weekly scan by our vendor");
        assertThat(api("/api/silences").path("silences").toString()).contains("\"address\":\"198.51.100.23\"",
                "\"detector\":\"port_scan\"", "\"comment\":\"weekly scan by our vendor\"");

        open("/alerts", "alerts");
        waitFor(By.cssSelector("[data-test=alert-row][data-ip='198.51.100.23'] [data-test=block-button]")).click();
        submitActionForm("scanning us");
        JsonNode blocked = api("/api/blocklist").path("blocked");
        assertThat(blocked.toString()).contains("\"address\":\"198.51.100.23\"", "\"decidedBy\":\"http-api\"",
                "\"comment\":\"scanning us\"");

        open("/alerts", "alerts");
        waitFor(By.cssSelector("[data-test=alert-row][data-ip='198.51.100.23'] [data-test=unblock-button]"));
        waitFor(By.cssSelector("[data-test=alert-row][data-ip='" + PARTNER + "'] [data-test=block-button]")).click();
        WebElement form = waitFor(By.cssSelector("[data-test=action-form]"));
        form.findElement(By.name("comment")).sendKeys("brute force");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement refusal = waitFor(By.cssSelector("[data-test=action-form] [data-test=error]"));
        assertThat(refusal.getText()).startsWith("Not blocked: ").contains(PARTNER);
        assertThat(api("/api/blocklist").path("blocked").toString()).doesNotContain(PARTNER);
        screenshot("alerts-refused-block");
        // The refusal's 409 is the browser's network line; nothing else may have been logged.
        assertThat(consoleErrors()).allMatch(line -> line.contains(" 409 "));
    }

    private void submitActionForm(String comment) {
        WebElement form = waitFor(By.cssSelector("[data-test=action-form]"));
        form.findElement(By.name("comment")).sendKeys(comment);
        form.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor(By.cssSelector("[data-test=action-done]"));
    }

    @Test
    @Order(10)
    void theLiveTopTalkersFollowNewRecordsWithoutAReload() throws Exception {
        open("/top-talkers?dimension=vpc_src_bytes&window=PT1M", "top-talkers");
        WebElement list = waitFor(By.cssSelector("[data-test=open-window]"));
        ((JavascriptExecutor) browser).executeScript("window.__sameDocument = true");
        assertThat(list.findElements(By.cssSelector("[data-test=talker-row][data-key='" + NEW_TALKER + "']")))
                .isEmpty();

        long minute = START.plus(Duration.ofMinutes(MINUTES)).getEpochSecond();
        writeGzip(flowDirectory.resolve(ACCOUNT + "_vpcflowlogs_us-east-1_fl-0a1b2c3d4e5f67890_20261122T1015Z_"
                + "0badc0de.log.gz"), "version account-id interface-id srcaddr dstaddr srcport dstport protocol "
                + "packets bytes start end action log-status\n2 " + ACCOUNT + " eni-0badc0de " + NEW_TALKER
                + " 10.0.2.10 40000 443 6 900000 999999999 " + (minute + 5) + " " + (minute + 50) + " ACCEPT OK\n");

        WebDriverWait wait = new WebDriverWait(browser, PATIENCE, Duration.ofMillis(250));
        wait.until(driver -> !driver.findElements(By.cssSelector("[data-test=open-window] [data-test=talker-row]"
                + "[data-key='" + NEW_TALKER + "']")).isEmpty());
        WebElement row = browser.findElement(By.cssSelector("[data-test=talker-row][data-key='" + NEW_TALKER + "']"));
        assertThat(row.getDomAttribute("data-value")).isEqualTo("999999999");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__sameDocument === true"))
                .as("updated in place, not reloaded").isEqualTo(true);
        screenshot("top-talkers-live");
        assertThat(consoleErrors()).isEmpty();
    }

    private void open(String path, String page) {
        browser.get(runtime.httpUrl() + path);
        awaitLoaded(page);
        Object times = ((JavascriptExecutor) browser).executeScript("const at = name => { const e = performance"
                + ".getEntriesByName(name)[0]; return e ? Math.round(e.startTime) : -1; }; return at("
                + "'first-contentful-paint') + '\\t' + at('flowsight-data-shown');");
        timings.putIfAbsent(page, String.valueOf(times));
    }

    private void awaitLoaded(String page) {
        waitUntil(driver -> {
            List<WebElement> roots = driver.findElements(By.cssSelector("main#page[data-page='" + page + "']"));
            return !roots.isEmpty() && "true".equals(roots.get(0).getDomAttribute("data-loaded"));
        });
    }

    private WebElement waitFor(By selector) {
        return new WebDriverWait(browser, PATIENCE).until(driver -> {
            List<WebElement> found = driver.findElements(selector);
            return found.isEmpty() ? null : found.get(0);
        });
    }

    private void waitUntil(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        new WebDriverWait(browser, PATIENCE, Duration.ofMillis(100)).until(condition);
    }

    /** The values a page's select box named {@code name} offers, in order. */
    private List<String> options(String name) {
        return browser.findElements(By.cssSelector("select[name=" + name + "] option")).stream()
                .map(option -> option.getDomAttribute("value")).toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }

    private static Map<String, Long> rows(WebElement container, String test) {
        Map<String, Long> shown = new LinkedHashMap<>();
        for (WebElement row : container.findElements(By.cssSelector("[data-test=" + test + "]"))) {
            shown.put(row.getDomAttribute("data-key"), Long.parseLong(row.getDomAttribute("data-value")));
        }
        return shown;
    }

    /** The browser's console lines at SEVERE since the last call (reading them empties the buffer). */
    private List<String> consoleErrors() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    private void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private JsonNode newestOpenWindow() throws Exception {
        JsonNode newest = null;
        for (JsonNode window : api("/api/top-talkers?dimension=vpc_src_bytes&window=PT1M").path("open")) {
            if (newest == null || window.path("windowStart").asLong() > newest.path("windowStart").asLong()) {
                newest = window;
            }
        }
        assertThat(newest).as("an open window").isNotNull();
        return newest;
    }

    private JsonNode api(String pathAndQuery) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(runtime.httpUrl() + pathAndQuery))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private long count(String sql) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(runtime.httpUrl() + "/api/query?sql="
                        + URLEncoder.encode(sql, StandardCharsets.UTF_8))).header("Authorization", "Bearer " + TOKEN)
                .build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            return 0;
        }
        JsonNode rows = JSON.readTree(answer.body()).path("rows");
        return rows.isEmpty() ? 0 : rows.get(0).elements().next().asLong();
    }

    /**
     * Waits until the stream processing has alerts and ranked windows and the lake holds the hostile records: the
     * pages are then compared with what the API answers, which no longer changes until the live test adds records.
     */
    private void awaitDemoDataEverywhere() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        long flows = -1;
        while (Instant.now().isBefore(deadline)) {
            long now = count("SELECT count(*) FROM vpc_flow_logs");
            boolean lakeReady = now > 0 && now == flows
                    && count("SELECT count(*) FROM alb_logs WHERE client_ip = '" + HOSTILE + "'") == 1
                    && count("SELECT count(*) FROM cloudtrail_events WHERE sourceipaddress = '" + HOSTILE + "'") == 1
                    && count("SELECT count(*) FROM cloudtrail_events WHERE sourceipaddress = '" + OLD_CALLER
                    + "'") == 1;
            if (lakeReady && api("/api/alerts?limit=1").path("alerts").size() > 0
                    && api("/api/rejected?dimension=vpc_src&window=PT1M&limit=1").path("open").size() > 0) {
                return;
            }
            flows = now;
            Thread.sleep(2000);
        }
        throw new AssertionError("The demo data did not reach the lake and the live state within 3 minutes");
    }

    private void plantHostileAlbRequest(Path logs) throws IOException {
        String time = "2026-11-22T10:07:30.000Z";
        String line = "https " + time + " app/shop-frontend/50dc6c495c0c9188 " + HOSTILE + ":40222 10.0.2.10:80 "
                + "0.001 0.004 0.000 404 404 310 512 \"GET https://shop.example.com:443" + URL_PATH + " HTTP/1.1\" \""
                + IMG + "\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-1:" + ACCOUNT
                + ":targetgroup/shop-web/73e2d6bc24d8a067 \"Root=1-6b14a5a2-0badc0de0badc0de0badc0de\" "
                + "\"shop.example.com\" \"-\" 0 " + time + " \"forward\" \"-\" \"-\" \"10.0.2.10:80\" \"404\" \"-\" \"-\" "
                + "TID_0badc0de0badc0de\n";
        writeGzip(logs.resolve("elasticloadbalancing/us-east-1/2026/11/22/" + ACCOUNT + "_elasticloadbalancing_"
                + "us-east-1_app.shop-frontend.50dc6c495c0c9188_20261122T1007Z_10.0.0.5_0badc0de.log.gz"), line);
    }

    private void plantHostileCloudTrailEvent(Path logs) throws IOException {
        Map<String, Object> event = cloudTrailEvent("2026-11-22T10:07:40Z", HOSTILE,
                "0badc0de-0000-4000-8000-00000000000");
        event.put("userAgent", IMG);
        event.put("errorCode", "AccessDenied");
        event.put("errorMessage", SCRIPT);
        writeGzip(logs.resolve("CloudTrail/us-east-1/2026/11/22/" + ACCOUNT + "_CloudTrail_us-east-1_20261122T1007Z_"
                + "0badc0de.json.gz"), JSON.writeValueAsString(Map.of("Records", List.of(event))));
    }

    /** One call of {@link #OLD_CALLER}'s, four days before the demo data's day. */
    private void plantOldCloudTrailEvent(Path logs) throws IOException {
        Map<String, Object> event = cloudTrailEvent(OLD_CALL_TIME, OLD_CALLER, "0ldca11e-0000-4000-8000-00000000000");
        event.put("userAgent", "aws-cli/2.15.0");
        writeGzip(logs.resolve("CloudTrail/us-east-1/2026/11/18/" + ACCOUNT + "_CloudTrail_us-east-1_20261118T0900Z_"
                + "0ldca11e.json.gz"), JSON.writeValueAsString(Map.of("Records", List.of(event))));
    }

    /** A read-only S3 ListBuckets call by mallory from {@code address}; ids {@code idPrefix} + 1 and + 2. */
    private static Map<String, Object> cloudTrailEvent(String time, String address, String idPrefix) {
        Map<String, Object> identity = Map.of("type", "IAMUser", "principalId", "AIDA0BADC0DE",
                "arn", "arn:aws:iam::" + ACCOUNT + ":user/mallory", "accountId", ACCOUNT, "userName", "mallory");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventVersion", "1.08");
        event.put("userIdentity", identity);
        event.put("eventTime", time);
        event.put("eventSource", "s3.amazonaws.com");
        event.put("eventName", "ListBuckets");
        event.put("awsRegion", "us-east-1");
        event.put("sourceIPAddress", address);
        event.put("requestParameters", null);
        event.put("responseElements", null);
        event.put("requestID", idPrefix + "1");
        event.put("eventID", idPrefix + "2");
        event.put("readOnly", true);
        event.put("eventType", "AwsApiCall");
        event.put("managementEvent", true);
        event.put("recipientAccountId", ACCOUNT);
        return event;
    }

    /** Written outside the inputs and moved in, so a following ingester never reads half a file. */
    private void writeGzip(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path partial = Files.createTempFile(work, "staged", ".tmp");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(partial))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
