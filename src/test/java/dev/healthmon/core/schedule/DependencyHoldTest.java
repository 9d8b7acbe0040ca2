package dev.healthmon.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.healthmon.core.machine.Dependencies;
import dev.healthmon.core.model.HealthCheckConfig;
import dev.healthmon.core.model.HealthCheckResult;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.model.MonitorEvent.Notification;
import dev.healthmon.core.probe.Probe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/** dependsOn through the real registry and monitor pipeline, in virtual time (DESIGN section 12). */
class DependencyHoldTest {

    private static final URI URL = URI.create("tcp://127.0.0.1:5432");
    private static final HealthCheckConfig PARENT = HealthCheckConfig.builder().interval(Duration.ofSeconds(30))
            .jitter(Duration.ZERO).retries(1).build();
    private static final HealthCheckConfig CHILD = PARENT.toBuilder().dependsOn(List.of("router")).build();

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final MonitorRegistry registry = MonitorRegistry.create(MonitorTask.root("healthmon"), vts);
    private final List<Notification> sent = new CopyOnWriteArrayList<>();

    @AfterEach
    void dispose() {
        registry.dispose();
    }

    @Test
    void aParentWith300ChildrenGoingDownAndComingBackGivesOneDownAndOneUp() {
        AtomicBoolean routerUp = new AtomicBoolean(true);
        registry.events().ofType(Notification.class).subscribe(sent::add);
        Probe behindRouter = target -> Mono.fromSupplier(() -> routerUp.get() ? HealthCheckResult.healthy(
                Duration.ofMillis(3)) : HealthCheckResult.unhealthy("connection refused"));
        // children first, so that each of them fails before the router's check in the same instant
        for (int i = 0; i < 300; i++) {
            registry.add(Monitors.of("child-" + i, CHILD, URL, behindRouter, MonitorOptions.on(vts)));
        }
        registry.add(Monitors.of("router", PARENT, URL, behindRouter, MonitorOptions.on(vts)));
        vts.advanceTimeBy(Duration.ofMinutes(1));

        routerUp.set(false);
        vts.advanceTimeBy(Duration.ofMinutes(5));
        String held = registry.get("child-7").orElseThrow().snapshot().held();
        routerUp.set(true);
        vts.advanceTimeBy(Duration.ofMinutes(5));

        assertThat(held).isEqualTo("router is down");
        assertThat(sent).extracting(Notification::name, Notification::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("router", Notification.Kind.DOWN),
                        org.assertj.core.groups.Tuple.tuple("router", Notification.Kind.UP));
        assertThat(registry.get("child-7").orElseThrow().snapshot().held()).isNull();
    }

    @Test
    void aChildStillDownOnceItsParentIsBackSendsItsDownThenAndItsUpLater() {
        AtomicBoolean routerUp = new AtomicBoolean(true);
        AtomicBoolean apiUp = new AtomicBoolean(true);
        registry.events().ofType(Notification.class).subscribe(sent::add);
        registry.add(Monitors.of("router", PARENT, URL, probe(routerUp), MonitorOptions.on(vts)));
        registry.add(Monitors.of("api", CHILD, URL, probe(apiUp), MonitorOptions.on(vts)));

        routerUp.set(false);
        apiUp.set(false);
        vts.advanceTimeBy(Duration.ofMinutes(2));
        routerUp.set(true);
        vts.advanceTimeBy(Duration.ofMinutes(2));
        apiUp.set(true);
        vts.advanceTimeBy(Duration.ofMinutes(1));

        assertThat(sent).extracting(Notification::name, Notification::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("router", Notification.Kind.DOWN),
                org.assertj.core.groups.Tuple.tuple("router", Notification.Kind.UP),
                org.assertj.core.groups.Tuple.tuple("api", Notification.Kind.DOWN),
                org.assertj.core.groups.Tuple.tuple("api", Notification.Kind.UP));
        assertThat(sent.get(2).time()).isAfterOrEqualTo(sent.get(1).time());
    }

    @Test
    void aChildSeenDownBeforeItsParentWaitsForTheParentsNextCheck() {
        AtomicBoolean up = new AtomicBoolean(true);
        HealthCheckConfig slowParent = PARENT.withInterval(Duration.ofMinutes(5));
        registry.events().ofType(Notification.class).subscribe(sent::add);
        registry.add(Monitors.of("router", slowParent, URL, probe(up), MonitorOptions.on(vts)));
        registry.add(Monitors.of("api", CHILD, URL, probe(up), MonitorOptions.on(vts)));

        up.set(false);
        vts.advanceTimeBy(Duration.ofSeconds(30));
        String waiting = registry.get("api").orElseThrow().snapshot().held();
        vts.advanceTimeBy(Duration.ofMinutes(5));

        assertThat(waiting).isEqualTo("waiting for router");
        assertThat(sent).extracting(Notification::name).containsExactly("router");
        assertThat(registry.get("api").orElseThrow().snapshot().held()).isEqualTo("router is down");
    }

    @Test
    void aCycleOrAnUnknownParentIsAConfigErrorNamingIt() {
        assertThatThrownBy(() -> Dependencies.check(Map.of("a", List.of("b"), "b", List.of("c"), "c", List.of("a"))))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("dependsOn");
                    assertThat(e.problem()).isEqualTo("cycle: a -> b -> c -> a");
                });
        assertThatThrownBy(() -> Dependencies.check(Map.of("a", List.of("a"))))
                .hasMessage("monitor 'a': dependsOn: cycle: a -> a");
        assertThatThrownBy(() -> Dependencies.check(Map.of("api", List.of("gateway"))))
                .hasMessage("monitor 'api': dependsOn: unknown monitor 'gateway'");
        Dependencies.check(Map.of("api", List.of("router"), "web", List.of("router", "api"), "router", List.of()));
    }

    private static Probe probe(AtomicBoolean up) {
        return target -> Mono.fromSupplier(() -> up.get() ? HealthCheckResult.healthy(Duration.ofMillis(3))
                : HealthCheckResult.unhealthy("connection refused"));
    }
}
