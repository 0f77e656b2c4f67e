package io.hacluster.launcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.hacluster.events.Topics;
import io.restassured.RestAssured;

/**
 * The local cluster on three Kafka brokers ({@code ./cluster --brokers 3}): one broker killed outright in the middle
 * of a failover costs nothing. The failover completes, and no container of a surviving node stops: no agent lost its
 * heartbeats' acknowledgements long enough to fence itself.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ReplicatedBrokerIT {

    static final Duration LONG = Duration.ofSeconds(120);
    static final int NODES = 3;
    static final List<String> VOLUMES = IntStream.rangeClosed(1, 6).mapToObj(i -> "vol-b" + i).toList();

    static LocalCluster cluster;
    static Path fenceGate;

    @BeforeAll
    static void startCluster() throws IOException {
        Path home = Path.of(System.getProperty("hacluster.home", "..")).toAbsolutePath().normalize();
        Path dataDir = home.resolve("cluster-launcher/target/it-brokers");
        Path fencing = home.resolve("cluster-launcher/target/it-brokers-fencing");
        LocalCluster.wipe(fencing);
        Files.createDirectories(fencing);
        // power fencing that holds the failover in FENCING until the test opens the gate: the broker dies mid-failover
        fenceGate = fencing.resolve("open");
        Path fence = fencing.resolve("fence.sh");
        Files.writeString(fence, "#!/bin/sh\n# powers a node off once the test lets it\n"
                + "while [ ! -e \"" + fenceGate + "\" ]; do sleep 0.1; done\necho \"$1 powered off\"\n");
        Files.setPosixFilePermissions(fence, PosixFilePermissions.fromString("rwxr-xr-x"));
        Options options = Options.withFreePorts(home, dataDir, NODES).withBrokers(3)
                .withServiceProperty("failover-executor", "executor.fencing.methods", "power")
                .withServiceProperty("failover-executor", "executor.fencing.power.command", fence + " {node}")
                .withAgentProperty("agent.volumes", String.join(",", VOLUMES));
        cluster = LocalCluster.start(options, line -> System.out.println("[cluster] " + line));
        RestAssured.baseURI = cluster.inventoryUrl();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldCompleteAFailoverThroughTheDeathOfOneOfThreeBrokersAndStopNoWorkload() throws Exception {
        Map<String, String> groups = new HashMap<>(); // container -> the node it starts on
        for (int i = 0; i < VOLUMES.size(); i++) {
            String node = LocalCluster.nodeId(i % NODES + 1);
            String id = "b" + (i + 1);
            given().contentType("application/json").body(Map.of("groupId", "g-" + id, "volumeId", VOLUMES.get(i),
                    "priority", 10, "preferredOwners", List.of(node), "containers",
                    List.of(Map.of("containerId", "c-" + id, "cpuMillis", 500, "memoryMb", 256)))).when()
                    .post("/api/v1/groups").then().statusCode(201);
            groups.put("c-" + id, node);
        }
        groups.forEach((container, node) -> await().atMost(LONG).untilAsserted(() -> given().when()
                .get("/api/v1/containers/{id}", container).then().body("state", is("RUNNING")).body("nodeId", is(node))
                .body("runningOn", hasSize(1))));
        Map<Integer, Long> survivorsAgents = Map.of(2, cluster.agent(2).pid(), 3, cluster.agent(3).pid());
        Map<String, Long> survivorsContainers = new HashMap<>();
        groups.forEach((container, node) -> {
            if (!node.equals("node-1")) {
                int i = Integer.parseInt(node.substring(5));
                survivorsContainers.put(container, ClusterProbe.pidOf(cluster, i, container).orElseThrow());
            }
        });

        cluster.agent(1).kill();
        await().atMost(LONG).untilAsserted(() -> assertThat(nodeFailedFailover().get("state")).isEqualTo("RUNNING"));
        int victim = leaderOf(Topics.FAILOVER_EVENTS);
        cluster.broker(victim).kill();
        Files.createFile(fenceGate);

        await().atMost(LONG).untilAsserted(() -> assertThat(nodeFailedFailover().get("state")).isEqualTo("COMPLETED"));
        groups.forEach((container, node) -> await().atMost(LONG).untilAsserted(() -> given().when()
                .get("/api/v1/containers/{id}", container).then().body("state", is("RUNNING"))
                .body("runningOn", hasSize(1))));
        survivorsContainers.forEach((container, pid) -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                .as("container %s of a surviving node, running since before broker %d died", container, victim)
                .contains(true));
        survivorsAgents.forEach((i, pid) -> {
            assertThat(cluster.agent(i).pid()).as("agent of node-%d not restarted", i).isEqualTo(pid);
            given().when().get("/api/v1/nodes/{id}", LocalCluster.nodeId(i)).then().body("state", is("ACTIVE"));
        });
    }

    /** The broker that leads the first partition of a topic. */
    static int leaderOf(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().get(0).leader().id();
        }
    }

    static Map<String, Object> nodeFailedFailover() {
        return ClusterProbe.failovers().stream()
                .filter(f -> "NODE_FAILED".equals(((Map<?, ?>) f.get("trigger")).get("kind"))
                        && "node-1".equals(f.get("sourceNodeId")))
                .findFirst().orElseThrow(() -> new AssertionError("no NODE_FAILED failover of node-1 yet"));
    }
}
