package dev.healthmon.core.probe;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;

/** Real local servers and ports for probe tests. */
final class Servers {

    private Servers() {
    }

    /** Returns a loopback TCP port on which nothing listens: bound, noted and released. */
    static int closedPort() {
        DisposableServer server = TcpServer.create().host("127.0.0.1").port(0).bindNow();
        int port = server.port();
        server.disposeNow();
        return port;
    }

    /** Returns a TCP server that accepts connections and never sends a byte. */
    static DisposableServer silentTcp() {
        return TcpServer.create().host("127.0.0.1").port(0).handle((in, out) -> in.receive().then()).bindNow();
    }

    /**
     * Counts the connections a server accepts and how many of them are open, at most, at the same time.
     * Attach with {@code server.doOnConnection(counter::opened)}.
     */
    static final class ConnectionCounter {
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final java.util.concurrent.Semaphore closed = new java.util.concurrent.Semaphore(0);

        void opened(Connection connection) {
            accepted.incrementAndGet();
            peak.accumulateAndGet(open.incrementAndGet(), Math::max);
            connection.onDispose(() -> {
                open.decrementAndGet();
                closed.release();
            });
        }
    }

    /**
     * A listener that black-holes connections: it never accepts, and its accept queue is filled, so the kernel
     * drops further connection attempts (SYNs) as a firewall would, and connecting times out.
     */
    static final class BlackHole implements AutoCloseable {
        final ServerSocket listener;
        final List<Socket> fillers = new ArrayList<>();

        BlackHole() throws Exception {
            listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
            // a bounded number of connections fills a queue of backlog 1; stop at the first that cannot connect
            for (int i = 0; i < 16; i++) {
                Socket socket = new Socket();
                try {
                    socket.connect(new InetSocketAddress("127.0.0.1", listener.getLocalPort()), 300);
                    fillers.add(socket);
                }
                catch (SocketTimeoutException full) {
                    socket.close();
                    return;
                }
            }
            throw new IllegalStateException("the accept queue never filled up");
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            for (Socket socket : fillers) {
                socket.close();
            }
            listener.close();
        }
    }
}
