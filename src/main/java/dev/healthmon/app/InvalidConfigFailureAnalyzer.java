package dev.healthmon.app;

import dev.healthmon.core.model.InvalidConfigException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an invalid configuration into Boot's short start-up failure report: the message names the monitor and the
 * field, and no stack trace is printed.
 */
public final class InvalidConfigFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigException cause) {
        String where = cause.monitor() == null
                ? "'" + cause.field() + "' under healthmon:"
                : "the field '" + cause.field() + "' of monitor '" + cause.monitor() + "' under healthmon.monitors";
        return new FailureAnalysis("Invalid configuration: " + cause.getMessage(),
                "Fix " + where + " in config/application.yml (or wherever healthmon: is set) and start again.",
                cause);
    }
}
