package dev.healthmon.web.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.model.MonitorSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.w3c.dom.Document;

/** The SVG badges: status, uptime and latency, escaped, uncached, coloured by what they show. */
class BadgeTest {

    static final String HOSTILE = "<b>&\"x'</b>";

    @TempDir
    static Path dir;

    static HistoryFixture fixture;

    @BeforeAll
    static void open() {
        fixture = HistoryFixture.create(dir);
        List<MonitorSnapshot> live = new java.util.ArrayList<>(fixture.live.get());
        live.add(HistoryFixture.snapshot(HOSTILE, HealthStatus.UNHEALTHY, 0));
        fixture.live.set(List.copyOf(live));
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    @Test
    void statusBadgeShowsTheLiveStatusInGreenAsAnUncachedSvg() throws Exception {
        String svg = svg("/api/v1/badges/api/status.svg");

        Document document = parse(svg);
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(document.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("api: healthy");
        assertThat(svg).contains("fill=\"" + Badge.GREEN + "\"");
    }

    @Test
    void statusBadgeOfAStoredMonitorShowsItsLastStoredStatusInRed() throws Exception {
        String svg = svg("/api/v1/badges/old/status.svg");

        assertThat(parse(svg).getElementsByTagName("title").item(0).getTextContent()).isEqualTo("old: error");
        assertThat(svg).contains("fill=\"" + Badge.RED + "\"");
    }

    @Test
    void theNameIsEscaped() throws Exception {
        String svg = svg("/api/v1/badges/{name}/status.svg", HOSTILE);

        assertThat(svg).doesNotContain(HOSTILE).contains("&lt;b&gt;&amp;&quot;x&#39;&lt;/b&gt;");
        assertThat(parse(svg).getElementsByTagName("title").item(0).getTextContent())
                .isEqualTo(HOSTILE + ": unhealthy");
    }

    @Test
    void uptimeBadgeShowsAPercentageThatNeverRoundsUp() throws Exception {
        String svg = svg("/api/v1/badges/api/uptime.svg?window=1h");

        // 2640 / 2940 = 0.897959...
        assertThat(parse(svg).getElementsByTagName("title").item(0).getTextContent()).isEqualTo("api: 89.79%");
        assertThat(svg).contains("fill=\"" + Badge.RED + "\"");
        assertThat(Badge.uptime("x", 0.99999).value()).isEqualTo("99.99%");
        assertThat(Badge.uptime("x", 1.0).value()).isEqualTo("100%");
        assertThat(Badge.uptime("x", 0.995).color()).isEqualTo(Badge.LIGHT_GREEN);
        assertThat(Badge.uptime("x", null).value()).isEqualTo("no data");
    }

    @Test
    void latencyBadgeShowsTheMeanOfThePassingChecks() throws Exception {
        String svg = svg("/api/v1/badges/api/latency.svg");

        assertThat(parse(svg).getElementsByTagName("title").item(0).getTextContent()).isEqualTo("api: 20 ms");
        assertThat(svg).contains("fill=\"" + Badge.GREEN + "\"");
        assertThat(parse(svg("/api/v1/badges/fresh/latency.svg")).getElementsByTagName("title").item(0)
                .getTextContent()).isEqualTo("fresh: no data");
    }

    @Test
    void anUnknownMonitorHasNoBadge() {
        for (String badge : List.of("status", "uptime", "latency")) {
            fixture.client.get().uri("/api/v1/badges/nobody/" + badge + ".svg").exchange()
                    .expectStatus().isNotFound()
                    .expectBody().json("{\"error\":\"no monitor named 'nobody'\"}", true);
        }
    }

    @Test
    void aLongNameIsShortenedOnACodePointBoundary() {
        String name = "\uD83D\uDE00".repeat(60);
        String svg = Badge.status(name, HealthStatus.HEALTHY).svg();

        assertThat(svg).contains("\uD83D\uDE00".repeat(47) + "\u2026").doesNotContain("\uD83D\uDE00".repeat(48));
    }

    private static String svg(String uri, Object... variables) {
        return fixture.client.get().uri(uri, variables).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("image/svg+xml")
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache")
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }
}
