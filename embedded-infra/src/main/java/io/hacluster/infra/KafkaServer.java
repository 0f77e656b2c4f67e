package io.hacluster.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * A real single-node Kafka broker in KRaft mode, run from the Kafka jars in this JVM. {@link #main} runs it as a
 * child process for local clusters.
 */
public final class KafkaServer implements AutoCloseable {

    private final EmbeddedKafkaBroker broker;

    private KafkaServer(EmbeddedKafkaBroker broker) {
        this.broker = broker;
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
                    tune(props, dataDir);
                    listeners.accept(props);
                });
        broker.start();
        return new KafkaServer(broker);
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

    private static void tune(Properties props, Path dataDir) {
        if (dataDir != null) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            props.put("log.dirs", dataDir.toAbsolutePath().toString());
        }
        // One broker: every internal topic has one replica; consumers join a group without waiting.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
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

    /** Creates every topic of the system and its dead-letter topic, as laid out in {@link Topics#ALL}. */
    public KafkaServer createTopics() {
        createTopics(bootstrapServers());
        return this;
    }

    /** Creates every missing topic of the system and its dead-letter topic on the given cluster. */
    public static void createTopics(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topics.Spec spec : Topics.ALL) {
                if (!existing.contains(spec.name())) {
                    missing.add(newTopic(spec));
                }
                String dlq = Topics.dlq(spec.name());
                if (!existing.contains(dlq)) {
                    missing.add(new NewTopic(dlq, 1, (short) 1).configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1",
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

    private static NewTopic newTopic(Topics.Spec spec) {
        Map<String, String> configs = new HashMap<>();
        if (spec.compacted()) {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        } else if (spec.retainForever()) {
            configs.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
        }
        return new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(configs);
    }

    @Override
    public void close() {
        broker.close();
    }

    /**
     * Runs a broker until the process is stopped. Arguments: {@code --port N} (default 9092), {@code --data-dir D}
     * (default: temporary), {@code --extra-listeners NAME:port:advertisedPort,...}. Prints
     * {@code KAFKA READY <bootstrap>} once topics exist.
     */
    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = Args.parse(args);
        int port = Integer.parseInt(options.getOrDefault("port", "9092"));
        Path dataDir = options.containsKey("data-dir") ? Path.of(options.get("data-dir")) : null;
        List<ExtraListener> extra = options.containsKey("extra-listeners")
                ? java.util.Arrays.stream(options.get("extra-listeners").split(",")).map(ExtraListener::parse).toList()
                : List.of();
        KafkaServer server = start(port, dataDir, extra).createTopics();
        Foreground.serve(server, "kafka", "KAFKA READY " + server.bootstrapServers(), server.broker::isRunning);
    }
}
