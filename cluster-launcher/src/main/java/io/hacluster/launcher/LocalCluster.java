package io.hacluster.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The whole system on one machine, every part its own process: a Kafka broker (KRaft, from the Kafka jars), a
 * PostgreSQL server (embedded binaries), the five services from their packaged jars, and node agents using the local
 * process runtime and shared-directory storage. {@link #close} stops everything it started.
 */
public final class LocalCluster implements AutoCloseable {

    /** The services other than the agents, in start order, with the database each one needs. */
    enum Service {

        INVENTORY("inventory-service", "inventory"), MONITOR("health-monitor", null), PLACEMENT("placement-service",
                null), EXECUTOR("failover-executor", "executor");

        final String module;
        final String database;

        Service(String module, String database) {
            this.module = module;
            this.database = database;
        }
    }

    private final Options options;
    private final Consumer<String> progress;
    private final List<ManagedProcess> processes = new CopyOnWriteArrayList<>();
    private final Map<String, ManagedProcess> byName = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LocalCluster(Options options, Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Starts everything and waits until every part is ready. */
    public static LocalCluster start(Options options, Consumer<String> progress) {
        LocalCluster cluster = new LocalCluster(options, progress);
        try {
            cluster.startAll();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll() {
        options.checkBuilt();
        wipe(options.dataDir());
        progress.accept("starting Kafka (KRaft) on port " + options.kafkaPort() + " and PostgreSQL on port "
                + options.postgresPort());
        List<String> kafkaArgs = new ArrayList<>(List.of("io.hacluster.infra.KafkaServer", "--port",
                String.valueOf(options.kafkaPort()), "--data-dir", options.dataDir().resolve("kafka").toString()));
        if (!options.kafkaProxies().isEmpty()) {
            kafkaArgs.add("--extra-listeners");
            kafkaArgs.add(options.kafkaProxies().entrySet().stream()
                    .map(e -> "PROXY" + e.getKey().replaceAll("[^A-Za-z0-9]", "").toUpperCase(java.util.Locale.ROOT)
                            + ":" + e.getValue().listenerPort() + ":" + e.getValue().proxyPort())
                    .collect(java.util.stream.Collectors.joining(",")));
        }
        ManagedProcess kafka = startJava("kafka", List.of(), kafkaArgs, null);
        ManagedProcess postgres = startJava("postgres", List.of(), List.of("io.hacluster.infra.PostgresServer", "--port",
                String.valueOf(options.postgresPort()), "--data-dir", options.dataDir().resolve("postgres").toString(),
                "--databases", "inventory,executor"), null);
        kafka.awaitLogLine("KAFKA READY", Duration.ofSeconds(120));
        postgres.awaitLogLine("POSTGRES READY", Duration.ofSeconds(120));

        progress.accept("starting the services: inventory, health-monitor, placement, executor");
        for (Service service : Service.values()) {
            startService(service);
        }
        for (Service service : Service.values()) {
            awaitReady(byName.get(service.module), options.portOf(service));
        }
        progress.accept("starting " + options.nodes() + " node agents");
        for (int i = 1; i <= options.nodes(); i++) {
            startAgent(i);
        }
        for (int i = 1; i <= options.nodes(); i++) {
            awaitReady(byName.get(nodeId(i)), options.agentPort(i));
        }
    }

    private void startService(Service service) {
        List<String> props = new ArrayList<>(List.of(
                "-Dquarkus.http.port=" + options.portOf(service),
                "-Dkafka.bootstrap.servers=" + bootstrapServers()));
        if (service.database != null) {
            props.add("-Dquarkus.datasource.jdbc.url=jdbc:postgresql://localhost:" + options.postgresPort() + "/"
                    + service.database);
            props.add("-Dquarkus.datasource.username=postgres");
            props.add("-Dquarkus.datasource.password=postgres");
        }
        options.serviceProperties().getOrDefault(service.module, Map.of())
                .forEach((k, v) -> props.add("-D" + k + "=" + v));
        startJava(service.module, props, List.of(), jarOf(service.module));
    }

    /** Starts (or restarts) the agent of node {@code i}. */
    public ManagedProcess startAgent(int i) {
        String node = nodeId(i);
        List<String> props = new ArrayList<>(List.of(
                "-Dquarkus.http.port=" + options.agentPort(i),
                "-Dkafka.bootstrap.servers=" + agentBootstrap(node),
                "-Dagent.node-id=" + node));
        AgentProfile.of(options, i).forEach((k, v) -> props.add("-D" + k + "=" + v));
        ManagedProcess previous = byName.remove(node);
        if (previous != null) {
            processes.remove(previous);
        }
        return startJava(node, props, List.of(), jarOf("node-agent"));
    }

    private String agentBootstrap(String node) {
        Options.KafkaProxy proxy = options.kafkaProxies().get(node);
        return proxy == null ? bootstrapServers() : "localhost:" + proxy.proxyPort();
    }

    /** Starts (or restarts) one of the services. */
    public ManagedProcess restartService(Service service) {
        ManagedProcess previous = byName.remove(service.module);
        if (previous != null) {
            processes.remove(previous);
            previous.stop(Duration.ofSeconds(10));
        }
        startService(service);
        ManagedProcess started = byName.get(service.module);
        awaitReady(started, options.portOf(service));
        return started;
    }

    public void awaitAgentReady(int i) {
        awaitReady(byName.get(nodeId(i)), options.agentPort(i));
    }

    public static String nodeId(int i) {
        return "node-" + i;
    }

    public ManagedProcess process(String name) {
        ManagedProcess p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no process named " + name);
        }
        return p;
    }

    public ManagedProcess agent(int i) {
        return process(nodeId(i));
    }

    public ManagedProcess service(Service service) {
        return process(service.module);
    }

    public Options options() {
        return options;
    }

    public String bootstrapServers() {
        return "localhost:" + options.kafkaPort();
    }

    public String inventoryUrl() {
        return "http://localhost:" + options.portOf(Service.INVENTORY);
    }

    public Path storageRoot() {
        return options.dataDir().resolve("storage");
    }

    private ManagedProcess startJava(String name, List<String> jvmProps, List<String> mainAndArgs, Path jar) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xshare:auto"));
        command.addAll(jvmProps);
        if (jar != null) {
            command.add("-jar");
            command.add(jar.toString());
        } else {
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.addAll(mainAndArgs);
        }
        ManagedProcess process = ManagedProcess.start(name, command, Map.of(),
                options.dataDir().resolve("logs").resolve(name + ".log"));
        processes.add(process);
        byName.put(name, process);
        return process;
    }

    private void awaitReady(ManagedProcess process, int port) {
        URI ready = URI.create("http://localhost:" + port + "/q/health/ready");
        process.awaitCondition(() -> isUp(ready), options.startTimeout(), "readiness on " + ready);
        progress.accept("  " + process.name() + " ready on port " + port + " (pid " + process.pid() + ")");
    }

    private boolean isUp(URI uri) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Path jarOf(String module) {
        return options.home().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Stops everything it started: agents first (their containers with them), then services, then the servers. */
    @Override
    public void close() {
        List<ManagedProcess> reversed = new ArrayList<>(processes);
        java.util.Collections.reverse(reversed);
        for (ManagedProcess p : reversed) {
            p.stop(Duration.ofSeconds(10));
        }
        processes.clear();
        byName.clear();
    }

    static void wipe(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not clear " + dir, e);
        }
    }
}
