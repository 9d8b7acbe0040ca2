package dev.healthmon.app;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.healthmon.agent.AgentServer;
import dev.healthmon.agent.AgentServerConfig;
import dev.healthmon.core.model.InvalidConfigException;
import dev.healthmon.core.probe.agent.AgentTls;
import dev.healthmon.core.probe.Probes;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.DisposableServer;

/**
 * The agent mode of the program: {@code java -jar healthmon.jar agent [--host=H] [--port=P] [--tls-cert=F
 * --tls-key=F [--tls-client-ca=F]]}. It serves {@code GET /godoxy/agent/health} for a remote healthmon by running
 * the probes locally, without Spring and without monitors of its own.
 */
final class AgentCommand {

    private static final Logger log = LoggerFactory.getLogger(AgentCommand.class);
    private static final Set<String> OPTIONS = Set.of("host", "port", "tls-cert", "tls-key", "tls-client-ca");

    private AgentCommand() {
    }

    /** Returns whether {@code args} ask for the agent mode. */
    static boolean requested(String[] args) {
        return args.length > 0 && args[0].equals("agent");
    }

    /** Runs the agent until the process is stopped; returns the exit code of a start that failed. */
    static int run(List<String> args) {
        AgentServerConfig config;
        try {
            config = parse(args);
        }
        catch (InvalidConfigException e) {
            System.err.println("healthmon agent: " + e.getMessage());
            System.err.println("usage: healthmon agent [--host=0.0.0.0] [--port=8890] "
                    + "[--tls-cert=server.pem --tls-key=server.key [--tls-client-ca=clients.pem]]");
            return 2;
        }
        Probes probes = Probes.create();
        DisposableServer server = AgentServer.create(config, (target, check) -> probes.probeFor("agent", target,
                check)).bindNow();
        Runtime.getRuntime().addShutdownHook(new Thread(server::disposeNow, "healthmon-agent-shutdown"));
        log.info("healthmon agent listening on {}:{}{}", config.host(), server.port(),
                config.tls() == null ? "" : config.tls().ca() == null ? " (TLS)" : " (mutual TLS)");
        // main owns this thread: wait here until the server is disposed by the shutdown hook
        server.onDispose().block();
        return 0;
    }

    static AgentServerConfig parse(List<String> args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new InvalidConfigException("agent", "unexpected argument '" + arg + "' (expected: --name=value)");
            }
            String name = arg.substring(2, arg.indexOf('='));
            if (!OPTIONS.contains(name)) {
                throw new InvalidConfigException("agent", "unknown option '--" + name + "' (expected: one of "
                        + String.join(", ", OPTIONS.stream().sorted().map(o -> "--" + o).toList()) + ")");
            }
            options.put(name, arg.substring(arg.indexOf('=') + 1));
        }
        String host = options.getOrDefault("host", "0.0.0.0");
        int port;
        try {
            port = Integer.parseInt(options.getOrDefault("port", Integer.toString(AgentServerConfig.DEFAULT_PORT)));
        }
        catch (NumberFormatException e) {
            throw new InvalidConfigException("agent.port", "'" + options.get("port") + "' is not a port number");
        }
        AgentServerConfig config = AgentServerConfig.of(host, port);
        Path cert = path(options.get("tls-cert"));
        Path key = path(options.get("tls-key"));
        Path ca = path(options.get("tls-client-ca"));
        if (cert == null && key == null && ca == null) {
            return config;
        }
        return config.withTls(new AgentTls(cert, key, ca).requireReadable());
    }

    private static @Nullable Path path(@Nullable String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }
}
