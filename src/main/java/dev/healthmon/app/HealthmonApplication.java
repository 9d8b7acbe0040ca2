package dev.healthmon.app;

import dev.healthmon.bench.Bench;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The healthmon service: monitors from {@code config/application.yml}, a JSON API, monitor management, an SSE
 * status stream, and actuator health and metrics.
 *
 * <p>Its beans are wired explicitly by {@link ServiceConfiguration}: nothing is found by class-path scanning.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(ServiceConfiguration.class)
public class HealthmonApplication {

    /**
     * Runs the service until it is stopped, or with {@code agent} as the first argument the agent alone, or with {@code bench} the
     * benchmark; exits
     * non-zero when the configuration is invalid.
     */
    public static void main(String[] args) {
        if (Bench.requested(args)) {
            System.exit(Bench.run(java.util.Arrays.asList(args).subList(1, args.length), System.out));
        }
        if (AgentCommand.requested(args)) {
            System.exit(AgentCommand.run(java.util.Arrays.asList(args).subList(1, args.length)));
        }
        SpringApplication.run(HealthmonApplication.class, args);
    }
}
