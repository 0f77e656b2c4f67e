package io.hacluster.infra.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.testcontainers.postgresql.PostgreSQLContainer;

import io.hacluster.infra.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real PostgreSQL for {@code @QuarkusTest}s: one server per test JVM, and a fresh, empty database for every start
 * of the application, so that Flyway migrates from scratch and no test sees another's rows. Quarkus Dev Services for
 * data sources are switched off.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Server server;

    private record Server(String host, int port, String user, String password, String adminUrl) {

        String url(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }

    private static synchronized Server server() {
        if (server == null) {
            if (InfraMode.current() == InfraMode.TESTCONTAINERS) {
                InfraMode.requireDocker();
                @SuppressWarnings("resource") // lives as long as the test JVM; Testcontainers' reaper removes it
                PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
                container.start();
                server = new Server(container.getHost(), container.getMappedPort(5432), container.getUsername(),
                        container.getPassword(), container.getJdbcUrl());
            } else {
                PostgresServer embedded = PostgresServer.start(0, null);
                Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "test-postgres-shutdown"));
                server = new Server("localhost", embedded.port(), PostgresServer.USER, PostgresServer.PASSWORD,
                        embedded.jdbcUrl("postgres"));
            }
        }
        return server;
    }

    /** Creates a new empty database and returns its JDBC URL. */
    public static String newDatabase() {
        Server s = server();
        String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(s.adminUrl(), s.user(), s.password());
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name + ": " + e.getMessage(), e);
        }
        return s.url(name);
    }

    @Override
    public Map<String, String> start() {
        String url = newDatabase();
        Server s = server();
        return Map.of(
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", s.user(),
                "quarkus.datasource.password", s.password(),
                "quarkus.datasource.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // the server outlives each application start; the JVM shutdown hook stops it
    }
}
