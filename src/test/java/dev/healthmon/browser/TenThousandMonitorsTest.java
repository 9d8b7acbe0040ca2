package dev.healthmon.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.healthmon.testing.ServiceUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's first render with 10,000 monitors in headless Chromium: the list is virtualised, so the page
 * renders at once; the time is printed (the goal, under a second, is reported rather than asserted). And a burst of
 * 1,000 status changes: drawn once per frame, its longest task and frame are printed.
 */
class TenThousandMonitorsTest {

    private static final int MONITORS = 10_000;
    private static final int BURST = 1_000;
    private static final Duration RENDER = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void tenThousandMonitorsRenderAndOnlyTheVisibleRowsAreBuilt() throws Exception {
        Browser.assumeInstalled();
        Path target = Files.writeString(dir.resolve("target.txt"), "present");
        // file checks of one existing file, once an hour, the first ones spread over the hour: the service is in
        // its steady state (a few checks a second) while the page loads, not in the burst of 10,000 first checks
        StringBuilder yaml = new StringBuilder("healthmon:\n  defaults: { interval: 1h, timeout: 10s, jitter: 1h }\n"
                + "  monitors:\n");
        for (int i = 0; i < MONITORS; i++) {
            yaml.append("    - { name: svc-%05d, url: \"file://%s\" }\n".formatted(i, target));
        }
        try (ServiceUnderTest service = ServiceUnderTest.start(dir, yaml.toString());
                Browser browser = Browser.open(1280, 900)) {
            long cold = load(browser, service);
            long coldPage = firstRender(browser);
            long coldSnapshot = firstSnapshot(browser);
            assertRendered(browser);

            long warm = load(browser, service);
            long warmPage = firstRender(browser);
            long warmSnapshot = firstSnapshot(browser);
            assertRendered(browser);

            // what the server takes for the JSON of every monitor, without the browser: the snapshot's share
            long[] reads = new long[3];
            int bytes = 0;
            for (int i = 0; i < reads.length; i++) {
                long started = System.nanoTime();
                bytes = service.call("GET", "/api/v1/health", null, null).body().length();
                reads[i] = Duration.ofNanos(System.nanoTime() - started).toMillis();
            }
            System.out.printf("GET /api/v1/health of %,d monitors (%,d characters): %s ms%n", MONITORS, bytes,
                    java.util.Arrays.toString(reads));

            // the rows further down are built when they scroll into view
            browser.eval("window.scrollTo(0, document.body.scrollHeight)");
            browser.await("the last monitor scrolled into view",
                    "document.querySelector('.row[data-name=\"svc-09999\"]') !== null", RENDER);
            System.out.printf("dashboard first render of %,d monitors in headless Chromium: %d ms after navigation, "
                    + "of which %d ms until the snapshot was in (%d ms from driver.get); again with the modules "
                    + "cached: %d ms, snapshot in at %d ms (%d ms); goal: under 1000 ms%n",
                    MONITORS, coldPage, coldSnapshot, cold, warmPage, warmSnapshot, warm);
        }
    }

    @Test
    void aBurstOfAThousandStatusChangesIsDrawnPerFrameAndItsCostIsPrinted() throws Exception {
        Browser.assumeInstalled();
        Path target = Files.writeString(dir.resolve("burst.txt"), "present");
        // one file, checked every second by 1,000 monitors at the same moment (no jitter): removing it turns them
        // all unhealthy at their next check, a burst of 1,000 status events within a moment
        StringBuilder yaml = new StringBuilder("healthmon:\n  defaults: { interval: 1s, timeout: 10s, jitter: 0s, "
                + "retries: 1 }\n  monitors:\n");
        for (int i = 0; i < BURST; i++) {
            yaml.append("    - { name: burst-%04d, url: \"file://%s\" }\n".formatted(i, target));
        }
        try (ServiceUnderTest service = ServiceUnderTest.start(dir, yaml.toString());
                Browser browser = Browser.open(1280, 900)) {
            browser.driver().get(service.url("/"));
            browser.await("every monitor healthy", "document.querySelector('[data-filter=good] b')?.textContent === '"
                    + BURST + "'", RENDER);
            // the longest task and the longest gap between two frames, from now on
            browser.eval("(() => { const m = window.burstCost = { longestTask: 0, longestFrame: 0, frames: 0 };"
                    + " new PerformanceObserver(list => list.getEntries().forEach(e => m.longestTask ="
                    + " Math.max(m.longestTask, e.duration))).observe({ type: 'longtask' });"
                    + " let last = performance.now();"
                    + " const tick = now => { m.longestFrame = Math.max(m.longestFrame, now - last); last = now;"
                    + " m.frames++; requestAnimationFrame(tick); }; requestAnimationFrame(tick); return true; })()");
            Files.delete(target);
            long start = System.nanoTime();
            browser.await("every monitor unhealthy on the page", "document.querySelector('[data-filter=bad] b')"
                    + ".textContent === '" + BURST + "'", RENDER);
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> cost = (java.util.Map<String, Object>) browser.eval("window.burstCost");
            assertThat(browser.eval("document.querySelectorAll('#monitor-list .row[data-category=bad]').length"))
                    .as("the rows on screen are redrawn").isNotEqualTo(0L);
            System.out.printf("a burst of %,d status changes in headless Chromium: all shown %d ms after the file "
                    + "went; longest task %.0f ms, longest frame %.0f ms, %s frames meanwhile%n", BURST, millis,
                    ((Number) cost.get("longestTask")).doubleValue(), ((Number) cost.get("longestFrame")).doubleValue(),
                    cost.get("frames"));
        }
    }

    private static long load(Browser browser, ServiceUnderTest service) {
        browser.driver().get("about:blank");
        long start = System.nanoTime();
        browser.driver().get(service.url("/"));
        browser.await("the first render", "document.documentElement.dataset.firstRender !== undefined", RENDER);
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private static long firstRender(Browser browser) {
        return Long.parseLong(String.valueOf(browser.eval("document.documentElement.dataset.firstRender")));
    }

    private static long firstSnapshot(Browser browser) {
        return Long.parseLong(String.valueOf(browser.eval("document.documentElement.dataset.firstSnapshot")));
    }

    private static void assertRendered(Browser browser) {
        assertThat(browser.eval("document.getElementById('monitor-list').dataset.rows")).isEqualTo("10000");
        assertThat(browser.eval("document.querySelector('[data-filter=all] b').textContent")).isEqualTo("10000");
        assertThat(browser.eval("document.querySelector('#monitor-list .row').dataset.name")).isEqualTo("svc-00000");
        long built = (Long) browser.eval("document.querySelectorAll('#monitor-list .row').length");
        assertThat(built).as("rows in the DOM").isBetween(10L, 100L);
    }
}
