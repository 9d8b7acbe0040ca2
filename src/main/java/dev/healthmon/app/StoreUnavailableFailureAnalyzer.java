package dev.healthmon.app;

import dev.healthmon.store.StoreUnavailableException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a history store that cannot be opened (PostgreSQL unreachable, a corrupt or read-only SQLite file) into
 * Boot's short start-up failure report: the message names the database URL without its password, and no stack
 * trace is printed.
 */
public final class StoreUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<StoreUnavailableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StoreUnavailableException cause) {
        return new FailureAnalysis("The history store cannot be opened: " + cause.getMessage(),
                "Check healthmon.history.url (and username, password) in config/application.yml, or turn the "
                        + "history off with healthmon.history.enabled: false, and start again.",
                cause);
    }
}
