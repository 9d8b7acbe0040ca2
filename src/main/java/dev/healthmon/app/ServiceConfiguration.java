package dev.healthmon.app;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import dev.healthmon.config.HealthmonProperties;
import dev.healthmon.config.MonitorSpecReader;
import dev.healthmon.core.model.MonitorEvent;
import dev.healthmon.core.probe.agent.AgentClient;
import dev.healthmon.core.probe.agent.AgentTls;
import dev.healthmon.core.probe.Probes;
import dev.healthmon.core.schedule.MonitorOptions;
import dev.healthmon.core.schedule.MonitorRegistry;
import dev.healthmon.notify.Notifier;
import dev.healthmon.notify.ProviderConfig;
import dev.healthmon.web.ApiRoutes;
import dev.healthmon.web.EventHub;
import dev.healthmon.web.HealthHandler;
import dev.healthmon.web.MonitorHandler;
import dev.healthmon.store.HistoryStore;
import dev.healthmon.web.StreamHandler;
import dev.healthmon.web.history.HistoryRoutes;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Wires the service: registry, monitors from the config, notifications, the SSE hub, the routes, metrics and
 * lifecycle.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HealthmonProperties.class)
class ServiceConfiguration {

    @Bean(destroyMethod = "dispose")
    MonitorRegistry monitorRegistry() {
        return MonitorRegistry.create();
    }

    @Bean
    Probes probes(HealthmonProperties properties) {
        AgentTls tls = properties.agents().tls();
        return tls == null ? Probes.create() : Probes.create().withAgentClient(AgentClient.create(tls));
    }

    @Bean
    MonitorFactory monitorFactory(Probes probes) {
        // monitors that start together (the config's, at start-up) have their first checks spread over their
        // interval, so that thousands of them do not connect at the same instant; one added alone checks at once
        return MonitorFactory.probing(probes, MonitorOptions.defaults().spreadStart());
    }

    @Bean
    Notifier notifier(HealthmonProperties properties, ManagedMonitors monitors, MeterRegistry meters,
            ObjectProvider<HistoryStore> store) {
        List<ProviderConfig> providers = properties.notifications().stream()
                .map(settings -> ProviderConfig.of(String.valueOf(settings.get("name")), settings))
                .toList();
        Notifier.Builder notifier = Notifier.builder(providers, name -> Set.copyOf(monitors.notify(name)), meters);
        HistoryStore history = store.getIfAvailable();
        if (history != null) {
            // a delivery cut short by a restart is sent again, and never twice
            notifier.outbox(new HistoryOutbox(history, Clock.systemUTC()));
        }
        return notifier.build();
    }

    @Bean
    MonitorSpecReader monitorSpecReader(HealthmonProperties properties) {
        return MonitorSpecReader.create(properties.defaults(), properties.notificationNames());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnBooleanProperty(name = "healthmon.history.enabled", matchIfMissing = true)
    HistoryStore historyStore(HealthmonProperties properties, MeterRegistry meters) {
        return HistoryStore.open(properties.history().storeConfig(), meters);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "healthmon.history.enabled", matchIfMissing = true)
    ServiceHistory serviceHistory(HistoryStore store) {
        return new ServiceHistory(store);
    }

    @Bean
    ManagedMonitors managedMonitors(MonitorRegistry registry, MonitorFactory factory, MonitorSpecReader reader,
            HealthmonProperties properties, ObjectProvider<ServiceHistory> history) {
        return ManagedMonitors.create(registry, factory, reader, properties.monitors(), history.getIfAvailable());
    }

    @Bean
    EventHub eventHub(MonitorRegistry registry, HealthmonProperties properties) {
        HealthmonProperties.Sse sse = properties.sse();
        return EventHub.create(registry::snapshot, sse.clientBufferSize(), sse.replaySize(),
                System.currentTimeMillis());
    }

    @Bean
    RouterFunction<ServerResponse> apiRoutes(MonitorRegistry registry, EventHub hub, ManagedMonitors monitors,
            HealthmonProperties properties, ObjectProvider<HistoryStore> store) {
        StreamHandler streams = new StreamHandler(hub, registry, properties.sse().heartbeatPeriod(),
                Schedulers.parallel());
        RouterFunction<ServerResponse> api = ApiRoutes.create(new HealthHandler(registry), streams,
                new MonitorHandler(monitors), properties.api().token());
        HistoryStore history = store.getIfAvailable();
        return history == null ? api : api.and(HistoryRoutes.create(history, registry::snapshot, Clock.systemUTC()));
    }

    @Bean
    CorsWebFilter corsWebFilter() {
        return new CorsWebFilter(ApiRoutes.cors());
    }

    @Bean
    MonitorMetrics monitorMetrics(MeterRegistry meters, MonitorRegistry registry, EventHub hub,
            HealthmonProperties properties) {
        return new MonitorMetrics(meters, registry, hub, properties.metrics().histogram());
    }

    @Bean
    MonitorLifecycle monitorLifecycle(MonitorRegistry registry, ManagedMonitors monitors, EventHub hub,
            MonitorMetrics metrics, Notifier notifier, ObjectProvider<ServiceHistory> history) {
        // the hub takes the changes always and check results only while an SSE client asks for them
        List<Function<Flux<MonitorEvent>, Disposable>> consumers = List.of(
                events -> hub.subscribeTo(registry.changes(), events),
                metrics::subscribeTo, new NotificationDelivery(notifier)::subscribe);
        return new MonitorLifecycle(registry, monitors, consumers, history.getIfAvailable());
    }
}
