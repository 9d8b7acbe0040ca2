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
 * --tls-key=F [--tls-client-ca=F]] [--token=T] [--max-checks=N] [--allow-file] [--insecure]}; the token may come
 * from {@code HEALTHMON_AGENT_TOKEN}. It serves {@code GET /godoxy/agent/health} for a remote healthmon by running
 * the probes locally, without Spring and without monitors of its own.
 */
final class AgentCommand {

    private static final Logger log = LoggerFactory.getLogger(AgentCommand.class);
    private static final Set<String> OPTIONS = Set.of("host", "port", "tls-cert", "tls-key", "tls-client-ca", "token",
            "max-checks");
    private static final Set<String> FLAGS = Set.of("insecure", "allow-file");

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
            System.err.println("usage: healthmon agent [--host=127.0.0.1] [--port=8890] "
                    + "[--tls-cert=server.pem --tls-key=server.key [--tls-client-ca=clients.pem]] [--token=T] "
                    + "[--max-checks=64] [--allow-file] [--insecure]");
            return 2;
        }
        Probes probes = Probes.create();
        DisposableServer server;
        try {
            server = AgentServer.create(config, (target, check) -> probes.probeFor("agent", target, check))
                    .bindNow();
        }
        catch (InvalidConfigException e) {
            System.err.println("healthmon agent: " + e.getMessage());
            return 2;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::disposeNow, "healthmon-agent-shutdown"));
        log.info("healthmon agent listening on {}:{}{}", config.host(), server.port(),
                config.tls() == null ? "" : config.tls().ca() == null ? " (TLS)" : " (mutual TLS)");
        // main owns this thread: wait here until the server is disposed by the shutdown hook
        server.onDispose().block();
        return 0;
    }

    static AgentServerConfig parse(List<String> args) {
        return parse(args, System.getenv("HEALTHMON_AGENT_TOKEN"));
    }

    static AgentServerConfig parse(List<String> args, @Nullable String tokenFromEnvironment) {
        Map<String, String> options = new LinkedHashMap<>();
        Set<String> flags = new java.util.HashSet<>();
        for (String arg : args) {
            if (arg.startsWith("--") && FLAGS.contains(arg.substring(2))) {
                flags.add(arg.substring(2));
                continue;
            }
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new InvalidConfigException("agent", "unexpected argument '" + arg + "' (expected: --name=value)");
            }
            String name = arg.substring(2, arg.indexOf('='));
            if (!OPTIONS.contains(name)) {
                throw new InvalidConfigException("agent", "unknown option '--" + name + "' (expected: one of "
                        + String.join(", ", java.util.stream.Stream.concat(OPTIONS.stream(), FLAGS.stream()).sorted()
                                .map(o -> "--" + o).toList()) + ")");
            }
            options.put(name, arg.substring(arg.indexOf('=') + 1));
        }
        // loopback unless asked: listening beyond it needs mutual TLS, a token or --insecure
        String host = options.getOrDefault("host", "127.0.0.1");
        int port;
        try {
            port = Integer.parseInt(options.getOrDefault("port", Integer.toString(AgentServerConfig.DEFAULT_PORT)));
        }
        catch (NumberFormatException e) {
            throw new InvalidConfigException("agent.port", "'" + options.get("port") + "' is not a port number");
        }
        int maxChecks;
        try {
            maxChecks = Integer.parseInt(options.getOrDefault("max-checks",
                    Integer.toString(AgentServerConfig.DEFAULT_MAX_CHECKS)));
        }
        catch (NumberFormatException e) {
            throw new InvalidConfigException("agent.maxChecks", "'" + options.get("max-checks") + "' is not a number");
        }
        String token = options.getOrDefault("token", tokenFromEnvironment);
        AgentServerConfig config = AgentServerConfig.of(host, port)
                .withToken(token)
                .withInsecure(flags.contains("insecure"))
                .withAllowFile(flags.contains("allow-file"))
                .withMaxChecks(maxChecks);
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
