package dev.healthmon.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;

/**
 * The target process of the benchmark: {@code healthmon bench target --ports N [--flip P] [--flip-to 503|hole]
 * [--protocol h2c]}
 * binds N ports on 127.0.0.1 that answer {@code GET /health} with 200 over HTTP/1.1 or H2C, or H2C alone with
 * {@code --protocol h2c} (and take a TCP
 * connect and close), prints {@code ports p1 p2 ...}, then reads commands on its standard input:
 * {@code flip} turns a share P of the ports to 503 (or to a black hole that reads and never answers) and back,
 * {@code stats} prints {@code stats <accepted connections> <requests>}; the end of the input ends it.
 *
 * <p>It runs in a JVM of its own so that its CPU is not the benchmark's, and so that the file descriptors of N
 * listening ports and N accepted connections count against a limit of their own.
 */
final class TargetServer {

    private final List<DisposableServer> servers = new ArrayList<>();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder requests = new LongAdder();
    // per port: 0 answers 200, 1 answers 503, 2 never answers
    private final AtomicLongArray modes;
    private final double flipShare;
    private final boolean hole;
    private final HttpProtocol[] protocols;
    private volatile boolean flipped;

    private TargetServer(int ports, double flipShare, boolean hole, boolean h2cOnly) {
        this.modes = new AtomicLongArray(ports);
        this.protocols = h2cOnly ? new HttpProtocol[] {HttpProtocol.H2C}
                : new HttpProtocol[] {HttpProtocol.HTTP11, HttpProtocol.H2C};
        this.flipShare = flipShare;
        this.hole = hole;
    }

    /** Runs the target until its standard input ends; returns the exit code. */
    static int run(List<String> args, PrintStream out) {
        int ports = 1;
        double flip = 0;
        boolean hole = false;
        boolean h2cOnly = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String value = i + 1 < args.size() ? args.get(i + 1) : "";
            switch (arg) {
                case "--ports" -> ports = Integer.parseInt(value);
                case "--flip" -> flip = Double.parseDouble(value);
                case "--flip-to" -> hole = value.equals("hole");
                case "--protocol" -> h2cOnly = value.equals("h2c");
                default -> {
                    System.err.println("bench target: unknown option '" + arg + "'");
                    return 2;
                }
            }
            i++;
        }
        TargetServer target = new TargetServer(ports, flip, hole, h2cOnly);
        try {
            target.bind(ports);
            StringBuilder line = new StringBuilder("ports");
            target.servers.forEach(server -> line.append(' ').append(server.port()));
            out.println(line);
            out.flush();
            target.serve(out);
            return 0;
        }
        finally {
            target.servers.forEach(DisposableServer::disposeNow);
        }
    }

    private void bind(int ports) {
        for (int i = 0; i < ports; i++) {
            int index = i;
            servers.add(HttpServer.create()
                    .host("127.0.0.1")
                    .port(0)
                    .protocol(protocols)
                    // every accepted connection, a TCP check's connect-and-close included
                    .doOnChannelInit((observer, channel, remote) -> accepted.increment())
                    .handle((request, response) -> {
                        requests.increment();
                        long mode = modes.get(index);
                        if (mode == 2) {
                            return Mono.never();
                        }
                        return response.status(mode == 1 ? 503 : 200).send();
                    })
                    .bindNow());
        }
    }

    private void serve(PrintStream out) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String command = in.readLine(); command != null; command = in.readLine()) {
                if (command.equals("flip")) {
                    flip();
                }
                else if (command.equals("stats")) {
                    out.println("stats " + accepted.sum() + " " + requests.sum());
                    out.flush();
                }
            }
        }
        catch (IOException ignored) {
            // the benchmark went away: so does its target
        }
    }

    // the flipped ports are spread evenly over all of them: port i flips when floor(i * share) steps
    private void flip() {
        flipped = !flipped;
        long mode = flipped ? (hole ? 2 : 1) : 0;
        for (int i = 0; i < modes.length(); i++) {
            if (Math.floor((i + 1) * flipShare) > Math.floor(i * flipShare)) {
                modes.set(i, mode);
            }
        }
    }
}
