package dev.healthmon.app;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.healthmon.config.HealthmonProperties;
import dev.healthmon.config.MaintenanceReader;
import dev.healthmon.config.MonitorSpecReader;
import dev.healthmon.core.model.Maintenance;
import dev.healthmon.core.probe.Probes;
import dev.healthmon.core.probe.agent.AgentClient;
import dev.healthmon.core.probe.agent.AgentTls;
import dev.healthmon.core.schedule.MonitorOptions;
import dev.healthmon.core.schedule.MonitorRegistry;
import dev.healthmon.notify.Notifier;
import dev.healthmon.notify.Outbox;
import dev.healthmon.notify.ProviderConfig;
import dev.healthmon.store.HistoryStore;
import dev.healthmon.web.ApiRoutes;
import dev.healthmon.web.ConfigHandler;
import dev.healthmon.web.EventHub;
import dev.healthmon.web.HealthHandler;
import dev.healthmon.web.MalformedRequests;
import dev.healthmon.web.ManagementAccess;
import dev.healthmon.web.MonitorHandler;
import dev.healthmon.web.MuteHandler;
import dev.healthmon.web.StaticFiles;
import dev.healthmon.web.StreamHandler;
import dev.healthmon.web.history.HistoryRoutes;
import dev.healthmon.web.status.StatusRoutes;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.timeout.WriteTimeoutHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import org.slf4j.LoggerFactory;

/**
 * Wires the service: registry, monitors from the config, notifications, the SSE hub, the routes, metrics and
 * lifecycle.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HealthmonProperties.class)
class ServiceConfiguration {

    // binds the monitors that MonitorsAside took out of the environment; static, as a post-processor is made before
    // the other beans of its configuration
    @Bean
    static MonitorsBinding monitorsBinding() {
        return new MonitorsBinding();
    }

    @Bean(destroyMethod = "dispose")
    MonitorRegistry monitorRegistry(HealthmonProperties properties) {
        // read before the registry exists, so an invalid window fails the start with nothing to undo
        List<Maintenance> windows = MaintenanceReader.read(properties.maintenance());
        MonitorRegistry registry = MonitorRegistry.create();
        registry.maintenance(windows);
        return registry;
    }

    // its kept-alive connections close with the service, after the monitors that use them
    @Bean(destroyMethod = "dispose")
    Probes probes(HealthmonProperties properties) {
        AgentTls tls = properties.agents().tls();
        String token = properties.agents().bearer();
        Probes probes = Probes.create(properties.egress().policy());
        if (tls == null && token == null) {
            return probes;
        }
        AgentClient agents = tls == null ? AgentClient.create() : AgentClient.create(tls);
        return probes.withAgentClient(token == null ? agents : agents.withToken(token));
    }

    @Bean
    MonitorFactory monitorFactory(Probes probes) {
        // monitors that start together (the config's, at start-up) have their first checks spread over their
        // interval, so that thousands of them do not connect at the same instant; one added alone checks at once
        return MonitorFactory.probing(probes, MonitorOptions.defaults().spreadStart());
    }

    @Bean
    NotificationDelivery notificationDelivery(HealthmonProperties properties, ManagedMonitors monitors,
            MeterRegistry meters, ObjectProvider<HistoryStore> store, MonitorRegistry registry) {
        properties.notificationNames();
        List<ProviderConfig> providers = properties.notifications().stream()
                .map(settings -> ProviderConfig.of(String.valueOf(settings.get("name")), settings))
                .toList();
        HistoryStore history = store.getIfAvailable();
        // a delivery cut short by a restart is sent again, and never twice
        Outbox outbox = history == null ? null : new HistoryOutbox(history, Clock.systemUTC());
        // one client for every provider's notifier, as one notifier of them all would have
        HttpClient client = HttpClient.create().followRedirect(false).compress(false);
        return new NotificationDelivery(properties.notifications(), providers, (provider, resend) -> {
            Notifier.Builder notifier = Notifier.builder(List.of(provider),
                    name -> Set.copyOf(monitors.notify(name)), meters).httpClient(client)
                    .groups(name -> registry.get(name).map(monitor -> monitor.config().group()).orElse(null));
            if (outbox != null) {
                notifier.outbox(resend ? outbox : NotificationDelivery.withoutResend(outbox));
            }
            return notifier.build();
        });
    }

    @Bean
    ConfigFiles configFiles(ConfigurableEnvironment environment) {
        return ConfigFiles.of(environment);
    }

    @Bean(destroyMethod = "dispose")
    Scheduler configScheduler() {
        // reading the config file blocks: reloads and looks at the file run here, one at a time, on a thread that
        // may block (a single scheduler's thread is non-blocking)
        return Schedulers.newBoundedElastic(1, 256, "healthmon-config");
    }

    @Bean
    ConfigReload configReload(ConfigFiles files, ManagedMonitors monitors, NotificationDelivery notifications,
            HealthmonProperties properties, Scheduler configScheduler) {
        return new ConfigReload(files, monitors, notifications, properties, configScheduler, Clock.systemUTC());
    }

    @Bean
    MonitorSpecReader monitorSpecReader(HealthmonProperties properties) {
        return MonitorSpecReader.create(properties.defaults(), properties.notificationNames(),
                properties.limits().minIntervalValue());
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
            HealthmonProperties properties, ObjectProvider<ServiceHistory> history, ConfigFiles files) {
        return ManagedMonitors.create(registry, factory, reader, properties.monitors(), history.getIfAvailable(),
                properties.limits().maxMonitorsValue()).definedIn(files.describe());
    }

    @Bean(destroyMethod = "dispose")
    Scheduler streamScheduler() {
        // the SSE streams' own workers: a client's snapshot is the whole list (2.6 MB of JSON at 10,000 monitors)
        // written in one task, which on the parallel scheduler queued every check's timeout behind it (checks
        // overran their timeouts by 400-750 ms while the dashboard was loaded, bench hostile)
        return Schedulers.newParallel("healthmon-sse", Schedulers.DEFAULT_POOL_SIZE, true);
    }

    @Bean
    EventHub eventHub(MonitorRegistry registry, HealthmonProperties properties, Scheduler streamScheduler) {
        HealthmonProperties.Sse sse = properties.sse();
        return EventHub.create(registry::snapshot, sse.clientBufferSize(), sse.replaySize(),
                System.currentTimeMillis(), streamScheduler);
    }

    @Bean
    StreamHandler streamHandler(MonitorRegistry registry, EventHub hub, HealthmonProperties properties,
            Scheduler streamScheduler) {
        return new StreamHandler(hub, registry, properties.sse().heartbeatPeriod(), streamScheduler,
                properties.limits().maxSseClientsValue());
    }

    @Bean
    RouterFunction<ServerResponse> apiRoutes(MonitorRegistry registry, EventHub hub, ManagedMonitors monitors,
            HealthmonProperties properties, ObjectProvider<HistoryStore> store, ConfigReload reload,
            StreamHandler streams) {
        ManagementAccess access = ManagementAccess.create(properties.api().token(),
                properties.limits().maxBodyValue());
        RouterFunction<ServerResponse> api = ApiRoutes.create(new HealthHandler(registry), streams,
                new MonitorHandler(monitors, properties.api().allowed()), new ConfigHandler(reload),
                new MuteHandler(registry), access);
        HistoryStore history = store.getIfAvailable();
        // the public status page: its own reads, open to anyone, of the public monitors only
        api = api.and(StatusRoutes.create(registry, hub, history, properties.sse().heartbeatPeriod(),
                Schedulers.parallel(), Clock.systemUTC()));
        return history == null ? api : api.and(HistoryRoutes.create(history, registry::snapshot, Clock.systemUTC()));
    }

    @Bean
    RouterFunction<ServerResponse> dashboardFiles() {
        // the dashboard's files from memory, read and gzipped now rather than on the first visitor's request
        return StaticFiles.create("static");
    }

    @Bean
    DashboardWarmUp dashboardWarmUp(ApplicationContext context, ServerProperties server, StreamHandler streams,
            MonitorRegistry registry) {
        // the service is ready once the dashboard's first requests have been answered once
        return new DashboardWarmUp(context, server, streams, registry);
    }

    @Bean
    NettyServerCustomizer writeTimeout(HealthmonProperties properties) {
        long millis = properties.limits().sseWriteTimeoutValue().toMillis();
        // a client that stops reading (an SSE stream most of all) is cut off once a write waits this long
        return server -> server.doOnConnection(connection -> connection.addHandlerLast("healthmon.writeTimeout",
                new WriteTimeoutHandler(millis, TimeUnit.MILLISECONDS)));
    }

    @Bean
    NettyServerCustomizer malformedRequests() {
        // a request line or target that never reaches a route is refused with the API's JSON error too
        return MalformedRequests::guard;
    }

    @Bean
    CorsWebFilter corsWebFilter(HealthmonProperties properties) {
        return new CorsWebFilter(ApiRoutes.cors(properties.api().corsOrigins()));
    }

    @Bean
    MonitorMetrics monitorMetrics(MeterRegistry meters, MonitorRegistry registry, EventHub hub,
            HealthmonProperties properties) {
        return new MonitorMetrics(meters, registry, hub, properties.metrics().histogram());
    }

    @Bean
    MonitorLifecycle monitorLifecycle(MonitorRegistry registry, ManagedMonitors monitors, EventHub hub,
            MonitorMetrics metrics, NotificationDelivery notifications, ObjectProvider<ServiceHistory> history,
            ConfigReload reload, HealthmonProperties properties, Scheduler configScheduler) {
        // only the metrics need every check result; the others take the changes, so that a check costs them nothing
        List<Function<MonitorRegistry, Disposable>> consumers = new ArrayList<>(List.of(
                // the hub takes the changes always, with the outcomes of reloads (which end with them), and check
                // results only while an SSE client asks for them; all requested unbounded
                source -> hub.subscribeTo(Flux.merge(Integer.MAX_VALUE, source.changes(),
                        reload.events().takeUntilOther(source.changes().ignoreElements())), source.events()),
                source -> metrics.subscribeTo(source.events()),
                source -> notifications.subscribe(source.changes())));
        HealthmonProperties.ConfigFile watching = properties.config();
        if (watching.watched()) {
            ConfigWatcher watcher = new ConfigWatcher(reload.files().files(), watching.watchPeriod(), reload::reload,
                    Schedulers.parallel(), configScheduler);
            consumers.add(source -> watcher.watch()
                    .takeUntilOther(source.changes().ignoreElements())
                    .subscribe(null, error -> LoggerFactory.getLogger(ConfigWatcher.class)
                            .error("the config file is no longer watched", error)));
        }
        return new MonitorLifecycle(registry, monitors, consumers, history.getIfAvailable());
    }
}
