package io.hacluster.infra.testing;

import java.util.Map;

import org.testcontainers.kafka.KafkaContainer;

import io.hacluster.infra.KafkaServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Kafka broker for {@code @QuarkusTest}s: started once per test JVM, with every topic of the system created,
 * and shared by every test class (a broker restart would only slow the suite down). Quarkus Dev Services for Kafka
 * are switched off.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private static String bootstrapServers;

    /** The broker's address, starting it if needed; for tests that talk to Kafka directly. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            bootstrapServers = startBroker();
            KafkaServer.createTopics(bootstrapServers);
        }
        return bootstrapServers;
    }

    private static String startBroker() {
        if (InfraMode.current() == InfraMode.TESTCONTAINERS) {
            InfraMode.requireDocker();
            @SuppressWarnings("resource") // lives as long as the test JVM; Testcontainers' reaper removes it
            KafkaContainer container = new KafkaContainer("apache/kafka-native:4.1.2");
            container.start();
            return container.getBootstrapServers();
        }
        KafkaServer server = KafkaServer.start(0, null);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-kafka-shutdown"));
        return server.bootstrapServers();
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "kafka.bootstrap.servers", bootstrapServers(),
                "quarkus.kafka.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // the broker outlives each application start; the JVM shutdown hook stops it
    }
}
