package io.hacluster.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hacluster.events.Topics;
import io.hacluster.infra.testing.TcpProxy;
import io.hacluster.infra.testing.TestKafka;

class EmbeddedInfraTest {

    @Test
    void shouldStartAKraftBrokerWithEveryTopicLaidOutAsTheContractSays() throws Exception {
        try (KafkaServer kafka = KafkaServer.start(0, null).createTopics();
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            KafkaServer.createTopics(kafka.bootstrapServers()); // a second time changes nothing

            var described = admin
                    .describeTopics(List.of(Topics.NODE_STATUS, Topics.NODE_HEALTH, Topics.dlq(Topics.NODE_HEALTH)))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(described.get(Topics.NODE_STATUS).partitions()).hasSize(Topics.DATA_PLANE_PARTITIONS);
            assertThat(described.get(Topics.NODE_HEALTH).partitions()).hasSize(1);
            assertThat(described.get(Topics.dlq(Topics.NODE_HEALTH)).partitions()).hasSize(1);

            ConfigResource status = new ConfigResource(ConfigResource.Type.TOPIC, Topics.NODE_STATUS);
            var config = admin.describeConfigs(List.of(status)).all().get(30, TimeUnit.SECONDS).get(status);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void shouldCutOffAClientThatReachesTheBrokerThroughAProxyAndLetItBackIn() throws Exception {
        int listenerPort = io.hacluster.infra.Ports.free();
        try (TcpProxy proxy = TcpProxy.start("localhost", listenerPort);
                KafkaServer kafka = KafkaServer.start(0, null,
                        List.of(new KafkaServer.ExtraListener("PROXIED", listenerPort, proxy.port()))).createTopics()) {
            int proxyPort = proxy.port();
            assertThat(kafka.bootstrapServers()).doesNotContain(String.valueOf(proxyPort));
            try (Admin viaProxy = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + proxyPort,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000", AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    "2000"))) {
                var nodes = viaProxy.describeCluster().nodes().get(10, TimeUnit.SECONDS);
                assertThat(nodes).extracting(org.apache.kafka.common.Node::port).containsExactly(proxyPort);

                proxy.cut();
                assertThatThrownBy(() -> viaProxy.listTopics().names().get(10, TimeUnit.SECONDS))
                        .isInstanceOf(java.util.concurrent.ExecutionException.class);

                proxy.restore();
                assertThat(viaProxy.listTopics().names().get(10, TimeUnit.SECONDS)).contains(Topics.NODE_HEALTH);
            }
        }
    }

    @Test
    void shouldStartPostgresAndCreateDatabasesOnce() throws Exception {
        try (PostgresServer postgres = PostgresServer.start(0, null)) {
            postgres.createDatabase("inventory").createDatabase("inventory");

            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("inventory"), PostgresServer.USER,
                    PostgresServer.PASSWORD); ResultSet rs = c.createStatement().executeQuery("SELECT current_database()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("inventory");
            }
        }
    }

    @Test
    void shouldStartABrokerAgainOnItsDataWithEveryRecordKept(@TempDir Path dir) throws Exception {
        int port = Ports.free();
        try (KafkaServer kafka = KafkaServer.start(port, dir).createTopics();
                TestKafka client = new TestKafka(kafka.bootstrapServers())) {
            client.sendRaw(Topics.CLUSTER_ADMIN, "k", "kept".getBytes(StandardCharsets.UTF_8));
        }

        try (KafkaServer again = KafkaServer.start(port, dir).createTopics();
                TestKafka client = new TestKafka(again.bootstrapServers())) {
            assertThat(client.awaitRecords(Topics.CLUSTER_ADMIN,
                    r -> "kept".equals(new String(r.value(), StandardCharsets.UTF_8)), 1, Duration.ofSeconds(30)))
                    .hasSize(1);
        }
    }

    @Test
    void shouldRunThreeBrokersThatReplicateEveryTopicAndServeOnWhenOneStops(@TempDir Path dir) throws Exception {
        List<Integer> controllers = List.of(Ports.free(), Ports.free(), Ports.free());
        List<Integer> ports = List.of(Ports.free(), Ports.free(), Ports.free());
        String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
        // every member must start before any serves: a controller waits for a majority of voters
        List<java.util.concurrent.CompletableFuture<KafkaServer>> starting = new java.util.ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            int id = i;
            starting.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> KafkaServer.startMember(
                    ports.get(id - 1), dir.resolve("kafka-" + id), new KafkaServer.Member(id, clusterId, controllers))));
        }
        List<KafkaServer> members = new java.util.ArrayList<>();
        for (var s : starting) {
            members.add(s.get(120, TimeUnit.SECONDS));
        }
        String bootstrap = String.join(",", ports.stream().map(p -> "localhost:" + p).toList());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            members.get(0).createTopics();

            var described = admin.describeTopics(List.of(Topics.NODE_HEALTH, Topics.dlq(Topics.NODE_HEALTH)))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(described.get(Topics.NODE_HEALTH).partitions().get(0).replicas()).hasSize(3);
            assertThat(described.get(Topics.dlq(Topics.NODE_HEALTH)).partitions().get(0).replicas()).hasSize(3);
            ConfigResource health = new ConfigResource(ConfigResource.Type.TOPIC, Topics.NODE_HEALTH);
            assertThat(admin.describeConfigs(List.of(health)).all().get(30, TimeUnit.SECONDS).get(health)
                    .get("min.insync.replicas").value()).isEqualTo("2");

            int leader = described.get(Topics.NODE_HEALTH).partitions().get(0).leader().id();
            members.get(leader - 1).close();

            try (TestKafka client = new TestKafka(bootstrap)) {
                client.sendRaw(Topics.NODE_HEALTH, "k", "after".getBytes(StandardCharsets.UTF_8));
                assertThat(client.awaitRecords(Topics.NODE_HEALTH,
                        r -> "after".equals(new String(r.value(), StandardCharsets.UTF_8)), 1, Duration.ofSeconds(60)))
                        .as("written and read with the leader's broker stopped").hasSize(1);
            }
        } finally {
            members.forEach(KafkaServer::close);
        }
    }
}
