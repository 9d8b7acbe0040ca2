package dev.healthmon.app;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Sets the monitors of the config files aside ({@link MonitorsAside#takeOut}) as soon as the files are read, before
 * Spring binds anything from them. Registered in {@code META-INF/spring.factories}.
 */
final class MonitorsAsideProcessor implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        MonitorsAside.takeOut(environment);
    }

    @Override
    public int getOrder() {
        // right after the config files are read
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }
}
