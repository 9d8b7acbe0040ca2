package dev.healthmon.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The dashboard's files from memory: the page at {@code /}, gzip when taken, no-cache with validators, 304s. */
class StaticFilesTest {

    private final WebTestClient client = WebTestClient.bindToRouterFunction(StaticFiles.create("static")).build();

    @Test
    void theDashboardIsAtTheRootAndEveryFileAtItsPathWithNoCacheAndValidators() throws IOException {
        byte[] index = resource("static/index.html");
        EntityExchangeResult<byte[]> root = client.get().uri("/").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.TEXT_HTML)
                .expectHeader().cacheControl(CacheControl.noCache())
                .expectHeader().valueMatches(HttpHeaders.ETAG, "W/\"[0-9a-f]{24}\"")
                .expectHeader().exists(HttpHeaders.LAST_MODIFIED)
                .expectHeader().contentLength(index.length)
                .expectHeader().doesNotExist(HttpHeaders.CONTENT_ENCODING)
                .expectBody().returnResult();
        assertThat(root.getResponseBody()).isEqualTo(index);
        client.get().uri("/index.html").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, root.getResponseHeaders().getETag())
                .expectBody(byte[].class).isEqualTo(index);
        client.get().uri("/js/app.js").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("text/javascript")
                .expectBody(byte[].class).isEqualTo(resource("static/js/app.js"));
        client.get().uri("/css/dashboard.css").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("text/css")
                .expectBody(byte[].class).isEqualTo(resource("static/css/dashboard.css"));
    }

    @Test
    void aClientThatTakesGzipGetsTheGzippedBytesAndTheAnswerVariesByIt() throws IOException {
        byte[] app = resource("static/js/app.js");
        byte[] gzipped = client.get().uri("/js/app.js").header(HttpHeaders.ACCEPT_ENCODING, "gzip, deflate, br")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.CONTENT_ENCODING, "gzip")
                .expectHeader().valueEquals(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING)
                .expectHeader().contentType("text/javascript")
                .expectBody().returnResult().getResponseBody();
        assertThat(gzipped.length).isLessThan(app.length);
        assertThat(gunzip(gzipped)).isEqualTo(app);
        client.get().uri("/js/app.js").header(HttpHeaders.ACCEPT_ENCODING, "gzip;q=0, br").exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist(HttpHeaders.CONTENT_ENCODING)
                .expectHeader().valueEquals(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING)
                .expectBody(byte[].class).isEqualTo(app);
    }

    @Test
    void aRevalidationOfAnUnchangedFileIs304WithTheHeadersOfThe200() {
        HttpHeaders ok = client.get().uri("/js/store.js").exchange()
                .expectStatus().isOk()
                .expectBody().returnResult().getResponseHeaders();
        String etag = ok.getETag();
        for (String tag : List.of(etag, etag.substring(2), "\"0000\", " + etag, "*")) {
            client.get().uri("/js/store.js").header(HttpHeaders.IF_NONE_MATCH, tag)
                    .header(HttpHeaders.ACCEPT_ENCODING, "gzip").exchange()
                    .expectStatus().isNotModified()
                    .expectHeader().valueEquals(HttpHeaders.ETAG, etag)
                    .expectHeader().valueEquals(HttpHeaders.LAST_MODIFIED, ok.getFirst(HttpHeaders.LAST_MODIFIED))
                    .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .expectHeader().valueEquals(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING)
                    .expectBody().isEmpty();
        }
        client.get().uri("/js/store.js").header(HttpHeaders.IF_MODIFIED_SINCE, ok.getFirst(HttpHeaders.LAST_MODIFIED))
                .exchange()
                .expectStatus().isNotModified();
        // another version's tag: the whole file, even when the date would say unchanged (If-None-Match decides)
        client.get().uri("/js/store.js").header(HttpHeaders.IF_NONE_MATCH, "W/\"0123456789abcdef01234567\"")
                .header(HttpHeaders.IF_MODIFIED_SINCE, ok.getFirst(HttpHeaders.LAST_MODIFIED))
                .exchange()
                .expectStatus().isOk();
        client.get().uri("/js/store.js").header(HttpHeaders.IF_MODIFIED_SINCE, "Thu, 01 Jan 1970 00:00:00 GMT")
                .exchange()
                .expectStatus().isOk();
    }

    @Test
    void headHasTheHeadersAndNoBodyAndOtherMethodsAre405() throws IOException {
        client.head().uri("/js/dom.js").exchange()
                .expectStatus().isOk()
                .expectHeader().contentLength(resource("static/js/dom.js").length)
                .expectHeader().exists(HttpHeaders.ETAG)
                .expectBody().isEmpty();
        client.post().uri("/js/dom.js").exchange()
                .expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
        client.delete().uri("/").exchange()
                .expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
    }

    @Test
    void onlyTheFilesOfTheFolderAreServed() {
        for (String path : List.of("/js/nope.js", "/js/../application.yml", "/application.yml", "/js/", "/js",
                "/static/index.html", "/index.html/")) {
            client.get().uri(path).exchange().expectStatus().isNotFound();
        }
    }

    @ParameterizedTest(name = "Accept-Encoding: \"{0}\" -> gzip {1}")
    @CsvSource(delimiter = '|', value = {
            "gzip | true", "gzip, deflate, br, zstd | true", "GZIP;q=0.5 | true", "x-gzip | true", "* | true",
            "br;q=1.0, gzip;q=0.001 | true", "gzip;q=0 | false", "gzip; q=0.0 | false", "*;q=0 | false",
            "*, gzip;q=0 | false", "deflate, br | false", "identity | false", "'' | false", "gzip;q=x | true"})
    void gzipIsTakenUnlessRefusedOrNotListed(String acceptEncoding, boolean gzip) {
        assertThat(StaticFiles.acceptsGzip(List.of(acceptEncoding))).isEqualTo(gzip);
    }

    @Test
    void gzipIsNotTakenWithoutTheHeaderAndHeadersAddUp() {
        assertThat(StaticFiles.acceptsGzip(List.of())).isFalse();
        assertThat(StaticFiles.acceptsGzip(List.of("br", "gzip"))).isTrue();
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = StaticFilesTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return in.readAllBytes();
        }
    }

    private static byte[] gunzip(byte[] bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }
}
