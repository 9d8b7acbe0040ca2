package dev.healthmon.app;

import dev.healthmon.config.HealthmonProperties;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Gives the service the {@link HealthmonProperties} with the monitors {@link MonitorsAside} set aside: Spring binds
 * the properties without them (they are not in its environment), and this binds them again once, with the
 * monitors, through a binder that is dropped afterwards ({@link ConfigFiles#bindAtStart}); then the monitors set
 * aside are dropped too.
 */
final class MonitorsBinding implements BeanPostProcessor, EnvironmentAware {

    private ConfigurableEnvironment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = (ConfigurableEnvironment) environment;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof HealthmonProperties) || MonitorsAside.in(environment) == null) {
            return bean;
        }
        HealthmonProperties bound = ConfigFiles.bindAtStart(environment);
        MonitorsAside.drop(environment);
        return bound;
    }
}
