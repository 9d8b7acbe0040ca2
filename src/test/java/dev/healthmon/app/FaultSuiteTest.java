package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.healthmon.core.model.MonitorSettings;
import dev.healthmon.core.model.Setting;
import dev.healthmon.core.schedule.HealthMonitor;
import dev.healthmon.core.schedule.MonitorRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The fault suite's bad input and SSRF parts (issue 12), against the real service on loopback: every management
 * endpoint and every monitor field gets malformed, oversized, overflowing and hostile values. It counts the
 * answers; none may be a 5xx, and the monitors (names, instances, start times) must be exactly as before.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.location=classpath:/application.yml,classpath:/e2e.yml",
                "healthmon.defaults.interval=1s", "healthmon.limits.minInterval=1s",
                "healthmon.egress.deny[0]=127.0.0.2/32", "healthmon.egress.deny[1]=localhost"})
class FaultSuiteTest {

    private static final LocalTarget TARGET = LocalTarget.start();
    private static final List<Object> HOSTILE = hostileValues();

    @LocalServerPort
    int port;

    @Autowired
    MonitorRegistry registry;

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Autowired
    dev.healthmon.config.HealthmonProperties properties;

    @DynamicPropertySource
    static void monitors(DynamicPropertyRegistry properties) {
        properties.add("healthmon.monitors[0].name", () -> "db");
        properties.add("healthmon.monitors[0].url", TARGET::url);
    }

    @AfterAll
    static void stopTarget() {
        TARGET.close();
    }

    @Test
    void badInputOnEveryEndpointAndFieldIsA4xxAndChangesNothing() {
        WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
        Map<String, Object> before = state();
        Map<Integer, Integer> statuses = new TreeMap<>();
        int requests = 0;
        int valid = 0;

        // every field of a created or replaced monitor, each hostile value
        for (Setting<?> setting : MonitorSettings.all()) {
            for (Object value : HOSTILE) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("name", "fault");
                body.put("url", TARGET.url());
                body.put(setting.key(), value);
                if (setting.key().equals("name") && value instanceof String text && !text.isBlank()
                        && text.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}") && !text.equalsIgnoreCase("stream")) {
                    continue;
                }
                int created = send(client, HttpMethod.POST, "/api/v1/monitors", json(body));
                body.remove("name");
                int replaced = send(client, HttpMethod.PUT, "/api/v1/monitors/fault", json(body));
                requests += 2;
                if (created < 300 || replaced < 300) {
                    // a value that is valid for this field (retries -1, tlsVerify true): not bad input
                    valid++;
                    send(client, HttpMethod.DELETE, "/api/v1/monitors/fault", null);
                    if (setting.key().equals("name") && created < 300) {
                        // a number is a name too, written as its digits
                        send(client, HttpMethod.DELETE, "/api/v1/monitors/" + java.net.URLEncoder.encode(
                                String.valueOf(value), java.nio.charset.StandardCharsets.UTF_8), null);
                    }
                    continue;
                }
                count(statuses, created);
                count(statuses, replaced);
            }
        }
        // malformed, oversized, hostile bodies and paths
        List<String> bodies = List.of("", "{", "[]", "\"x\"", "null", "{\"name\":", "{\"a\":" + "[".repeat(5000),
"{\"name\":\"x\",\"name\":\"y\"}", "\u0000\u0001",
                "{\"name\":\"x\",\"url\":{\"$ne\":1}}", "{\"__proto__\":{\"a\":1}}");
        for (String body : bodies) {
            count(statuses, send(client, HttpMethod.POST, "/api/v1/monitors", body));
            count(statuses, send(client, HttpMethod.PUT, "/api/v1/monitors/db", body));
            requests += 2;
        }
        // SSRF: what the API may not use, each a 400 naming its field
        List<Map<String, Object>> ssrf = List.of(
                Map.of("name", "f", "url", "file:///etc/passwd"),
                Map.of("name", "d", "url", TARGET.url(), "docker", Map.of("container", "x", "host",
                        "tcp://127.0.0.2:2375")),
                Map.of("name", "a", "url", TARGET.url(), "agent", "http://127.0.0.2:8890"),
                Map.of("name", "p", "url", "tcp://127.0.0.1:1", "payload", "GET / HTTP/1.0\r\n\r\n"),
                Map.of("name", "e", "url", "tcp://127.0.0.1:1", "expect", "root:"));
        int ssrfRefused = 0;
        for (Map<String, Object> body : ssrf) {
            int status = send(client, HttpMethod.POST, "/api/v1/monitors", json(body));
            count(statuses, status);
            requests++;
            ssrfRefused += status == 400 ? 1 : 0;
        }

        long serverErrors = statuses.entrySet().stream().filter(e -> e.getKey() >= 500)
                .mapToLong(Map.Entry::getValue).sum();
        long accepted = statuses.entrySet().stream().filter(e -> e.getKey() < 300)
                .mapToLong(Map.Entry::getValue).sum();
        System.out.println("FAULT-SUITE bad input: " + requests + " requests (" + valid + " field values turned out "
                + "valid and were removed again), by status " + statuses
                + ", 5xx: " + serverErrors + ", 2xx: " + accepted + ", SSRF refused: " + ssrfRefused + "/"
                + ssrf.size());
        assertThat(serverErrors).isZero();
        assertThat(accepted).isZero();
        assertThat(ssrfRefused).isEqualTo(ssrf.size());
        assertThat(state()).isEqualTo(before);
    }

    /**
     * The query parameters and headers each route reads, which get hostile values; every route of the service must
     * be listed here, so that a new route cannot be left out of the suite.
     */
    private static final Map<String, List<String>> ROUTE_INPUTS = Map.ofEntries(
            Map.entry("GET /api/v1/health", List.of()),
            Map.entry("GET /api/v1/health/stream", List.of("view", "checks", "Last-Event-ID:")),
            Map.entry("GET /api/v1/health/{name}", List.of()),
            Map.entry("GET /api/v1/health/{name}/stream", List.of("view", "checks", "Last-Event-ID:")),
            Map.entry("POST /api/v1/monitors", List.of("body")),
            Map.entry("GET /api/v1/monitors/{name}", List.of()),
            Map.entry("PUT /api/v1/monitors/{name}", List.of("body")),
            Map.entry("DELETE /api/v1/monitors/{name}", List.of()),
            Map.entry("POST /api/v1/monitors/{name}/restart", List.of()),
            Map.entry("POST /api/v1/monitors/{name}/mute", List.of("for")),
            Map.entry("DELETE /api/v1/monitors/{name}/mute", List.of()),
            Map.entry("POST /api/v1/groups/{group}/mute", List.of("for")),
            Map.entry("DELETE /api/v1/groups/{group}/mute", List.of()),
            Map.entry("POST /api/v1/config/reload", List.of()),
            Map.entry("GET /api/v1/monitors/{name}/uptime", List.of("window", "from", "to")),
            Map.entry("GET /api/v1/monitors/{name}/history", List.of("from", "to", "step")),
            Map.entry("GET /api/v1/monitors/{name}/incidents", List.of("from", "to", "limit")),
            Map.entry("GET /api/v1/uptime", List.of("window", "from", "to")),
            Map.entry("GET /api/v1/uptime/daily", List.of("days")),
            Map.entry("GET /api/v1/badges/{name}/status.svg", List.of()),
            Map.entry("GET /api/v1/badges/{name}/uptime.svg", List.of("window", "from", "to")),
            Map.entry("GET /api/v1/badges/{name}/latency.svg", List.of("window", "from", "to")),
            Map.entry("GET /api/v1/metrics/uptime", List.of("period", "limit", "offset", "keyword")),
            Map.entry("GET /status", List.of()),
            Map.entry("GET /{*file}", List.of()),
            Map.entry("GET /api/v1/status", List.of()),
            Map.entry("GET /api/v1/status/stream", List.of("Last-Event-ID:")),
            Map.entry("GET /actuator", List.of()),
            Map.entry("GET /actuator/health", List.of()),
            Map.entry("GET /actuator/health/{*path}", List.of()),
            Map.entry("GET /actuator/info", List.of()),
            Map.entry("GET /actuator/prometheus", List.of("format", "includedNames")));

    /** Path segments that try traversal, NUL, bad escapes, overlong UTF-8, control and bidi characters, length. */
    private static final List<String> HOSTILE_SEGMENTS = List.of("..%2F..%2Fetc", "..%2f..%2fetc%2fpasswd", "%00",
            "a%00b", "%2e%2e", "..", "..%5C..%5Cetc", "..%252F..%252Fetc", "%ZZ", "a%", "%C0%AE%C0%AE", "%FF%FE",
            "%E2%80%AE%E2%80%8B", "%0D%0AX-Injected:%201", "a;b=c", "..;", "stream", "%20", "x".repeat(3000),
            "%F0%9F%98%80", "\u0001", "a\u007Fb");

    /** Query values: overflowing durations and numbers, NaN, negative, empty, traversal, control characters. */
    private static final List<String> HOSTILE_QUERY = List.of("", "PT2562048H", "99999999999d", "366d",
            "9223372036854775808", "99999999999999999999", "-1", "-1s", "0", "NaN", "Infinity", "1e309", "0x10",
            "true", "%00", "..%2F..%2Fetc", "%ZZ", "%0D%0A", "%E2%80%AE", "x".repeat(3000), "1%2C2", "%5B%5D");

    /** Headers' values: the same, where a header (Last-Event-ID) is read. */
    private static final List<String> HOSTILE_HEADER = List.of("", "-1", "0", "NaN", "99999999999999999999",
            "9223372036854775807", "-9223372036854775808", "1e3", "x".repeat(3000), "\u00e9\u00ff");

    private static final List<String> CONTENT_TYPES = List.of("", "text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/json; charset=ebcdic", ";;;", "application/",
            "application/json\u0001", "application/xml", "*/*");

    /** Bodies of the routes that read one: malformed, wrong JSON types, deep, huge numbers, hostile strings. */
    private static final List<String> HOSTILE_BODIES = List.of("", "{", "}", "[]", "[1]", "\"x\"", "1", "null",
            "true", "NaN", "{\"name\":", "{\"a\":" + "[".repeat(5000), "{\"a\":" + "{\"a\":".repeat(2000) + "1",
            "{\"name\":\"fault\",\"name\":\"fault\",\"url\":1}", "\u0000\u0001", "\uFEFF{}",
            "{\"name\":\"fault\",\"url\":{\"$ne\":1}}", "{\"__proto__\":{\"a\":1}}",
            "{\"name\":\"fault\",\"url\":\"tcp://127.0.0.1:1\",\"interval\":NaN}",
            "{\"name\":\"fault\",\"url\":\"tcp://127.0.0.1:1\",\"timeout\":1e999}",
            "{\"name\":\"fault\",\"url\":\"tcp://127.0.0.1:1\",\"retries\":" + "9".repeat(1000) + "}",
            "{\"name\":\"fault\",\"url\":\"tcp://127.0.0.1:1\",\"interval\":\"PT2562048H\"}",
            "{\"name\":\"fault\",\"url\":\"tcp://127.0.0.1:1\",\"interval\":\"99999999999d\"}",
            "{\"name\":\"..%2F..%2Fetc\",\"url\":\"tcp://127.0.0.1:1\"}",
            "{\"name\":\"fault\",\"url\":\"tcp://127.0.0.1:1\",\"unknown\":1}",
            "{\"name\":\"fault\",\"url\":\"http://127.0.0.1:1/a\\u0000b\"}",
            "\"" + "x".repeat(60_000) + "\"");

    @Test
    void everyRouteAnswersHostileInputWithA4xxAndChangesNothing() {
        List<ServiceRoutes.Route> routes = ServiceRoutes.of(context);
        List<String> unlisted = routes.stream().map(ServiceRoutes.Route::key)
                .filter(key -> !ROUTE_INPUTS.containsKey(key)).toList();
        assertThat(unlisted).as("routes of the service without bad-input cases in FaultSuiteTest.ROUTE_INPUTS")
                .isEmpty();
        Map<String, Object> before = state();
        Map<String, Map<Integer, Integer>> byRoute = new TreeMap<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int[] requests = {0};
        byte[] twoMegabytes = ("{\"name\":\"fault\",\"url\":\"tcp://127.0.0.1:1\",\"detail\":\""
                + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (ServiceRoutes.Route route : routes) {
            Map<Integer, Integer> counts = byRoute.computeIfAbsent(route.key(), key -> new TreeMap<>());
            // a state-changing route is aimed at a monitor and a group that do not exist, so that only its bad
            // input is what a request could act on; a read is aimed at a monitor that exists
            String name = route.changesState() ? "fault" : "db";
            java.util.function.Consumer<Request> run = request -> {
                RawHttp.Answer answer = RawHttp.send(port, route.method(), request.target(), request.headers(),
                        request.body(), 30_000);
                requests[0]++;
                count(statuses, answer.status());
                count(counts, answer.status());
                // the actuator is Spring Boot's: its refusals (an unknown health group) have no body of ours
                boolean bad = answer.status() == RawHttp.NONE || answer.status() >= 500
                        || (route.changesState() && answer.status() < 300)
                        || (answer.status() >= 400 && !answer.jsonError() && !route.pattern().startsWith("/actuator"));
                if (bad) {
                    failures.add(route.key() + " as " + shorten(request.target()) + " " + request.headers()
                            + " body " + request.body().length + " B -> " + answer.status() + " "
                            + answer.headers().getOrDefault("content-type", "") + " " + shorten(answer.body()));
                }
            };
            Map<String, String> json = Map.of("Content-Type", "application/json");
            // a body that no route may act on even when it is read as JSON: the content type is what is tried
            byte[] small = "{\"url\":\"tcp://127.0.0.1:1\",\"interval\":\"PT2562048H\"}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            // each path variable in turn, hostile, the others harmless
            for (String variable : route.variables()) {
                for (String segment : HOSTILE_SEGMENTS) {
                    String path = route.path(v -> v.equals(variable) ? segment : name);
                    run.accept(new Request(path, json, route.changesState() ? small : new byte[0]));
                }
            }
            // each parameter and header the route reads, hostile; unknown parameters on reads
            List<String> inputs = new ArrayList<>(ROUTE_INPUTS.getOrDefault(route.key(), List.of()));
            if (!route.changesState()) {
                inputs.add("x");
            }
            String path = route.path(v -> name);
            for (String input : inputs) {
                if (input.equals("body")) {
                    continue;
                }
                if (input.endsWith(":")) {
                    String header = input.substring(0, input.length() - 1);
                    for (String value : HOSTILE_HEADER) {
                        Map<String, String> headers = new LinkedHashMap<>(json);
                        headers.put(header, value);
                        run.accept(new Request(path, headers, new byte[0]));
                    }
                    continue;
                }
                for (String value : HOSTILE_QUERY) {
                    run.accept(new Request(path + "?" + input + "=" + value, json, new byte[0]));
                    run.accept(new Request(path + "?" + input + "=1&" + input + "=" + value, json, new byte[0]));
                }
            }
            // content types that are not JSON, or not quite, with a body; and a body of 2 MB
            for (String type : CONTENT_TYPES) {
                Map<String, String> headers = type.isEmpty() ? Map.of() : Map.of("Content-Type", type);
                run.accept(new Request(path, headers, small));
            }
            run.accept(new Request(path, json, twoMegabytes));
            // bodies of the routes that read one
            if (ROUTE_INPUTS.getOrDefault(route.key(), List.of()).contains("body")) {
                for (String body : HOSTILE_BODIES) {
                    run.accept(new Request(path, json, body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                }
            }
        }
        long serverErrors = statuses.entrySet().stream().filter(e -> e.getKey() >= 500)
                .mapToLong(Map.Entry::getValue).sum();
        long unanswered = statuses.getOrDefault(RawHttp.NONE, 0);
        System.out.println("FAULT-SUITE every route: " + routes.size() + " routes, " + requests[0]
                + " hostile requests, by status " + statuses + ", 5xx: " + serverErrors + ", unanswered: "
                + unanswered + ", refused without a JSON error or accepted on a state-changing route: "
                + failures.size());
        byRoute.forEach((route, counts) -> System.out.println("FAULT-SUITE   " + route + " " + counts));
        failures.stream().limit(60).forEach(failure -> System.out.println("FAULT-SUITE   ! " + failure));
        assertThat(failures).isEmpty();
        assertThat(serverErrors).isZero();
        assertThat(state()).isEqualTo(before);
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("[\\r\\n]+", " ");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 120) + "...(" + oneLine.length() + ")";
    }

    /** One hostile request: its target (path and query, as written), headers and body. */
    private record Request(String target, Map<String, String> headers, byte[] body) {
    }

    @Test
    void eachDeniedTargetClassIsRefusedWithoutAConnectionAndAnAllowedOneWorks() {
        // the policy the service was started with: every class, decided without connecting to anything
        dev.healthmon.core.probe.EgressPolicy policy = properties.egress().policy();
        Map<String, Boolean> decided = new LinkedHashMap<>();
        decided.put("link-local 169.254.1.1", policy.permits(null, address("169.254.1.1")));
        decided.put("link-local fe80::1", policy.permits(null, address("fe80::1")));
        decided.put("metadata address 169.254.169.254", policy.permits(null, address("169.254.169.254")));
        decided.put("metadata address fd00:ec2::254", policy.permits(null, address("fd00:ec2::254")));
        decided.put("metadata address ::ffff:169.254.169.254",
                policy.permits(null, address("::ffff:169.254.169.254")));
        decided.put("metadata name metadata.google.internal", policy.permitsHost("metadata.google.internal"));
        decided.put("metadata name resolved to loopback",
                policy.permits("metadata.google.internal", address("127.0.0.1")));
        decided.put("deny-listed CIDR 127.0.0.2/32", policy.permits(null, address("127.0.0.2")));
        decided.put("deny-listed name localhost", policy.permitsHost("localhost"));
        decided.put("deny-listed name localhost resolved", policy.permits("localhost", address("127.0.0.1")));
        assertThat(policy.permits(null, address("127.0.0.1"))).as("an allowed address").isTrue();

        // end to end, on loopback only: the denied ones fail with the policy's detail, and no connection arrives
        java.util.concurrent.atomic.AtomicInteger arrived = new java.util.concurrent.atomic.AtomicInteger();
        reactor.netty.DisposableServer listener = reactor.netty.tcp.TcpServer.create().host("127.0.0.2").port(0)
                .doOnConnection(connection -> arrived.incrementAndGet())
                .bindNow();
        WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
        Map<String, String> endToEnd = new LinkedHashMap<>();
        endToEnd.put("cidr", "tcp://127.0.0.2:" + listener.port());
        endToEnd.put("name", "http://localhost:" + TARGET.port() + "/");
        endToEnd.put("allowed", TARGET.url());
        Map<String, String> details = new LinkedHashMap<>();
        try {
            endToEnd.forEach((name, url) -> client.post().uri("/api/v1/monitors")
                    .header("Content-Type", "application/json")
                    .bodyValue(Map.of("name", "ssrf-" + name, "url", url, "retries", -1, "interval", "1s"))
                    .exchange()
                    .expectStatus().isCreated());
            Awaits.status(registry, "ssrf-cidr", dev.healthmon.core.model.HealthStatus.UNHEALTHY,
                    Duration.ofSeconds(30));
            Awaits.status(registry, "ssrf-name", dev.healthmon.core.model.HealthStatus.UNHEALTHY,
                    Duration.ofSeconds(30));
            Awaits.status(registry, "ssrf-allowed", dev.healthmon.core.model.HealthStatus.HEALTHY,
                    Duration.ofSeconds(30));
            endToEnd.keySet().forEach(name -> details.put(name,
                    registry.get("ssrf-" + name).orElseThrow().detail()));
        }
        finally {
            endToEnd.keySet().forEach(name -> client.delete().uri("/api/v1/monitors/ssrf-" + name)
                    .header("Content-Type", "application/json").exchange());
            listener.disposeNow();
        }
        long refused = decided.values().stream().filter(permitted -> !permitted).count();
        System.out.println("FAULT-SUITE SSRF: policy refused " + refused + "/" + decided.size() + " denied classes "
                + decided + "; end to end on loopback: " + details + ", connections that reached the denied "
                + "listener: " + arrived.get());
        assertThat(decided).allSatisfy((target, permitted) -> assertThat(permitted).as(target).isFalse());
        assertThat(details.get("cidr")).isEqualTo(dev.healthmon.core.probe.EgressPolicy.DENIED);
        assertThat(details.get("name")).isEqualTo(dev.healthmon.core.probe.EgressPolicy.DENIED);
        assertThat(details.get("allowed")).isNotEqualTo(dev.healthmon.core.probe.EgressPolicy.DENIED);
        assertThat(arrived.get()).isZero();
    }

    private static java.net.InetAddress address(String literal) {
        try {
            // a literal: parsed, never looked up
            return java.net.InetAddress.getByName(literal);
        }
        catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aMonitorOnADeniedAddressFailsWithoutConnecting() {
        WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        client.post().uri("/api/v1/monitors").header("Content-Type", "application/json")
                .bodyValue(Map.of("name", "denied", "url", "http://127.0.0.2:" + TARGET.port(), "retries", -1))
                .exchange()
                .expectStatus().isCreated();
        try {
            HealthMonitor monitor = registry.get("denied").orElseThrow();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!"denied by egress policy".equals(monitor.detail()) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(monitor.detail()).isEqualTo("denied by egress policy");
        }
        finally {
            client.delete().uri("/api/v1/monitors/denied").header("Content-Type", "application/json").exchange();
        }
    }

    private Map<String, Object> state() {
        Map<String, Object> state = new TreeMap<>();
        for (HealthMonitor monitor : registry.monitors()) {
            Instant started = monitor.snapshot().started();
            // a mute opened by a request shows as the monitor's maintenance window
            state.put(monitor.name(), java.util.Arrays.asList(System.identityHashCode(monitor), started,
                    monitor.config(), monitor.snapshot().maintenance()));
        }
        return state;
    }

    // the JDK's client, off Reactor's threads: a 70 KB body is encoded where blocking is allowed
    private static final java.net.http.HttpClient JDK = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    private int send(WebTestClient client, HttpMethod method, String uri, String body) {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder()
                .uri(java.net.URI.create("http://127.0.0.1:" + port + uri))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method.name(), body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return JDK.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        }
        catch (java.io.IOException e) {
            throw new AssertionError(method + " " + uri + ": " + e, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void count(Map<Integer, Integer> statuses, int status) {
        statuses.merge(status, 1, Integer::sum);
    }

    private static String json(Map<String, Object> body) {
        try {
            return tools.jackson.databind.json.JsonMapper.shared().writeValueAsString(body);
        }
        catch (RuntimeException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Object> hostileValues() {
        List<Object> values = new ArrayList<>();
        values.add("");
        values.add(" ");
        values.add("x".repeat(5000));
        values.add("PT2562048H");
        values.add("99999999999d");
        values.add("99999999999999999999");
        values.add("1ns");
        values.add("-1s");
        values.add("0");
        values.add(-1);
        values.add(Long.MAX_VALUE);
        values.add(Double.MAX_VALUE);
        values.add(1e300);
        values.add(new java.math.BigInteger("9".repeat(400)));
        values.add(true);
        values.add(List.of());
        values.add(List.of(1, "two", List.of(3)));
        values.add(Map.of("a", Map.of("b", "c")));
        values.add("\u0000\r\n<script>alert(1)</script>");
        values.add("gopher://127.0.0.1:70/x");
        values.add("file:///etc/shadow");
        values.add("http://user:pass@127.0.0.2:1/?token=x");
        values.add("stream");
        return values;
    }
}
