package dev.healthmon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The store's contract on a real PostgreSQL; skipped, saying why, only when no server is installed. */
class PostgresHistoryStoreTest extends HistoryStoreContract {

    @Override
    StoreConfig freshConfig() throws Exception {
        PostgresServer server = PostgresServer.get();
        Assumptions.assumeTrue(server != null, () -> "PostgreSQL store tests skipped: " + PostgresServer.whyNot());
        try (Connection connection = DriverManager.getConnection(server.url, server.user, server.password);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS public CASCADE");
            statement.execute("CREATE SCHEMA public");
        }
        return StoreConfig.defaults().withUrl(server.url).withCredentials(server.user, server.password);
    }

    @Test
    void anUnreachableServerIsNamedWithoutItsPassword() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        StoreConfig unreachable = StoreConfig.defaults()
                .withUrl("jdbc:postgresql://127.0.0.1:" + port + "/healthmon?password=hunter2")
                .withCredentials("healthmon", "s3cret")
                .withConnectTimeout(Duration.ofSeconds(2));

        assertThatThrownBy(() -> open(unreachable))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:" + port + "/healthmon?password=***")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("s3cret"));
    }
}
