package dev.healthmon.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorSnapshot;
import dev.healthmon.core.schedule.MonitorRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.scheduler.Schedulers;

/**
 * Who may manage monitors (DESIGN section 13): loopback clients only without a token, JSON content type on every
 * state-changing request without the token, bounded bodies; every refusal JSON, and none reaches the commands.
 */
class ManagementAccessTest {

    private static final InetSocketAddress REMOTE = address(192, 0, 2, 10);
    private static final InetSocketAddress LOOPBACK = address(127, 0, 0, 1);

    private final RecordingCommands commands = new RecordingCommands();
    private final MonitorRegistry registry = MonitorRegistry.create();
    private final EventHub hub = EventHub.create(registry::snapshot, 16, 16, 0);

    @AfterEach
    void stop() {
        registry.dispose();
    }

    @Test
    void withoutATokenARemoteClientIsRefusedWithHowToSetOne() {
        WebTestClient client = client(null, REMOTE);

        client.delete().uri("/api/v1/monitors/api").header(HttpHeaders.CONTENT_TYPE, "application/json")
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.error").value(error -> assertThat((String) error)
                        .contains("healthmon.api.token").contains("HEALTHMON_TOKEN"));
        client.post().uri("/api/v1/monitors").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "x", "url", "tcp://127.0.0.1:1"))
                .exchange()
                .expectStatus().isForbidden();
        client.post().uri("/api/v1/monitors/api/restart").contentType(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus().isForbidden();
        // reads stay open to anyone
        client.get().uri("/api/v1/health").exchange().expectStatus().isOk();
        assertThat(commands.calls).isEmpty();
    }

    @Test
    void withoutATokenALoopbackClientManagesWithJsonOnly() {
        WebTestClient client = client(null, LOOPBACK);

        client.delete().uri("/api/v1/monitors/api").header(HttpHeaders.CONTENT_TYPE, "application/json")
                .exchange()
                .expectStatus().isNotFound();
        assertThat(commands.calls).containsExactly("remove api");
        // a cross-site form sends text/plain, form-urlencoded or multipart; a fetch without a type sends none
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; b=x",
                "*/*", "application/*", "application/jsonx", "not a type")) {
            client.post().uri("/api/v1/monitors/api/restart").header(HttpHeaders.CONTENT_TYPE, type)
                    .exchange()
                    .expectStatus().isEqualTo(415)
                    .expectBody().jsonPath("$.error").value(error -> assertThat((String) error)
                            .contains("application/json"));
        }
        client.delete().uri("/api/v1/monitors/api").exchange().expectStatus().isEqualTo(415);
        client.post().uri("/api/v1/monitors").header(HttpHeaders.CONTENT_TYPE, "text/plain")
                .bodyValue("{\"name\":\"x\",\"url\":\"tcp://127.0.0.1:1\"}")
                .exchange()
                .expectStatus().isEqualTo(415);
        assertThat(commands.calls).containsExactly("remove api");
        client.post().uri("/api/v1/monitors/api/restart")
                .header(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                .exchange()
                .expectStatus().isNotFound();
        assertThat(commands.calls).containsExactly("remove api", "restart api");
    }

    @Test
    void withATokenAnyClientManagesAndABodilessRequestMayOmitTheType() {
        WebTestClient client = client("s3cret", REMOTE);

        client.delete().uri("/api/v1/monitors/api")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        client.delete().uri("/api/v1/monitors/api").header(HttpHeaders.AUTHORIZATION, "Bearer wrong")
                .header(HttpHeaders.CONTENT_TYPE, "application/json")
                .exchange()
                .expectStatus().isUnauthorized();
        assertThat(commands.calls).isEmpty();

        client.delete().uri("/api/v1/monitors/api").header(HttpHeaders.AUTHORIZATION, "Bearer s3cret")
                .exchange()
                .expectStatus().isNotFound();
        client.post().uri("/api/v1/monitors/api/restart").header(HttpHeaders.AUTHORIZATION, "Bearer s3cret")
                .exchange()
                .expectStatus().isNotFound();
        // a body is always JSON, token or not
        client.post().uri("/api/v1/monitors").header(HttpHeaders.AUTHORIZATION, "Bearer s3cret")
                .header(HttpHeaders.CONTENT_TYPE, "text/plain")
                .bodyValue("{\"name\":\"x\",\"url\":\"tcp://127.0.0.1:1\"}")
                .exchange()
                .expectStatus().isEqualTo(415);
        client.post().uri("/api/v1/monitors").header(HttpHeaders.AUTHORIZATION, "Bearer s3cret")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "x", "url", "tcp://127.0.0.1:1"))
                .exchange()
                .expectStatus().isBadRequest();
        assertThat(commands.calls).containsExactly("remove api", "restart api", "create x");
    }

    @Test
    void aBodyOverTheLimitIs413DeclaredOrStreamed() {
        WebTestClient client = client(null, LOOPBACK, 1024);
        String big = "{\"name\":\"x\",\"url\":\"tcp://127.0.0.1:1\",\"path\":\"/" + "a".repeat(2000) + "\"}";

        client.post().uri("/api/v1/monitors").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(big)
                .exchange()
                .expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.error").value(error -> assertThat((String) error).contains("1024"));
        // without a Content-Length (chunked), the bound holds while the body is read
        client.put().uri("/api/v1/monitors/x").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.TRANSFER_ENCODING, "chunked")
                .body(reactor.core.publisher.Flux.just(big.substring(0, 900), big.substring(900)), String.class)
                .exchange()
                .expectStatus().isEqualTo(413);
        assertThat(commands.calls).isEmpty();
        client.post().uri("/api/v1/monitors").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "x", "url", "tcp://127.0.0.1:1"))
                .exchange()
                .expectStatus().isBadRequest();
        assertThat(commands.calls).containsExactly("create x");
    }

    @Test
    void onlyTheListedOriginsMayCallAcrossOrigins() {
        StreamHandler streams = new StreamHandler(hub, registry, Duration.ofSeconds(15), Schedulers.parallel());
        RouterFunction<ServerResponse> routes = ApiRoutes.create(new HealthHandler(registry), streams,
                new MonitorHandler(commands), ManagementAccess.create("s3cret"));
        WebTestClient client = WebTestClient.bindToRouterFunction(routes)
                .webFilter(new CorsWebFilter(ApiRoutes.cors(List.of("https://status.example.com"))))
                .configureClient()
                .baseUrl("http://localhost:8080")
                .build();

        client.get().uri("/api/v1/health").header(HttpHeaders.ORIGIN, "https://status.example.com").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://status.example.com");
        client.options().uri("/api/v1/monitors/api")
                .header(HttpHeaders.ORIGIN, "https://status.example.com")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "DELETE")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://status.example.com");
        client.get().uri("/api/v1/health").header(HttpHeaders.ORIGIN, "https://evil.example").exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
        WebTestClient.bindToRouterFunction(routes)
                .webFilter(new CorsWebFilter(ApiRoutes.cors(List.of())))
                .configureClient()
                .baseUrl("http://localhost:8080")
                .build()
                .get().uri("/api/v1/health").header(HttpHeaders.ORIGIN, "https://status.example.com").exchange()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }

    @Test
    void loopbackIsTheLoopbackRangeAndNothingElse() {
        assertThat(ManagementAccess.loopback(address(127, 0, 0, 1))).isTrue();
        assertThat(ManagementAccess.loopback(address(127, 9, 9, 9))).isTrue();
        assertThat(ManagementAccess.loopback(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1))).isTrue();
        assertThat(ManagementAccess.loopback(address(10, 0, 0, 1))).isFalse();
        assertThat(ManagementAccess.loopback(address(0, 0, 0, 0))).isFalse();
        assertThat(ManagementAccess.loopback(InetSocketAddress.createUnresolved("localhost", 1))).isFalse();
        assertThat(ManagementAccess.loopback(null)).isFalse();
    }

    private WebTestClient client(@Nullable String token, InetSocketAddress from) {
        return client(token, from, ManagementAccess.DEFAULT_MAX_BODY);
    }

    private WebTestClient client(@Nullable String token, InetSocketAddress from, int maxBody) {
        StreamHandler streams = new StreamHandler(hub, registry, Duration.ofSeconds(15), Schedulers.parallel());
        RouterFunction<ServerResponse> routes = ApiRoutes.create(new HealthHandler(registry), streams,
                new MonitorHandler(commands), ManagementAccess.create(token, maxBody));
        return WebTestClient.bindToRouterFunction(routes)
                .webFilter((exchange, chain) -> chain.filter(exchange.mutate()
                        .request(request -> request.remoteAddress(from))
                        .build()))
                .build();
    }

    private static InetSocketAddress address(int a, int b, int c, int d) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c,
                    (byte) d}), 40000);
        }
        catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Records every command that reached it; knows no monitor. */
    private static final class RecordingCommands implements MonitorCommands {

        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public MonitorSnapshot create(Map<String, Object> written) {
            calls.add("create " + written.get("name"));
            throw new InvalidConfigException("url", "not checked by this fake");
        }

        @Override
        public Replaced replace(String name, Map<String, Object> written) {
            calls.add("replace " + name);
            throw new InvalidConfigException("url", "not checked by this fake");
        }

        @Override
        public Optional<Map<String, Object>> written(String name) {
            calls.add("written " + name);
            return Optional.empty();
        }

        @Override
        public boolean remove(String name) {
            calls.add("remove " + name);
            return false;
        }

        @Override
        public Optional<MonitorSnapshot> restart(String name) {
            calls.add("restart " + name);
            return Optional.empty();
        }
    }
}
