package dev.healthmon.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import dev.healthmon.testing.ServiceUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's first render with 10,000 monitors in headless Chromium, and a burst of 1,000 status changes.
 *
 * <p>The first render is the time from the navigation's start to the end of the first animation frame that put
 * into the page the counts by status and every row on screen with its status (at least 10 rows of a 900-pixel
 * window); the browser paints that frame next. The page marks it ({@code data-first-render}); it is drawn from the
 * stream's preview or its snapshot, whichever comes first. It is printed for three cold loads, each in a new browser
 * profile (nothing cached), with their median, and for two warm loads in the last of them, each with a timeline of
 * where the time went (the document as asked, at its first byte and its last, every file, the page's marks). The
 * first cold load is also the service's first visitor since it said it was ready: it is printed on a line of its
 * own, the first load after the service started. The goal, under a second cold, the first load included, is
 * reported rather than asserted. The burst is drawn once per frame; its longest task and frame are printed.
 */
class TenThousandMonitorsTest {

    private static final int MONITORS = 10_000;
    private static final int BURST = 1_000;
    private static final Duration RENDER = Duration.ofSeconds(60);
    private static final int COLD_LOADS = 3;
    private static final int WARM_LOADS = 2;
    private static final String TIMELINE = """
            (() => {
                const at = t => Math.round(t);
                const n = performance.getEntriesByType('navigation')[0];
                const files = performance.getEntriesByType('resource')
                        .filter(e => e.initiatorType !== 'fetch' && e.initiatorType !== 'xmlhttprequest')
                        .map(e => `${e.name.replace(location.origin + '/', '')} ${at(e.startTime)}-${at(e.responseEnd)}`
                                + (e.transferSize === 0 ? ' cached' : ''));
                const marks = performance.getEntriesByType('mark').map(e => `${e.name} ${at(e.startTime)}`);
                return `complete ${document.documentElement.dataset.completeRender} ms; `
                        + `html ${at(n.requestStart)}-${at(n.responseStart)}-${at(n.responseEnd)}, `
                        + `interactive ${at(n.domInteractive)}; `
                        + `files ${files.join(', ')}; marks ${marks.join(', ')}`;
            })()""";

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
        try (ServiceUnderTest service = ServiceUnderTest.start(dir, yaml.toString())) {
            // cold: a new browser profile each time, so nothing is cached (the first is also the service's first
            // visitor since it said it was ready); warm: the same page again in the last of them
            long[] cold = new long[COLD_LOADS];
            String[] coldTimelines = new String[COLD_LOADS];
            long[] warm = new long[WARM_LOADS];
            String[] warmTimelines = new String[WARM_LOADS];
            for (int i = 0; i < COLD_LOADS; i++) {
                try (Browser browser = Browser.open(1280, 900)) {
                    cold[i] = load(browser, service);
                    coldTimelines[i] = timeline(browser);
                    assertRendered(browser);
                    if (i < COLD_LOADS - 1) {
                        continue;
                    }
                    for (int j = 0; j < WARM_LOADS; j++) {
                        warm[j] = load(browser, service);
                        warmTimelines[j] = timeline(browser);
                        assertRendered(browser);
                    }
                    // the rows further down are built when they scroll into view
                    browser.eval("window.scrollTo(0, document.body.scrollHeight)");
                    browser.await("the last monitor scrolled into view",
                            "document.querySelector('.row[data-name=\"svc-09999\"]') !== null", RENDER);
                }
            }

            // what the server takes for the JSON of every monitor, without the browser: the snapshot's share
            long[] reads = new long[3];
            int bytes = 0;
            for (int i = 0; i < reads.length; i++) {
                long started = System.nanoTime();
                bytes = service.call("GET", "/api/v1/health", null, null).body().length();
                reads[i] = Duration.ofNanos(System.nanoTime() - started).toMillis();
            }
            System.out.printf("GET /api/v1/health of %,d monitors (%,d characters): %s ms%n", MONITORS, bytes,
                    Arrays.toString(reads));
            for (int i = 0; i < COLD_LOADS; i++) {
                System.out.printf("cold load %d: first render at %d ms; %s%n", i + 1, cold[i], coldTimelines[i]);
            }
            System.out.printf("first load after the service started (cold load 1, its first visitor since it said it "
                    + "was ready): first render at %d ms; the later cold loads %s ms; goal: under 1000 ms%n",
                    cold[0], Arrays.toString(Arrays.copyOfRange(cold, 1, COLD_LOADS)));
            for (int i = 0; i < WARM_LOADS; i++) {
                System.out.printf("warm load %d: first render at %d ms; %s%n", i + 1, warm[i], warmTimelines[i]);
            }
            System.out.printf("dashboard first render of %,d monitors in headless Chromium (the counts and the rows "
                    + "on screen drawn with their status, ms after navigation): cold %s, median %d ms; warm %s, "
                    + "median %d ms; goal: under 1000 ms cold%n", MONITORS, Arrays.toString(cold), median(cold),
                    Arrays.toString(warm), median(warm));
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

    /**
     * Opens the dashboard in {@code browser} and returns its first render: the milliseconds from the navigation's
     * start to the end of the first frame that drew the counts and every row on screen with its status, as the page
     * marks it ({@code data-first-render}).
     */
    private static long load(Browser browser, ServiceUnderTest service) {
        browser.driver().get("about:blank");
        browser.driver().get(service.url("/"));
        browser.await("the first render", "document.documentElement.dataset.firstRender !== undefined", RENDER);
        long rows = Long.parseLong(String.valueOf(browser.eval("document.documentElement.dataset.firstRenderRows")));
        // 900 pixels high: the header and the toolbar, then rows of 44 pixels
        assertThat(rows).as("rows on screen with their status in the first render").isGreaterThanOrEqualTo(10);
        browser.await("the whole snapshot drawn", "document.documentElement.dataset.completeRender !== undefined",
                RENDER);
        return Long.parseLong(String.valueOf(browser.eval("document.documentElement.dataset.firstRender")));
    }

    /** Returns where the page's time went: the document, each file (from the cache or not) and the page's marks. */
    private static String timeline(Browser browser) {
        return String.valueOf(browser.eval(TIMELINE));
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void assertRendered(Browser browser) {
        assertThat(browser.eval("document.getElementById('monitor-list').dataset.rows")).isEqualTo("10000");
        assertThat(browser.eval("document.querySelector('[data-filter=all] b').textContent")).isEqualTo("10000");
        assertThat(browser.eval("document.querySelector('#monitor-list .row').dataset.name")).isEqualTo("svc-00000");
        long built = (Long) browser.eval("document.querySelectorAll('#monitor-list .row').length");
        assertThat(built).as("rows in the DOM").isBetween(10L, 100L);
    }
}
