package dev.healthmon.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.InvalidConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.util.function.Tuple2;
import reactor.util.function.Tuples;

/**
 * The agent's guards (DESIGN section 13): no listening beyond loopback without mutual TLS or a token unless
 * {@code --insecure}, the token on every request, no file checks unless allowed, and a bound on checks at once.
 * Servers bind on 127.0.0.1 only; a refused or allowed wider address is only configured, never bound.
 */
class AgentGuardsTest {

    private static final String HTTP_CHECK = "/godoxy/agent/health?scheme=http&host=127.0.0.1:1&path=/&timeout=5000";
    private static final String FILE_CHECK = "/godoxy/agent/health?scheme=file&path=/etc/hostname&timeout=5000";

    private final CountDownLatch hanging = new CountDownLatch(1);
    private DisposableServer agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.disposeNow();
        }
    }

    @Test
    void refusesToListenBeyondLoopbackWithoutMutualTlsOrAToken() {
        for (String host : new String[] {"0.0.0.0", "::", "192.0.2.1", "agent.lan"}) {
            assertThatThrownBy(() -> AgentServer.create(AgentServerConfig.of(host, 0), this::resolve))
                    .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                        assertThat(e.field()).isEqualTo("agent.host");
                        assertThat(e.problem()).contains("--insecure").contains("--token").contains("--tls-client-ca");
                    });
        }
        // created, not bound: nothing listens beyond loopback in a test
        assertThat(AgentServer.create(AgentServerConfig.of("0.0.0.0", 0).withToken("t"), this::resolve)).isNotNull();
        assertThat(AgentServer.create(AgentServerConfig.of("0.0.0.0", 0).withInsecure(true), this::resolve))
                .isNotNull();
        for (String host : new String[] {"127.0.0.1", "127.3.2.1", "::1", "[::1]", "localhost"}) {
            assertThat(AgentServer.create(AgentServerConfig.of(host, 0), this::resolve)).isNotNull();
        }
    }

    @Test
    void aTokenIsRequiredOnEveryRequestOnceSet() {
        agent = AgentServer.create(AgentServerConfig.of("127.0.0.1", 0).withToken("s3cret"), this::resolve)
                .bindNow();

        assertThat(get(HTTP_CHECK, null).getT1()).isEqualTo(401);
        assertThat(get(HTTP_CHECK, "Bearer wrong").getT1()).isEqualTo(401);
        Tuple2<Integer, String> answer = get(HTTP_CHECK, "Bearer s3cret");
        assertThat(answer.getT1()).isEqualTo(200);
        assertThat(answer.getT2()).contains("\"healthy\":true");
    }

    @Test
    void fileChecksAreRefusedUnlessAllowed() {
        agent = AgentServer.create(AgentServerConfig.of("127.0.0.1", 0), this::resolve).bindNow();
        Tuple2<Integer, String> refused = get(FILE_CHECK, null);
        assertThat(refused.getT1()).isEqualTo(403);
        assertThat(refused.getT2()).contains("--allow-file");
        agent.disposeNow();

        agent = AgentServer.create(AgentServerConfig.of("127.0.0.1", 0).withAllowFile(true), this::resolve)
                .bindNow();
        assertThat(get(FILE_CHECK, null).getT1()).isEqualTo(200);
    }

    @Test
    void checksBeyondTheBoundAre503() throws InterruptedException {
        agent = AgentServer.create(AgentServerConfig.of("127.0.0.1", 0).withMaxChecks(1), this::resolve).bindNow();
        Disposable first = request("/godoxy/agent/health?scheme=http&host=hang:1&path=/&timeout=5000", null)
                .subscribe();
        try {
            assertThat(hanging.await(10, TimeUnit.SECONDS)).isTrue();
            Tuple2<Integer, String> busy = get(HTTP_CHECK, null);
            assertThat(busy.getT1()).isEqualTo(503);
            assertThat(busy.getT2()).contains("--max-checks");
        }
        finally {
            first.dispose();
        }
    }

    @Test
    void theTimeoutIsCapped() {
        agent = AgentServer.create(AgentServerConfig.of("127.0.0.1", 0), this::resolve).bindNow();
        Tuple2<Integer, String> answer = get("/godoxy/agent/health?scheme=http&host=127.0.0.1:1&path=/&timeout="
                + (AgentHealthRequest.MAX_TIMEOUT.toMillis() + 1), null);
        assertThat(answer.getT1()).isEqualTo(400);
        assertThat(answer.getT2()).contains("\"field\":\"timeout\"");
    }

    private dev.healthmon.core.probe.Probe resolve(dev.healthmon.core.model.Target target,
            dev.healthmon.core.model.HealthCheckConfig config) {
        if ("hang".equals(target.url().getHost())) {
            return url -> Mono.<HealthCheckResult>never().doOnSubscribe(subscription -> hanging.countDown());
        }
        return url -> Mono.just(HealthCheckResult.healthy(Duration.ofMillis(1)));
    }

    private Tuple2<Integer, String> get(String uri, String authorization) {
        Tuple2<Integer, String> answer = request(uri, authorization).block(Duration.ofSeconds(10));
        assertThat(answer).isNotNull();
        return answer;
    }

    private Mono<Tuple2<Integer, String>> request(String uri, String authorization) {
        return HttpClient.create()
                .headers(headers -> {
                    if (authorization != null) {
                        headers.set("Authorization", authorization);
                    }
                })
                .get()
                .uri("http://127.0.0.1:" + agent.port() + uri)
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                        .map(text -> Tuples.of(response.status().code(), text)));
    }
}
