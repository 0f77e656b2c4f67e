package io.hacluster.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import io.hacluster.events.Topics;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A real Kafka broker in KRaft mode, run from the Kafka jars in this JVM: a single broker, or one member of a cluster of
 * several (see {@link Member}). {@link #main} runs it as a child process for local clusters.
 */
public final class KafkaServer implements AutoCloseable {

    private final EmbeddedKafkaBroker broker;
    private final int brokers;

    private KafkaServer(EmbeddedKafkaBroker broker, int brokers) {
        this.broker = broker;
        this.brokers = brokers;
    }

    /**
     * One broker of a cluster of several, each broker its own KRaft controller too (combined mode): the controllers
     * elect a leader among themselves, so the cluster serves while a majority of them runs.
     *
     * @param nodeId this broker's id, 1 to {@code brokers}
     * @param clusterId the id every member's storage is formatted with
     * @param controllerPorts the controller port of broker 1, 2, ... in order
     */
    public record Member(int nodeId, String clusterId, List<Integer> controllerPorts) {

        public Member {
            controllerPorts = List.copyOf(controllerPorts);
            if (nodeId < 1 || nodeId > controllerPorts.size()) {
                throw new IllegalArgumentException(
                        "broker id " + nodeId + " is not one of 1.." + controllerPorts.size());
            }
        }

        int brokers() {
            return controllerPorts.size();
        }

        int controllerPort() {
            return controllerPorts.get(nodeId - 1);
        }

        /** {@code controller.quorum.voters}: {@code 1@localhost:p1,2@localhost:p2,...}. */
        String voters() {
            List<String> voters = new ArrayList<>();
            for (int i = 0; i < controllerPorts.size(); i++) {
                voters.add((i + 1) + "@localhost:" + controllerPorts.get(i));
            }
            return String.join(",", voters);
        }

        /** The replication factor of every topic: three at most. */
        short replication() {
            return (short) Math.min(3, brokers());
        }

        /** {@code min.insync.replicas}: with acks=all a send is done once a majority of the replicas have it. */
        int minInsyncReplicas() {
            return replication() / 2 + 1;
        }
    }

    /**
     * Starts one member of a cluster of several brokers. Every member must be started (each in its own process, in
     * any order) before the cluster serves: it needs a majority of its controllers.
     *
     * @param port this broker's client port
     * @param dataDir its log directory (its own: never shared by two members)
     */
    public static KafkaServer startMember(int port, Path dataDir, Member member) {
        Objects.requireNonNull(dataDir, "a member of a cluster keeps its data");
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                .withNodeId(member.nodeId())
                .withKafkaHost("localhost")
                .withKafkaPort(port)
                .withClusterId(member.clusterId())
                .withControllerPort(member.controllerPort())
                .withDeleteLogDirsOnClose(false)
                .withAdditionalProperties(props -> {
                    tune(props, dataDir, member.replication(), member.minInsyncReplicas());
                    props.put("controller.quorum.voters", member.voters());
                    // a broker killed outright is fenced (out of the ISRs, its leaderships moved) within about a
                    // second, not the nine seconds of Kafka's default session, and a killed active controller is
                    // replaced as fast: until then every acks=all send to a partition it replicated waits, and the
                    // agents' heartbeats must be acknowledged within their isolation timeout through a broker's death
                    props.put("broker.heartbeat.interval.ms", "250");
                    props.put("broker.session.timeout.ms", "1000");
                    props.put("controller.quorum.fetch.timeout.ms", "1000");
                    props.put("controller.quorum.election.timeout.ms", "500");
                    props.put("replica.lag.time.max.ms", "2000");
                });
        broker.start();
        return new KafkaServer(broker, member.brokers());
    }

    /**
     * Starts a broker.
     *
     * @param port the client port, 0 for any free port
     * @param dataDir the log directory, or null for a temporary one deleted on close
     */
    public static KafkaServer start(int port, Path dataDir) {
        return start(port, dataDir, List.of());
    }

    /**
     * An additional listener whose clients are told to connect to another port: a proxy in front of the listener, so
     * that a test can cut one client off the broker by closing its proxy.
     *
     * @param name the listener name, e.g. {@code PROXIED1}
     * @param port the port the broker listens on
     * @param advertisedPort the port clients of this listener are told to use (the proxy's)
     */
    public record ExtraListener(String name, int port, int advertisedPort) {

        /** Parses {@code NAME:port:advertisedPort}. */
        public static ExtraListener parse(String text) {
            String[] parts = text.split(":");
            if (parts.length != 3) {
                throw new IllegalArgumentException("an extra listener is NAME:port:advertisedPort, was '" + text + "'");
            }
            return new ExtraListener(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        }
    }

    /** Starts a broker with additional listeners (see {@link ExtraListener}). */
    public static KafkaServer start(int port, Path dataDir, List<ExtraListener> extraListeners) {
        int kafkaPort = port == 0 ? Ports.free() : port;
        return launch(kafkaPort, dataDir, props -> {
            if (!extraListeners.isEmpty()) {
                props.put("advertised.listeners", "PLAINTEXT://localhost:" + kafkaPort);
            }
            for (ExtraListener extra : extraListeners) {
                append(props, "listeners", extra.name() + "://localhost:" + extra.port());
                append(props, "advertised.listeners", extra.name() + "://localhost:" + extra.advertisedPort());
                append(props, "listener.security.protocol.map", extra.name() + ":PLAINTEXT");
            }
        });
    }

    /**
     * Starts a broker that listens on {@code port} but tells its clients to connect to {@code advertisedPort} on
     * localhost: with a {@code TcpProxy} from {@code advertisedPort} to {@code port}, every connection of every client
     * goes through the proxy, so that a test can cut the clients off the broker and let them back.
     *
     * @param port the port the broker listens on
     * @param advertisedPort the port clients are told to use (the proxy's)
     */
    public static KafkaServer startAdvertising(int port, int advertisedPort) {
        return launch(port, null, props -> props.put("advertised.listeners", "PLAINTEXT://localhost:" + advertisedPort));
    }

    private static KafkaServer launch(int kafkaPort, Path dataDir, java.util.function.Consumer<Properties> listeners) {
        Identity identity = Identity.of(dataDir);
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                .withNodeId(1)
                .withKafkaHost("localhost")
                .withKafkaPort(kafkaPort)
                .withClusterId(identity.clusterId())
                .withControllerPort(identity.controllerPort())
                .withDeleteLogDirsOnClose(dataDir == null)
                .withAdditionalProperties(props -> {
                    tune(props, dataDir, (short) 1, 1);
                    listeners.accept(props);
                });
        broker.start();
        return new KafkaServer(broker, 1);
    }

    /**
     * What a broker must keep to start again on its data: the cluster id its storage was formatted with, and its
     * controller's port. Kept in {@code <data-dir>/broker-identity.properties}; a broker without a data directory gets a
     * new one each time.
     */
    record Identity(String clusterId, int controllerPort) {

        static final String FILE = "broker-identity.properties";

        static Identity of(Path dataDir) {
            if (dataDir == null) {
                return new Identity(org.apache.kafka.common.Uuid.randomUuid().toString(), Ports.free());
            }
            Path file = dataDir.resolve(FILE);
            try {
                Files.createDirectories(dataDir);
                if (Files.exists(file)) {
                    Properties kept = new Properties();
                    try (var in = Files.newInputStream(file)) {
                        kept.load(in);
                    }
                    return new Identity(kept.getProperty("cluster.id"),
                            Integer.parseInt(kept.getProperty("controller.port")));
                }
                Identity fresh = new Identity(org.apache.kafka.common.Uuid.randomUuid().toString(), Ports.free());
                Properties kept = new Properties();
                kept.setProperty("cluster.id", fresh.clusterId());
                kept.setProperty("controller.port", Integer.toString(fresh.controllerPort()));
                try (var out = Files.newOutputStream(file)) {
                    kept.store(out, "the identity of the broker whose data is in this directory");
                }
                return fresh;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read or write " + file, e);
            }
        }
    }

    private static void tune(Properties props, Path dataDir, short replication, int minInsync) {
        if (dataDir != null) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            props.put("log.dirs", dataDir.toAbsolutePath().toString());
        }
        // Internal topics replicated as the system's own; consumers join a group without waiting.
        props.put("offsets.topic.replication.factor", Short.toString(replication));
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", Short.toString(replication));
        props.put("transaction.state.log.min.isr", Integer.toString(minInsync));
        props.put("default.replication.factor", Short.toString(replication));
        props.put("min.insync.replicas", Integer.toString(minInsync));
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "1");
    }

    private static void append(Properties props, String key, String value) {
        String current = props.getProperty(key);
        props.put(key, current == null || current.isBlank() ? value : current + "," + value);
    }

    public String bootstrapServers() {
        return broker.getAdvertisedListeners().split(",")[0].replace("PLAINTEXT://", "");
    }

    /**
     * Creates every topic of the system and its dead-letter topic, as laid out in {@link Topics#ALL}, replicated on up
     * to three brokers: with several, it first waits (up to two minutes) for every member to have joined.
     */
    public KafkaServer createTopics() {
        createTopics(bootstrapServers(), brokers);
        return this;
    }

    /** Creates every missing topic of the system and its dead-letter topic on a single-broker cluster. */
    public static void createTopics(String bootstrapServers) {
        createTopics(bootstrapServers, 1);
    }

    /**
     * Creates every missing topic of the system and its dead-letter topic on a cluster of {@code brokers} brokers,
     * once they have all joined; a topic that exists is left as it is.
     */
    public static void createTopics(String bootstrapServers, int brokers) {
        short replication = (short) Math.min(3, brokers);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            awaitBrokers(admin, brokers);
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topics.Spec spec : Topics.ALL) {
                if (!existing.contains(spec.name())) {
                    missing.add(newTopic(spec, replication));
                }
                String dlq = Topics.dlq(spec.name());
                if (!existing.contains(dlq)) {
                    missing.add(new NewTopic(dlq, 1, replication).configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1",
                            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(Topics.DLQ_MAX_MESSAGE_BYTES))));
                }
            }
            if (!missing.isEmpty()) {
                for (var created : admin.createTopics(missing).values().entrySet()) {
                    try {
                        created.getValue().get(30, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        // created meanwhile by another client (or by a retried request of this one): what we want
                        if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                            throw e;
                        }
                    }
                }
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not create topics on " + bootstrapServers + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    private static void awaitBrokers(Admin admin, int brokers)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            int joined = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            if (joined >= brokers) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new java.util.concurrent.TimeoutException(
                        "only " + joined + " of " + brokers + " brokers joined within two minutes");
            }
            Thread.sleep(200); // polling the cluster's membership: there is no event to wait for
        }
    }

    private static NewTopic newTopic(Topics.Spec spec, short replication) {
        Map<String, String> configs = new HashMap<>();
        if (spec.compacted()) {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        } else if (spec.retainForever()) {
            configs.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
        }
        return new NewTopic(spec.name(), spec.partitions(), replication).configs(configs);
    }

    @Override
    public void close() {
        broker.close();
    }

    /**
     * Runs a broker until the process is stopped. Arguments: {@code --port N} (default 9092), {@code --data-dir D}
     * (default: temporary), {@code --extra-listeners NAME:port:advertisedPort,...}; for one member of a cluster of
     * several, {@code --node-id I --cluster-id ID --controller-ports P1,P2,P3} (and then broker 1 creates the topics
     * once every member has joined). Prints {@code KAFKA READY <bootstrap>} once it serves (and topics exist).
     */
    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = Args.parse(args);
        int port = Integer.parseInt(options.getOrDefault("port", "9092"));
        Path dataDir = options.containsKey("data-dir") ? Path.of(options.get("data-dir")) : null;
        List<ExtraListener> extra = options.containsKey("extra-listeners")
                ? java.util.Arrays.stream(options.get("extra-listeners").split(",")).map(ExtraListener::parse).toList()
                : List.of();
        KafkaServer server;
        if (options.containsKey("controller-ports")) {
            Member member = new Member(Integer.parseInt(options.getOrDefault("node-id", "1")),
                    options.get("cluster-id"), java.util.Arrays.stream(options.get("controller-ports").split(","))
                            .map(Integer::valueOf).toList());
            server = startMember(port, dataDir, member);
            if (member.nodeId() == 1) {
                server.createTopics();
            }
        } else {
            server = start(port, dataDir, extra).createTopics();
        }
        Foreground.serve(server, "kafka", "KAFKA READY " + server.bootstrapServers(), server.broker::isRunning);
    }
}
