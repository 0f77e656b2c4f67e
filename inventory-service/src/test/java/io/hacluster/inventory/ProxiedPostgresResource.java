package io.hacluster.inventory;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import io.hacluster.infra.testing.PostgresTestResource;
import io.hacluster.infra.testing.TcpProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A fresh database of the test PostgreSQL whose every connection goes through a {@link TcpProxy} the test controls:
 * cutting it is a database outage (open connections break, new ones fail at once), restoring it ends the outage.
 */
public class ProxiedPostgresResource implements QuarkusTestResourceLifecycleManager {

    static volatile TcpProxy proxy;

    private final PostgresTestResource postgres = new PostgresTestResource();

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(postgres.start());
        URI url = URI.create(config.get("quarkus.datasource.jdbc.url").substring("jdbc:".length()));
        proxy = TcpProxy.start(url.getHost(), url.getPort());
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + proxy.port() + url.getPath());
        // while cut, a request waits this long for a connection before it is told 503
        config.put("quarkus.datasource.jdbc.acquisition-timeout", "1s");
        return config;
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
        postgres.stop();
    }
}
