package dev.healthmon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.healthmon.core.model.HealthStatus;
import dev.healthmon.core.schedule.MonitorRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/**
 * The whole service, configured with each provider in turn, delivers a down and then an up for a target that
 * goes away and comes back: a real service, a real TCP target and a real local receiver for the provider.
 */
class ProviderFlapTest {

    @TempDir
    static Path history;

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?UTF-8\\?B\\?([A-Za-z0-9+/=]+)\\?=");

    private final Sinks.Many<String> received = Sinks.many().replay().all();
    private final DisposableServer receiver = HttpServer.create().host("127.0.0.1").port(0)
            .handle((request, response) -> request.receive().aggregate().asString().defaultIfEmpty("")
                    .map(body -> request.method() + " " + request.uri() + "\n"
                            + decoded(request.requestHeaders().get("Title")) + "\n" + body)
                    // answers arrive on several event loops at once: retry an emission that meets another
                    .doOnNext(m -> received.emitNext(m, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1))))
                    // close after each answer: a pooled connection of the notifier must not outlive its service
                    .then(response.status(200).header("Content-Type", "application/json")
                            .header("Connection", "close").sendString(
                            reactor.core.publisher.Mono.just("{\"ok\":true}")).then()))
            .bindNow();
    private final LocalTarget target = LocalTarget.start();
    private ConfigurableApplicationContext service;

    @AfterEach
    void stop() {
        // the receiver first: closing the service disposes Reactor Netty's global HTTP event loops, which the
        // receiver runs on too, and a server whose event loop is gone can no longer close
        receiver.disposeNow();
        if (service != null) {
            service.close();
        }
        target.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "webhook  | url=http://127.0.0.1:{port}/hook                              | POST /hook",
        "ntfy     | url=http://127.0.0.1:{port},topic=healthmon                   | POST /healthmon",
        "gotify   | url=http://127.0.0.1:{port},token=app-token                   | POST /message",
        "discord  | url=http://127.0.0.1:{port}/api/webhooks/1/abc                | POST /api/webhooks/1/abc",
        "slack    | url=http://127.0.0.1:{port}/services/T0/B0/x                  | POST /services/T0/B0/x",
        "telegram | url=http://127.0.0.1:{port},token=123:abc,chatId=42           | POST /bot123:abc/sendMessage"})
    void deliversDownAndUpForAFlappingTarget(String provider, String settings, String request) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.config.location=classpath:/application.yml",
                "--server.port=0",
                // each run keeps its history apart, so no run resumes another's outage
                "--healthmon.history.url=jdbc:sqlite:" + history.resolve(provider + ".db"),
                "--healthmon.monitors[0].name=flap",
                "--healthmon.monitors[0].url=" + target.url(),
                "--healthmon.limits.min-interval=1ms",
                "--healthmon.monitors[0].interval=200ms",
                "--healthmon.monitors[0].timeout=1s",
                "--healthmon.monitors[0].jitter=0s",
                "--healthmon.monitors[0].retries=1",
                "--healthmon.notifications[0].name=" + provider,
                "--healthmon.notifications[0].provider=" + provider));
        for (String setting : settings.replace("{port}", Integer.toString(receiver.port())).split(",")) {
            args.add("--healthmon.notifications[0]." + setting.trim());
        }
        service = new SpringApplicationBuilder(HealthmonApplication.class).run(args.toArray(String[]::new));
        MonitorRegistry registry = service.getBean(MonitorRegistry.class);
        Awaits.status(registry, "flap", HealthStatus.HEALTHY, WAIT);

        StepVerifier.create(received.asFlux())
                .then(target::down)
                .assertNext(down -> assertThat(down).startsWith(request + "\n").contains("Service went down")
                        .contains("flap").contains("Last Seen").doesNotContain("Ping"))
                .then(target::up)
                .assertNext(up -> assertThat(up).startsWith(request + "\n").contains("Service is up")
                        .contains("flap").contains("Ping"))
                .thenCancel()
                .verify(WAIT);
    }

    // ntfy sends its Title header as an RFC 2047 encoded word, since HTTP headers are ASCII
    private static String decoded(String header) {
        if (header == null) {
            return "";
        }
        Matcher m = ENCODED_WORD.matcher(header);
        return m.matches() ? new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8) : header;
    }
}
