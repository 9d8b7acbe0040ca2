package dev.healthmon.app;

import java.time.Duration;

import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.schedule.MonitorOptions;
import dev.healthmon.core.schedule.Monitors;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Monitors for the end-to-end tests: real TCP connect checks of {@code tcp://} targets, no jitter. */
@TestConfiguration(proxyBeanMethods = false)
class TestMonitorFactory {

    @Bean
    @Primary
    MonitorFactory tcpMonitorFactory() {
        TcpCheck check = new TcpCheck();
        MonitorOptions options = MonitorOptions.defaults().withFixedJitter(Duration.ZERO);
        return spec -> {
            if (!"tcp".equals(spec.target().url().getScheme())) {
                throw new InvalidConfigException("url", "unsupported scheme in '" + spec.target().url()
                        + "' (the tests check tcp:// only)");
            }
            return Monitors.of(spec.name(), spec.config(), spec.target().url(), check, options);
        };
    }
}
