package dev.healthmon.app;

import java.time.Duration;

import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;

/** A real TCP server on 127.0.0.1 that a test can take down and bring back up on the same port. */
public final class LocalTarget implements AutoCloseable {

    private final int port;
    private DisposableServer server;

    private LocalTarget(DisposableServer server) {
        this.server = server;
        this.port = server.port();
    }

    /** Returns a target listening on a free port. */
    public static LocalTarget start() {
        return new LocalTarget(bind(0));
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Stops listening: connections are refused from now on. */
    public synchronized void down() {
        if (server != null) {
            server.disposeNow(Duration.ofSeconds(5));
            server = null;
        }
    }

    /** Listens again on the same port. */
    public synchronized void up() {
        if (server == null) {
            server = bind(port);
        }
    }

    @Override
    public void close() {
        down();
    }

    private static DisposableServer bind(int port) {
        return TcpServer.create()
                .host("127.0.0.1")
                .port(port)
                .handle((in, out) -> out.neverComplete())
                .bindNow(Duration.ofSeconds(5));
    }
}
