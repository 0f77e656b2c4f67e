package io.hacluster.agent;

import java.util.Map;

import org.apache.kafka.common.errors.TopicExistsException;

import io.hacluster.infra.KafkaServer;
import io.hacluster.infra.testing.TcpProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A broker of its own whose every client connection goes through a {@link TcpProxy} the test controls, so that the
 * agent can be cut off from Kafka (a network partition) and let back.
 */
public class ProxiedKafkaResource implements QuarkusTestResourceLifecycleManager {

    static volatile TcpProxy proxy;
    static volatile KafkaServer broker;

    @Override
    public Map<String, String> start() {
        int brokerPort = io.hacluster.infra.Ports.free();
        proxy = TcpProxy.start("localhost", brokerPort);
        broker = KafkaServer.startAdvertising(brokerPort, proxy.port());
        createTopics(broker);
        return Map.of("kafka.bootstrap.servers", bootstrapServers(), "quarkus.kafka.devservices.enabled", "false");
    }

    /**
     * Creates the topics, again if a first try ran into its own retry: on a busy machine the admin client may time
     * out a creation the broker then carries out, and its retry finds the topics there ({@code TopicExistsException}).
     * A second try creates only what is still missing.
     */
    static void createTopics(KafkaServer broker) {
        for (int attempt = 1;; attempt++) {
            try {
                broker.createTopics();
                return;
            } catch (IllegalStateException e) {
                if (attempt >= 3 || !(rootCause(e) instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    static String bootstrapServers() {
        return "localhost:" + proxy.port();
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }
}
