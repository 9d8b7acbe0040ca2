package dev.healthmon.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's contract on SQLite, plus what only a file can get wrong. */
class SqliteHistoryStoreTest extends HistoryStoreContract {

    @TempDir
    Path dir;

    @Override
    StoreConfig freshConfig() {
        return StoreConfig.defaults().withUrl("jdbc:sqlite:" + dir.resolve("data/healthmon.db"));
    }

    @Test
    void createsTheDirectoryAndUsesWalWithIncrementalVacuum() throws Exception {
        Path file = dir.resolve("data/healthmon.db");
        assertThat(file).exists();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            assertThat(single(statement, "PRAGMA journal_mode")).isEqualTo("wal");
            assertThat(single(statement, "PRAGMA auto_vacuum")).as("2 is incremental").isEqualTo("2");
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsRefusedAndLeftUntouched() throws Exception {
        Path file = dir.resolve("corrupt.db");
        byte[] content = "this is a note, not a database\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        Files.write(file, content);

        assertThatThrownBy(() -> open(StoreConfig.defaults().withUrl("jdbc:sqlite:" + file)))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a SQLite database");
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        assertThat(dir.resolve("corrupt.db-wal")).doesNotExist();
    }

    @Test
    void aDatabaseWithCorruptPagesIsRefusedAndLeftUntouched() throws Exception {
        Path file = dir.resolve("broken.db");
        byte[] content = new byte[8192];
        byte[] header = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, content, 0, header.length);
        for (int i = header.length; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        Files.write(file, content);

        assertThatThrownBy(() -> open(StoreConfig.defaults().withUrl("jdbc:sqlite:" + file)))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("jdbc:sqlite:" + file)
                .hasMessageContaining("corrupt");
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    @Test
    void aReadOnlyFileIsRefusedAndLeftUntouched() throws Exception {
        store.close();
        store = null;
        Path file = dir.resolve("data/healthmon.db");
        byte[] before = Files.readAllBytes(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));

        assertThatThrownBy(() -> open(config))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("read-only");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    private static String single(Statement statement, String sql) throws Exception {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
