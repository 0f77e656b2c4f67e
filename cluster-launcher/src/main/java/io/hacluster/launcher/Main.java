package io.hacluster.launcher;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the whole cluster on this machine until Ctrl-C. Options:
 * <ul>
 * <li>{@code --nodes N}: number of nodes (default 3)</li>
 * <li>{@code --brokers N}: Kafka brokers, 1 (default) or 3 (replicated: the cluster survives the loss of one)</li>
 * <li>{@code --data-dir DIR}: logs, data and shared storage (default .cluster; cleared at start)</li>
 * <li>{@code --kafka-port P} (default 19092), {@code --postgres-port P} (default 15432)</li>
 * <li>{@code --base-port P}: inventory API port (default 8080); monitor +2, placement +3, executor +4, node i's agent
 * +10+i</li>
 * <li>{@code --demo}: once the cluster is steady, cut node 1's power and narrate the failover, then bring it back</li>
 * </ul>
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("hacluster.home", ".")).toAbsolutePath().normalize();
        Options options;
        try {
            if (java.util.List.of(args).contains("--help")) {
                System.out.println(usage());
                return;
            }
            options = Options.fromArgs(args, home);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        boolean demo = java.util.List.of(args).contains("--demo");
        Console console = new Console();
        LocalCluster cluster;
        try {
            cluster = LocalCluster.start(options, console::step);
        } catch (RuntimeException e) {
            console.error("the cluster did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            console.step("stopping everything...");
            cluster.close();
            console.step("stopped; logs are in " + options.dataDir().resolve("logs"));
            stopped.countDown();
        }, "cluster-shutdown"));
        try {
            ClusterView view = new ClusterView(cluster);
            view.defineDemoGroups(console);
            view.awaitSteady(console, java.time.Duration.ofSeconds(120));
            view.print(console);
            if (demo) {
                new Demo(cluster, view, console).run();
            }
            console.step("running until Ctrl-C");
        } catch (RuntimeException e) {
            console.error(e.getMessage());
            console.error("logs are in " + options.dataDir().resolve("logs"));
        }
        stopped.await();
    }

    static String usage() {
        return """
                usage: ./cluster [--nodes N] [--brokers N] [--data-dir DIR] [--kafka-port P] [--postgres-port P] [--base-port P] [--demo]
                  --nodes N          nodes in the cluster (default 3, at least 2)
                  --brokers N        Kafka brokers: 1 (default), or 3 replicating every topic (ports from
                                     kafka-port: clients P, P+1, P+2; controllers P+3, P+4, P+5)
                  --data-dir DIR     logs, Kafka and PostgreSQL data, shared storage (default .cluster, cleared at start)
                  --kafka-port P     Kafka broker port (default 19092)
                  --postgres-port P  PostgreSQL port (default 15432)
                  --base-port P      inventory API port (default 8080); monitor +2, placement +3, executor +4,
                                     node i's agent +10+i
                  --demo             once steady, cut node 1's power, show the failover, then bring node 1 back
                """;
    }
}
