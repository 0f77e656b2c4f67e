package io.hacluster.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server started from the binaries packaged in a Maven jar (no installation). {@link #main} runs it
 * as a child process for local clusters.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts a server.
     *
     * @param port the port, 0 for any free port
     * @param dataDir the data directory, kept between runs; null for a temporary one
     */
    public static PostgresServer start(int port, Path dataDir) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port == 0 ? Ports.free() : port)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off");
            if (dataDir != null) {
                stopLeftover(dataDir);
                Files.createDirectories(dataDir);
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            PostgresServer server = new PostgresServer(builder.start());
            server.execute("ALTER USER " + USER + " WITH PASSWORD '" + PASSWORD + "'");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL: " + e.getMessage(), e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** Creates a database unless it exists. */
    public PostgresServer createDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("database names are lower-case letters, digits and _: " + name);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (Statement create = c.createStatement()) {
                        create.execute("CREATE DATABASE " + name);
                    }
                }
            }
            return this;
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + ": " + e.getMessage(), e);
        }
    }

    private void execute(String sql) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + e.getMessage(), e);
        }
    }

    /**
     * A server of this data directory that outlived the process that started it (that process was killed: the
     * postmaster is not its child) still holds the port and the data: it is stopped before a new one starts.
     */
    private static void stopLeftover(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            ProcessHandle.of(pid).filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
                    .ifPresent(p -> {
                        System.out.println("stopping the PostgreSQL server " + pid + " left over on " + dataDir);
                        p.destroyForcibly();
                        p.onExit().join();
                    });
        } catch (IOException | RuntimeException e) {
            System.out.println("could not check " + pidFile + " for a left-over server: " + e.getMessage());
        }
    }

    /** Whether the server answers a query within two seconds. */
    boolean answers() {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(2);
            s.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a server until the process is stopped. Arguments: {@code --port N} (default 5432), {@code --data-dir D},
     * {@code --databases a,b}. Prints {@code POSTGRES READY <port>} once the databases exist.
     */
    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = Args.parse(args);
        int port = Integer.parseInt(options.getOrDefault("port", "5432"));
        Path dataDir = options.containsKey("data-dir") ? Path.of(options.get("data-dir")) : null;
        PostgresServer server = start(port, dataDir);
        Arrays.stream(options.getOrDefault("databases", "").split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .forEach(server::createDatabase);
        Foreground.serve(server, "postgres", "POSTGRES READY " + server.port(), server::answers);
    }
}
