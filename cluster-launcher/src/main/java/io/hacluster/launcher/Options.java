package io.hacluster.launcher;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.hacluster.infra.Args;
import io.hacluster.launcher.LocalCluster.Service;

/**
 * How the local cluster is laid out.
 *
 * @param home the project directory (where the modules' target/ folders are)
 * @param dataDir where logs, Kafka's and PostgreSQL's data and the shared storage go; cleared at start
 * @param nodes how many nodes (agents)
 * @param kafkaPort the broker's port
 * @param postgresPort PostgreSQL's port
 * @param basePort the inventory's HTTP port; the other services use base+2..base+4, node i's agent base+10+i
 * @param startTimeout how long each process may take to become ready
 * @param serviceProperties extra system properties per service module
 * @param agentProperties extra system properties for every agent
 * @param kafkaProxies per node id, a broker listener its agent reaches through a proxy (e.g. one a test controls, to
 *        cut that node off Kafka)
 * @param brokers how many Kafka brokers: 1, or 3 for a replicated cluster that survives the loss of one
 * @param extraKafkaPort with several brokers, the first of the further ports they use: the client ports of brokers 2,
 *        3, ... from there, then the controller ports of brokers 1, 2, 3, ...
 */
public record Options(Path home, Path dataDir, int nodes, int kafkaPort, int postgresPort, int basePort,
        Duration startTimeout, Map<String, Map<String, String>> serviceProperties, Map<String, String> agentProperties,
        Map<String, KafkaProxy> kafkaProxies, int brokers, int extraKafkaPort) {

    /** The most brokers a local cluster runs. */
    static final int MAX_BROKERS = 5;

    public Options {
        if (nodes < 2) {
            throw new IllegalArgumentException("a failover cluster needs at least 2 nodes, asked for " + nodes);
        }
        if (brokers < 1 || brokers > MAX_BROKERS || brokers == 2) {
            throw new IllegalArgumentException("--brokers must be 1, or 3 to " + MAX_BROKERS
                    + " (a KRaft cluster of 2 stops when either stops), was " + brokers);
        }
        if (brokers > 1 && !kafkaProxies.isEmpty()) {
            throw new IllegalArgumentException("a node's proxied broker listener needs a single broker");
        }
        serviceProperties = Map.copyOf(serviceProperties);
        agentProperties = Map.copyOf(agentProperties);
        kafkaProxies = Map.copyOf(kafkaProxies);
    }

    /** Options from command-line arguments; see {@link Main} for the list. */
    public static Options fromArgs(String[] args, Path home) {
        Map<String, String> a = Args.parse(args);
        List<String> known = List.of("nodes", "brokers", "data-dir", "kafka-port", "postgres-port", "base-port",
                "demo", "help");
        for (String key : a.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key + "; known: --" + String.join(", --", known));
            }
        }
        int kafkaPort = intOption(a, "kafka-port", 19092);
        return new Options(home, home.resolve(a.getOrDefault("data-dir", ".cluster")).toAbsolutePath(),
                intOption(a, "nodes", 3), kafkaPort, intOption(a, "postgres-port", 15432),
                intOption(a, "base-port", 8080), Duration.ofSeconds(180), Map.of(), Map.of(), Map.of(),
                intOption(a, "brokers", 1), kafkaPort + 1);
    }

    /**
     * Free ports everywhere, for tests that run beside other things: one block below the kernel's ephemeral range (so
     * that no outgoing connection takes one of them in the meantime). Kafka gets base+6, PostgreSQL base+7, and base+8
     * is left for a test's own use ({@link #sparePort()}); the ports after the agents' are kept for further brokers.
     */
    public static Options withFreePorts(Path home, Path dataDir, int nodes) {
        int extra = 2 * MAX_BROKERS - 1;
        int base = freePortRange(10 + nodes + 1 + extra);
        return new Options(home, dataDir, nodes, base + 6, base + 7, base, Duration.ofSeconds(240), Map.of(), Map.of(),
                Map.of(), 1, base + 10 + nodes + 1);
    }

    /** The same layout with {@code n} Kafka brokers. */
    public Options withBrokers(int n) {
        return new Options(home, dataDir, nodes, kafkaPort, postgresPort, basePort, startTimeout, serviceProperties,
                agentProperties, kafkaProxies, n, extraKafkaPort);
    }

    /** The client port of broker {@code i} (1-based). */
    public int brokerPort(int i) {
        return i == 1 ? kafkaPort : extraKafkaPort + i - 2;
    }

    /** The KRaft controller port of broker {@code i} (1-based) in a cluster of several brokers. */
    public int controllerPort(int i) {
        return extraKafkaPort + brokers - 1 + i - 1;
    }

    /** A port of the block that nothing in the cluster uses (with {@link #withFreePorts}). */
    public int sparePort() {
        return basePort + 8;
    }

    public Options withServiceProperty(String module, String key, String value) {
        Map<String, Map<String, String>> all = new HashMap<>(serviceProperties);
        Map<String, String> one = new HashMap<>(all.getOrDefault(module, Map.of()));
        one.put(key, value);
        all.put(module, one);
        return new Options(home, dataDir, nodes, kafkaPort, postgresPort, basePort, startTimeout, all, agentProperties,
                kafkaProxies, brokers, extraKafkaPort);
    }

    public Options withAgentProperty(String key, String value) {
        Map<String, String> all = new HashMap<>(agentProperties);
        all.put(key, value);
        return new Options(home, dataDir, nodes, kafkaPort, postgresPort, basePort, startTimeout, serviceProperties,
                all, kafkaProxies, brokers, extraKafkaPort);
    }

    /**
     * A broker listener for one node's agent, reached through a proxy.
     *
     * @param listenerPort the port the broker listens on for it
     * @param proxyPort the port the agent is told to use: the proxy's, which forwards to the listener
     */
    public record KafkaProxy(int listenerPort, int proxyPort) {
    }

    public Options withKafkaProxy(String nodeId, int listenerPort, int proxyPort) {
        Map<String, KafkaProxy> all = new HashMap<>(kafkaProxies);
        all.put(nodeId, new KafkaProxy(listenerPort, proxyPort));
        return new Options(home, dataDir, nodes, kafkaPort, postgresPort, basePort, startTimeout, serviceProperties,
                agentProperties, all, brokers, extraKafkaPort);
    }

    public int portOf(Service service) {
        return switch (service) {
            case INVENTORY -> basePort;
            case MONITOR -> basePort + 2;
            case PLACEMENT -> basePort + 3;
            case EXECUTOR -> basePort + 4;
        };
    }

    public int agentPort(int node) {
        return basePort + 10 + node;
    }

    /** Fails with the command to run when a service has not been packaged. */
    void checkBuilt() {
        List<String> missing = new ArrayList<>();
        for (String module : List.of("node-agent", "health-monitor", "placement-service", "failover-executor",
                "inventory-service")) {
            if (!Files.exists(home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar"))) {
                missing.add(module);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("not built yet: " + missing + "; run ./mvnw package -DskipTests in " + home);
        }
    }

    private static int intOption(Map<String, String> a, String key, int fallback) {
        String value = a.get(key);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a number, was '" + value + "'", e);
        }
    }

    /** The first port of {@code size} consecutive free ports. */
    static int freePortRange(int size) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = 20000 + (int) (Math.random() * 12000); // below the ephemeral range (32768 and up)
            boolean free = true;
            for (int p = first; p < first + size && free; p++) {
                try (ServerSocket socket = new ServerSocket(p)) {
                    socket.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return first;
            }
        }
        throw new IllegalStateException("no range of " + size + " free ports found");
    }
}
