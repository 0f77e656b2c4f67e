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
    private final Map<String, ManagedProcess> byName = new java.util.concurrent.ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Crashes> crashes = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Runnable> starters = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Thread supervisor;
    private volatile boolean closing;

    private static final Duration FORGIVEN_AFTER = Duration.ofMinutes(1);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    /** The crashes in a row of one process, and its restart when one is due. Used by the supervisor thread only. */
    private static final class Crashes {

        int count;
        long startedAt = System.nanoTime();
        long dueAt;
    }

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
        progress.accept("starting Kafka (KRaft) on " + (options.brokers() == 1
                ? "port " + options.kafkaPort()
                : options.brokers() + " brokers, " + bootstrapServers()) + " and PostgreSQL on port "
                + options.postgresPort());
        List<String> postgresArgs = List.of("io.hacluster.infra.PostgresServer", "--port",
                String.valueOf(options.postgresPort()), "--data-dir", options.dataDir().resolve("postgres").toString(),
                "--databases", "inventory,executor");
        String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
        List<ManagedProcess> brokers = new ArrayList<>();
        for (int i = 1; i <= options.brokers(); i++) {
            String name = brokerName(i);
            List<String> kafkaArgs = kafkaArgs(i, clusterId);
            starters.put(name, () -> startJava(name, List.of(), kafkaArgs, null));
            brokers.add(startJava(name, List.of(), kafkaArgs, null));
        }
        starters.put("postgres", () -> startJava("postgres", List.of(), postgresArgs, null));
        ManagedProcess postgres = startJava("postgres", List.of(), postgresArgs, null);
        for (ManagedProcess broker : brokers) {
            broker.awaitLogLine("KAFKA READY", Duration.ofSeconds(120));
        }
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
        supervise();
    }

    /**
     * Supervises every process as systemd or Kubernetes would: one that exits without being stopped on purpose is
     * started again, on the same data and settings, after a pause that doubles with each crash in a row (1 s up to
     * 30 s), and the restart is reported. A process that then runs for a minute is forgiven its crashes. What a dead
     * process leaves behind (a PostgreSQL postmaster outliving its wrapper) is killed first.
     */
    private void supervise() {
        Thread t = new Thread(() -> {
            while (!closing) {
                for (ManagedProcess p : List.copyOf(processes)) {
                    if (closing) {
                        return;
                    }
                    p.rememberDescendants();
                    if (!p.isAlive() && !p.meantToStop()) {
                        restartCrashed(p);
                    }
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "cluster-supervisor");
        t.setDaemon(true);
        supervisor = t;
        t.start();
    }

    /** The process name of broker {@code i}: {@code kafka} for a single broker, {@code kafka-1}, ... for several. */
    public String brokerName(int i) {
        return options.brokers() == 1 ? "kafka" : "kafka-" + i;
    }

    private List<String> kafkaArgs(int i, String clusterId) {
        String dataDir = options.dataDir().resolve(options.brokers() == 1 ? "kafka" : "kafka-" + i).toString();
        List<String> args = new ArrayList<>(List.of("io.hacluster.infra.KafkaServer", "--port",
                String.valueOf(options.brokerPort(i)), "--data-dir", dataDir));
        if (options.brokers() > 1) {
            List<String> controllers = new ArrayList<>();
            for (int b = 1; b <= options.brokers(); b++) {
                controllers.add(String.valueOf(options.controllerPort(b)));
            }
            args.addAll(List.of("--node-id", String.valueOf(i), "--cluster-id", clusterId, "--controller-ports",
                    String.join(",", controllers)));
        }
        if (!options.kafkaProxies().isEmpty()) {
            args.add("--extra-listeners");
            args.add(options.kafkaProxies().entrySet().stream()
                    .map(e -> "PROXY" + e.getKey().replaceAll("[^A-Za-z0-9]", "").toUpperCase(java.util.Locale.ROOT)
                            + ":" + e.getValue().listenerPort() + ":" + e.getValue().proxyPort())
                    .collect(java.util.stream.Collectors.joining(",")));
        }
        return args;
    }

    private void restartCrashed(ManagedProcess p) {
        Runnable starter = starters.get(p.name());
        if (starter == null) {
            return;
        }
        Crashes crashes = this.crashes.computeIfAbsent(p.name(), n -> new Crashes());
        long now = System.nanoTime();
        if (crashes.dueAt == 0) {
            boolean ranLong = now - crashes.startedAt > FORGIVEN_AFTER.toNanos();
            crashes.count = ranLong ? 1 : crashes.count + 1;
            long pause = Math.min(MAX_PAUSE.toSeconds(), 1L << Math.min(5, crashes.count - 1));
            crashes.dueAt = now + Duration.ofSeconds(pause).toNanos();
            progress.accept(p.name() + " exited with code " + p.exitCode() + "; starting it again in " + pause
                    + " s (crash " + crashes.count + " in a row). End of its log:\n" + p.tail(10));
            return;
        }
        if (now < crashes.dueAt) {
            return;
        }
        p.killOrphans();
        processes.remove(p);
        byName.remove(p.name());
        try {
            starter.run();
            progress.accept(p.name() + " started again (pid " + byName.get(p.name()).pid() + ")");
        } catch (RuntimeException e) {
            progress.accept(p.name() + " could not be started again: " + e.getMessage());
        }
        crashes.dueAt = 0;
        crashes.startedAt = now;
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
        if (service == Service.MONITOR) {
            // the monitor reads the agents' witness slots on the shared storage before it declares a node failed
            props.add("-Dmonitor.witness.root=" + storageRoot());
        }
        if (service == Service.INVENTORY) {
            // and the inventory, for the nodes whose statuses no longer reach it
            props.add("-Dinventory.witness.root=" + storageRoot());
        }
        options.serviceProperties().getOrDefault(service.module, Map.of())
                .forEach((k, v) -> props.add("-D" + k + "=" + v));
        starters.put(service.module, () -> startService(service));
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
        starters.put(node, () -> startAgent(i));
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

    /** Kafka broker {@code i} (1-based; the only one is 1). */
    public ManagedProcess broker(int i) {
        return process(brokerName(i));
    }

    /**
     * Starts broker {@code i} again on its data, after a test stopped or killed it on purpose, and waits until it
     * serves.
     */
    public ManagedProcess startBroker(int i) {
        return startServerAgain(brokerName(i), "KAFKA READY");
    }

    /** Starts PostgreSQL again on its data, after a test stopped or killed it on purpose, and waits until it serves. */
    public ManagedProcess startPostgres() {
        return startServerAgain("postgres", "POSTGRES READY");
    }

    private ManagedProcess startServerAgain(String name, String readyLine) {
        ManagedProcess previous = byName.remove(name);
        if (previous != null) {
            processes.remove(previous);
            previous.killOrphans();
        }
        starters.get(name).run();
        ManagedProcess started = byName.get(name);
        started.awaitLogLine(readyLine, Duration.ofSeconds(120));
        return started;
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
        List<String> servers = new ArrayList<>();
        for (int i = 1; i <= options.brokers(); i++) {
            servers.add("localhost:" + options.brokerPort(i));
        }
        return String.join(",", servers);
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

    /**
     * Waits for the process's readiness, saying every 15 s what it still waits for (the readiness answer); fails, with
     * the end of its log, when it dies or is not ready within the start timeout.
     */
    private void awaitReady(ManagedProcess process, int port) {
        URI ready = URI.create("http://localhost:" + port + "/q/health/ready");
        long start = System.nanoTime();
        long[] nextReport = {start + REPORT_EVERY.toNanos()};
        process.awaitCondition(() -> {
            if (isUp(ready)) {
                return true;
            }
            if (System.nanoTime() > nextReport[0]) {
                nextReport[0] += REPORT_EVERY.toNanos();
                progress.accept("  still waiting for " + process.name() + " to be ready ("
                        + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s): " + readiness(ready));
            }
            return false;
        }, options.startTimeout(), "readiness on " + ready);
        progress.accept("  " + process.name() + " ready on port " + port + " (pid " + process.pid() + ")");
    }

    private static final Duration REPORT_EVERY = Duration.ofSeconds(15);

    /** What a readiness endpoint answers, shortened, or why it does not. */
    private String readiness(URI uri) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body().replaceAll("\\s+", " ");
            return response.statusCode() + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        } catch (IOException e) {
            return "not answering (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
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
        closing = true;
        Thread t = supervisor;
        if (t != null) {
            t.interrupt();
        }
        // in this order whatever was started again since: a broker restarted by a test must not stop before the agents
        List<ManagedProcess> reversed = new ArrayList<>(processes);
        java.util.Collections.reverse(reversed);
        reversed.sort(Comparator.comparingInt(p -> p.name().startsWith("node-")
                ? 0
                : p.name().startsWith("kafka") || p.name().equals("postgres") ? 2 : 1));
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
