package io.hacluster.agent;

import java.util.Map;

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
        broker = KafkaServer.startAdvertising(brokerPort, proxy.port()).createTopics();
        return Map.of("kafka.bootstrap.servers", bootstrapServers(), "quarkus.kafka.devservices.enabled", "false");
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
