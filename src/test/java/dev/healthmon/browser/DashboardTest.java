package dev.healthmon.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.healthmon.app.LocalTarget;
import dev.healthmon.testing.ServiceUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard at {@code /} in headless Chromium against the service in its own JVM: status changes arrive live, the
 * page survives a restart of the service, search and filter narrow the list, and management needs the API token.
 */
class DashboardTest {

    private static final String TOKEN = "s3cret";
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Where the screenshots go when {@code -Dhealthmon.screenshots=DIR} is given; none are taken otherwise. */
    private static final String SCREENSHOTS = System.getProperty("healthmon.screenshots", "");

    @TempDir
    static Path dir;

    static LocalTarget db;
    static LocalTarget cache;
    static LocalTarget hook;
    static ServiceUnderTest service;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        Browser.assumeInstalled();
        db = LocalTarget.start();
        cache = LocalTarget.start();
        hook = LocalTarget.start();
        LocalTarget closed = LocalTarget.start();
        closed.close();
        // checks every second, down after one failure: a change reaches the page within seconds; db and cache are
        // on the public status page, ghost (down) and vault are not
        service = ServiceUnderTest.start(dir, """
                healthmon:
                  defaults: { interval: 1s, timeout: 1s, retries: 1, jitter: 0s }
                  api: { token: "%s" }
                  notifications:
                    - { name: ops, provider: webhook, url: "http://127.0.0.1:%d/hook" }
                  monitors:
                    - { name: db, url: "%s", group: Core, public: true, publicDetail: true }
                    - { name: cache, url: "%s", group: Edge, public: true }
                    - { name: ghost, url: "tcp://127.0.0.1:%d", group: Core }
                    - { name: vault, url: "%s", group: Core }
                """.formatted(TOKEN, hook.port(), db.url(), cache.url(), closed.port(), cache.url()));
        browser = Browser.open(1280, 900);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (service != null) {
            service.close();
        }
        if (db != null) {
            db.close();
            cache.close();
            hook.close();
        }
    }

    @BeforeEach
    void openDashboard() {
        db.up();
        browser.driver().get(service.url("/"));
        // a fresh tab session: no token kept from another test
        browser.driver().executeScript("sessionStorage.clear()");
        awaitStatus("db", "healthy");
        awaitStatus("cache", "healthy");
        awaitStatus("ghost", "unhealthy");
        awaitStatus("vault", "healthy");
    }

    @Test
    void aStatusChangeReachesThePage() {
        db.down();
        awaitStatus("db", "unhealthy");
        assertThat(row("db").getAttribute("data-category")).isEqualTo("bad");
        assertThat(row("db").findElement(By.className("detail")).getText()).isNotBlank();

        db.up();
        awaitStatus("db", "healthy");
        assertThat(row("db").getAttribute("data-category")).isEqualTo("good");
        assertThat(browser.eval("document.querySelector('[data-filter=bad] b').textContent")).isEqualTo("1");
    }

    @Test
    void thePageShowsTheLostStreamAndComesBackCurrentAfterARestart() throws Exception {
        service.down();
        browser.await("the page shows it lost the stream",
                "document.getElementById('banner').dataset.state === 'lost'"
                        + " && !document.getElementById('banner').hidden", WAIT);
        // while the service is away its target goes down: the page must learn it from the new process
        db.down();
        service.up();
        browser.await("the page shows the stream is back",
                "document.getElementById('banner').dataset.state === 'back'", Duration.ofSeconds(40));
        awaitStatus("db", "unhealthy");
        assertThat(browser.eval("document.getElementById('connection').dataset.state")).isEqualTo("live");

        db.up();
        awaitStatus("db", "healthy");
    }

    @Test
    void searchAndFilterNarrowTheList() {
        WebElement search = browser.driver().findElement(By.id("search"));
        search.sendKeys("cach");
        awaitRows(List.of("cache"));
        assertThat(browser.eval("document.getElementById('summary').textContent")).asString()
                .startsWith("Showing 1 of");

        // the URL is searched too
        search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        search.sendKeys(String.valueOf(db.port()));
        awaitRows(List.of("db"));

        search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        browser.driver().findElement(By.cssSelector("[data-filter=bad]")).click();
        awaitRows(List.of("ghost"));
        browser.driver().findElement(By.cssSelector("[data-filter=good]")).click();
        awaitRows(List.of("cache", "db", "vault"));

        // a monitor that goes down leaves the "up" view and joins the "down" one, live
        db.down();
        awaitRows(List.of("cache", "vault"));
        browser.driver().findElement(By.cssSelector("[data-filter=all]")).click();
        awaitRows(List.of("cache", "db", "ghost", "vault"));

        // grouped by group, and the grouping can be switched off
        assertThat(browser.eval("[...document.querySelectorAll('#monitor-list .group-name')].map(g => g.textContent)"
                + ".sort().join(',')")).isEqualTo("Core,Edge");
        browser.driver().findElement(By.id("group-toggle")).click();
        browser.await("the group heads are gone", "document.querySelectorAll('#monitor-list .group-head').length === 0",
                WAIT);
        browser.driver().findElement(By.id("group-toggle")).click();
    }

    @Test
    void addingAMonitorNeedsTheTokenAndShowsTheServersErrors() throws Exception {
        browser.driver().findElement(By.id("add-monitor")).click();
        // the link changes the address; the form is drawn when the page handles the hashchange, a task later
        browser.await("the form opens", "document.querySelector('.monitor-form') !== null", WAIT);
        WebElement form = browser.driver().findElement(By.className("monitor-form"));
        form.findElement(By.name("name")).sendKeys("added");
        form.findElement(By.name("url")).sendKeys(cache.url());
        form.findElement(By.name("interval")).sendKeys("0s");
        form.findElement(By.className("save")).click();

        // refused without the token: the page asks for it, and cancelling shows the server's answer by the form
        browser.await("the page asks for the token", "document.getElementById('token-dialog').open", WAIT);
        browser.driver().findElement(By.id("token-cancel")).click();
        browser.await("the refusal is shown", "document.querySelector('.form-error').dataset.status === '401'"
                + " && !document.querySelector('.form-error').hidden", WAIT);
        assertThat(browser.driver().findElement(By.className("form-error")).getText()).contains("bearer token");
        assertThat(service.call("GET", "/api/v1/health/added", null, null).statusCode()).isEqualTo(404);

        // with the token, the server's validation error names the field
        form.findElement(By.className("save")).click();
        browser.await("the page asks for the token", "document.getElementById('token-dialog').open", WAIT);
        browser.driver().findElement(By.id("token-input")).sendKeys(TOKEN);
        browser.driver().findElement(By.id("token-ok")).click();
        browser.await("the invalid field is marked",
                "document.querySelector('.monitor-form [name=interval]').getAttribute('aria-invalid') === 'true'",
                WAIT);
        assertThat(browser.driver().findElement(By.className("form-error")).getText()).contains("interval");
        assertThat(browser.eval("sessionStorage.getItem('healthmon.token')")).isEqualTo(TOKEN);

        // fixed, it is created with the kept token and shows up live
        WebElement interval = form.findElement(By.name("interval"));
        interval.sendKeys(Keys.chord(Keys.CONTROL, "a"), "1s");
        form.findElement(By.className("save")).click();
        browser.await("the monitor view of the new monitor", "location.hash === '#/monitor/added'", WAIT);
        browser.await("the new monitor turns healthy",
                "document.querySelector('.badge')?.dataset.status === 'healthy'", WAIT);
        assertThat(service.call("GET", "/api/v1/health/added", null, null).statusCode()).isEqualTo(200);

        browser.driver().findElement(By.className("back")).click();
        awaitStatus("added", "healthy");
        assertThat(service.call("DELETE", "/api/v1/monitors/added", null, TOKEN).statusCode()).isEqualTo(204);
        browser.await("the removed monitor leaves the page", "!document.querySelector('.row[data-name=added]')",
                WAIT);
    }

    @Test
    void theOverviewDrawsNinetyDayBarsFromTheStoredHistory() {
        browser.await("the bars are read", "document.getElementById('monitor-list').dataset.bars !== undefined", WAIT);
        // today has up time for db (how much depends on the tests before) and only down time for ghost; the days
        // before have no history
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        browser.await("db's bar has today", "document.querySelector('.row[data-name=db] .bar rect:last-child')"
                + "?.matches('.good, .warn, .bad')", WAIT);
        assertThat(browser.eval("document.querySelectorAll('.row[data-name=db] .bar rect').length")).isEqualTo(90L);
        assertThat(browser.eval("document.querySelector('.row[data-name=db] .bar rect:last-child title').textContent"))
                .asString().startsWith(today + ": ").endsWith(" %");
        assertThat(browser.eval("document.querySelector('.row[data-name=db] .bar rect:first-child')"
                + ".getAttribute('class')")).isEqualTo("cell idle");
        assertThat(browser.eval("document.querySelector('.row[data-name=ghost] .bar rect:last-child')"
                + ".getAttribute('class')")).isEqualTo("cell bad");
    }

    @Test
    void theStatusPageShowsOnlyThePublicMonitorsByGroupWithoutTheirSecrets() throws Exception {
        browser.driver().get(service.url("/status"));
        browser.await("the public monitors", "document.querySelectorAll('.status-monitor').length === 2"
                + " && document.getElementById('connection').dataset.state === 'live'"
                + " && document.documentElement.dataset.loaded === 'true'", WAIT);
        assertThat(browser.eval("[...document.querySelectorAll('.status-group')].map(g => g.querySelector("
                + "'.group-name').textContent + ':' + [...g.querySelectorAll('.status-monitor .name')].map(n => "
                + "n.textContent).join('+')).join(',')")).isEqualTo("Core:db,Edge:cache");
        assertThat(browser.eval("document.getElementById('overall-text').textContent"))
                .isEqualTo("All systems operational");
        browser.await("db's bar has today", "document.querySelector('.status-monitor[data-name=db] .bar "
                + "rect:last-child')?.matches('.good, .warn, .bad')", WAIT);
        assertThat(browser.eval("document.querySelectorAll('.status-monitor[data-name=db] .bar rect').length"))
                .isEqualTo(90L);
        // db allows its detail (its URL without secrets), cache does not; nothing of ghost or vault anywhere
        assertThat(browser.eval("document.querySelector('.status-monitor[data-name=db] .public-detail').textContent"))
                .asString().contains(db.url());
        assertThat(browser.eval("document.querySelector('.status-monitor[data-name=cache] .public-detail')"
                + ".textContent")).isEqualTo("");
        assertThat(browser.driver().getPageSource()).doesNotContain("ghost").doesNotContain("vault")
                .doesNotContain(String.valueOf(cache.port()));
        String json = service.call("GET", "/api/v1/status", null, null).body();
        assertThat(json).contains("\"db\"").contains("\"cache\"").doesNotContain("ghost").doesNotContain("vault")
                .doesNotContain(String.valueOf(cache.port()));
        screenshot("status.png");

        // live: db goes down, the banner follows (one of two down is a partial outage), and the stream carries
        // no private monitor's event while ghost keeps failing
        db.down();
        browser.await("db is down on the status page",
                "document.querySelector('.status-monitor[data-name=db]')?.dataset.status === 'unhealthy'", WAIT);
        assertThat(browser.eval("document.getElementById('overall').dataset.overall")).isEqualTo("partial");
        assertThat(browser.eval("document.getElementById('overall-text').textContent")).isEqualTo("Partial outage");
        db.up();
        browser.await("the banner is back to operational",
                "document.getElementById('overall').dataset.overall === 'operational'", WAIT);
        browser.await("the outage is listed with its duration",
                "document.querySelector('#incidents .incident .incident-name')?.textContent === 'db'"
                        + " && document.querySelector('#incidents .incident').dataset.ongoing === 'false'", WAIT);
    }

    @Test
    void editingAMonitorKeepsTheFieldsTheFormDoesNotShow() throws Exception {
        assertThat(service.call("POST", "/api/v1/monitors", """
                {"name": "relay", "url": "%s", "notify": ["ops"], "interval": "1s", "group": "Edge"}
                """.formatted(cache.url()), TOKEN).statusCode()).isEqualTo(201);
        browser.driver().executeScript("sessionStorage.setItem('healthmon.token', arguments[0])", TOKEN);
        browser.driver().get(service.url("/#/edit/relay"));
        browser.await("the form holds the monitor as written",
                "document.querySelector('.monitor-form')?.dataset.loaded === 'true'", WAIT);
        WebElement form = browser.driver().findElement(By.className("monitor-form"));
        assertThat(form.findElement(By.name("group")).getAttribute("value")).isEqualTo("Edge");
        assertThat(form.findElement(By.name("retries")).getAttribute("value")).as("a default stays unwritten")
                .isEmpty();
        WebElement interval = form.findElement(By.name("interval"));
        interval.sendKeys(Keys.chord(Keys.CONTROL, "a"), "2s");
        form.findElement(By.className("save")).click();
        browser.await("the monitor view of the edited monitor", "location.hash === '#/monitor/relay'", WAIT);

        String written = service.call("GET", "/api/v1/monitors/relay", null, TOKEN).body();
        assertThat(written).contains("\"interval\":\"2s\"").contains("\"notify\":[\"ops\"]")
                .contains("\"group\":\"Edge\"").doesNotContain("retries");
        assertThat(service.call("DELETE", "/api/v1/monitors/relay", null, TOKEN).statusCode()).isEqualTo(204);
    }

    @Test
    void theMonitorViewShowsTheConfigAndTheLatestChecks() throws Exception {
        screenshot("overview.png");
        row("db").click();
        browser.await("the monitor view", "document.querySelector('.monitor-name')?.textContent === 'db'", WAIT);
        browser.await("a check arrives", "document.querySelectorAll('.checks .check').length >= 2", WAIT);
        String config = browser.driver().findElement(By.className("config")).getText();
        assertThat(config).contains("interval").contains("1s").contains("retries");
        assertThat(browser.driver().findElement(By.className("monitor-url")).getText()).isEqualTo(db.url());

        // the latency chart, the uptime of each window and the incidents come from the stored history
        browser.await("the chart is drawn from the history", "document.querySelector('.chart')?.dataset.state === "
                + "'ready' && Number(document.querySelector('.chart').dataset.points) >= 1", WAIT);
        assertThat(browser.eval("document.querySelectorAll('.chart .latency-avg').length")).isEqualTo(1L);
        browser.await("the uptime of 24 h, 7 d and 30 d", "document.querySelectorAll('.windows .fact').length === 3"
                + " && document.querySelector('.windows .fact dd').textContent.includes('%')", WAIT);
        screenshot("monitor.png");
        browser.driver().findElement(By.cssSelector("[data-window='7d']")).click();
        browser.await("the 7-day chart", "document.querySelector('.chart')?.dataset.state === 'ready'"
                + " && document.querySelector('.chart-note').textContent.includes('1h')", WAIT);

        // muting: the row turns to maintenance while the mute lasts, and unmuting ends it
        browser.driver().executeScript("sessionStorage.setItem('healthmon.token', arguments[0])", TOKEN);
        browser.driver().findElement(By.className("mute")).click();
        browser.await("the mute answer", "document.querySelector('.action-result').dataset.state === 'done'", WAIT);
        assertThat(browser.driver().findElement(By.className("action-result")).getText()).startsWith("Muted for 2h");
        browser.driver().findElement(By.className("unmute")).click();
        browser.await("the unmute answer", "document.querySelector('.action-result').dataset.state === 'done'"
                + " && document.querySelector('.action-result').textContent === 'Unmuted.'", WAIT);
    }

    @Test
    void thePagesFitAPhoneAndFollowTheSystemsTheme() {
        ChromeDriver driver = browser.driver();
        try {
            // a phone: 390 CSS pixels wide
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
            Map<String, String> pages = new LinkedHashMap<>();
            pages.put("/#/", "document.querySelector('.row[data-name=\"ghost\"]')?.dataset.status === 'unhealthy'");
            pages.put("/#/monitor/db", "document.querySelector('.monitor-name')?.textContent === 'db'"
                    + " && document.querySelector('.chart')?.dataset.state !== 'loading'");
            pages.put("/#/new", "document.querySelector('.monitor-form') !== null");
            pages.put("/status", "document.documentElement.dataset.loaded === 'true'"
                    + " && document.querySelectorAll('.status-monitor').length === 2");
            for (Map.Entry<String, String> page : pages.entrySet()) {
                driver.get(service.url(page.getKey()));
                browser.await(page.getKey() + " at phone width", page.getValue(), WAIT);
                assertThat(browser.eval("document.documentElement.scrollWidth - window.innerWidth"))
                        .as("how far %s overflows a phone's width", page.getKey()).isEqualTo(0L);
            }
            // the status page here; the dashboard shares its colours
            long light = brightness(browser.eval("getComputedStyle(document.body).backgroundColor"));
            driver.executeCdpCommand("Emulation.setEmulatedMedia",
                    Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
            long dark = brightness(browser.eval("getComputedStyle(document.body).backgroundColor"));
            driver.get(service.url("/"));
            browser.await("the dashboard in the dark", "document.querySelector('.row') !== null", WAIT);
            long darkDashboard = brightness(browser.eval("getComputedStyle(document.body).backgroundColor"));
            assertThat(light).as("light background").isGreaterThan(200);
            assertThat(dark).as("dark background").isLessThan(60);
            assertThat(darkDashboard).as("the dashboard's dark background").isLessThan(60);
        }
        finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
    }

    // the mean of the red, green and blue of a CSS rgb() colour
    private static long brightness(Object color) {
        String[] parts = String.valueOf(color).replaceAll("[^0-9,]", "").split(",");
        return (Long.parseLong(parts[0]) + Long.parseLong(parts[1]) + Long.parseLong(parts[2])) / 3;
    }

    private void screenshot(String name) throws Exception {
        if (!SCREENSHOTS.isBlank()) {
            browser.screenshot(Path.of(SCREENSHOTS, name));
        }
    }

    private void awaitStatus(String name, String status) {
        String row = "document.querySelector('.row[data-name=\"" + name + "\"]')";
        try {
            browser.await(name + " is " + status + " on the page", row + "?.dataset.status === '" + status + "'",
                    WAIT);
        }
        catch (AssertionError e) {
            // what the page and the service said instead
            throw new AssertionError(e.getMessage() + "; the page shows " + browser.eval(row + "?.dataset.status")
                    + ", the service says " + serviceStatus(name), e);
        }
    }

    private static String serviceStatus(String name) {
        try {
            return service.call("GET", "/api/v1/health/" + name, null, null).body();
        }
        catch (Exception e) {
            return "nothing (" + e + ")";
        }
    }

    private void awaitRows(List<String> names) {
        String expected = String.join(",", names);
        browser.await("the list shows exactly " + expected, "[...document.querySelectorAll('#monitor-list .row')]"
                + ".map(r => r.dataset.name).sort().join(',') === '" + expected + "'", WAIT);
    }

    private WebElement row(String name) {
        return browser.driver().findElement(By.cssSelector(".row[data-name=\"" + name + "\"]"));
    }
}
