package io.hacluster.launcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.hacluster.events.NodeStatus;
import io.hacluster.events.WitnessSlot;
import io.hacluster.events.serde.EventCodec;
import io.restassured.RestAssured;

/**
 * A control-plane outage never stops the workloads, on the local cluster the run command starts: the (single) Kafka
 * broker down for 30 s, every agent freezes instead of fencing itself (its witness slot says so), no container stops,
 * nothing moves, and everything resumes when the broker is back. Each test defines its own groups and ends with the
 * broker running.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ControlPlaneOutageIT {

    static final Duration LONG = Duration.ofSeconds(120);
    static final Duration OUTAGE = Duration.ofSeconds(30);
    static final int NODES = 3;
    static final List<String> VOLUMES = IntStream.rangeClosed(1, 6).mapToObj(i -> "vol-o" + i).toList();

    static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws IOException {
        Path home = Path.of(System.getProperty("hacluster.home", "..")).toAbsolutePath().normalize();
        Path dataDir = home.resolve("cluster-launcher/target/it-outage");
        Options options = Options.withFreePorts(home, dataDir, NODES).withAgentProperty("agent.volumes",
                String.join(",", VOLUMES));
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
    void shouldStopNoContainerAndMoveNothingWhileTheBrokerIsDownFor30Seconds() {
        Map<String, Integer> containers = defineOnePerNode(0);
        Map<String, Long> pids = pidsOf(containers);
        Map<Integer, Long> agents = agentPids();
        Set<Object> failoversBefore = failoverIds();

        cluster.broker(1).kill();
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                for (int i = 1; i <= NODES; i++) {
                    assertThat(slotOf(i).mode()).as("node-%d's witness slot", i).isEqualTo(NodeStatus.Mode.FROZEN);
                }
            });
            // no status reaches the inventory: it shows the nodes as their witness slots say, not as they last were
            await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
                for (int i = 1; i <= NODES; i++) {
                    frozenInTheInventory(i);
                }
            });
            await().during(OUTAGE).atMost(OUTAGE.plusSeconds(15)).untilAsserted(() -> {
                assertThat(alive(pids)).as("containers running through the broker outage").isEqualTo(pids.keySet());
                for (int i = 1; i <= NODES; i++) {
                    assertThat(slotOf(i).mode()).as("node-%d frozen, not fenced", i)
                            .isEqualTo(NodeStatus.Mode.FROZEN);
                    frozenInTheInventory(i);
                }
            });
        } finally {
            cluster.startBroker(1);
        }

        await().atMost(LONG).untilAsserted(() -> {
            for (int i = 1; i <= NODES; i++) {
                assertThat(slotOf(i).mode()).as("node-%d serving again", i).isEqualTo(NodeStatus.Mode.ACTIVE);
                given().when().get("/api/v1/nodes/{id}", LocalCluster.nodeId(i)).then().body("state", is("ACTIVE"));
            }
        });
        containers.forEach((container, node) -> given().when().get("/api/v1/containers/{id}", container).then()
                .body("state", is("RUNNING")).body("nodeId", is(LocalCluster.nodeId(node)))
                .body("runningOn", hasSize(1)));
        assertThat(pidsOf(containers)).as("the same container processes, never restarted").isEqualTo(pids);
        assertThat(agentPids()).as("the same agents").isEqualTo(agents);
        assertThat(failoverIds()).as("no failover: nothing moved").isEqualTo(failoversBefore);
    }

    static void frozenInTheInventory(int i) {
        given().when().get("/api/v1/nodes/{id}", LocalCluster.nodeId(i)).then().body("state", is("FROZEN"))
                .body("reports", is("WITNESSED"))
                .body("stateReason", containsString("no status of it has reached the inventory"))
                .body("stateReason", containsString("its witness slot is fresh"));
    }

    @Test
    void shouldStopNoContainerWhileTheDatabaseIsDownFor30SecondsAndLoseNoEvent() {
        Map<String, Integer> containers = defineOnePerNode(3);
        Map<String, Long> pids = pidsOf(containers);
        String killed = containers.keySet().iterator().next();

        // the wrapper and the postmaster it started (a daemon, not its child): a database crash
        java.util.Optional<ProcessHandle> postmaster = ClusterProbe.postmasterOf(cluster.options().dataDir()
                .resolve("postgres"));
        cluster.process("postgres").kill();
        postmaster.ifPresent(ProcessHandle::destroyForcibly);
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/api/v1/groups").then()
                    .statusCode(503).contentType("application/problem+json"));
            // an event while the inventory cannot write: a container dies, and the cluster restarts it
            ProcessHandle.of(pids.get(killed)).ifPresent(ProcessHandle::destroyForcibly);
            await().during(OUTAGE).atMost(OUTAGE.plusSeconds(15)).untilAsserted(() -> {
                Map<String, Long> others = new HashMap<>(pids);
                others.remove(killed);
                assertThat(alive(others)).as("containers running through the database outage")
                        .isEqualTo(others.keySet());
                given().when().get("/api/v1/cluster").then().statusCode(503);
            });
        } finally {
            cluster.startPostgres();
        }

        await().atMost(LONG).untilAsserted(() -> {
            containers.forEach((container, node) -> given().when().get("/api/v1/containers/{id}", container).then()
                    .statusCode(200).body("state", is("RUNNING")).body("runningOn", hasSize(1)));
            String group = "g-" + killed.substring(2);
            assertThat(ClusterProbe.failovers().stream().filter(f -> group.equals(((Map<?, ?>) f.get("trigger"))
                    .get("groupId")))).as("the restart of %s, recorded once the database is back", killed).isNotEmpty();
        });
    }

    /** One group per node, each preferring its node; returns container -> node index. */
    static Map<String, Integer> defineOnePerNode(int firstVolume) {
        Map<String, Integer> containers = new HashMap<>();
        for (int i = 1; i <= NODES; i++) {
            String id = "o" + (firstVolume + i);
            given().contentType("application/json").body(Map.of("groupId", "g-" + id, "volumeId",
                    VOLUMES.get(firstVolume + i - 1), "priority", 10, "preferredOwners",
                    List.of(LocalCluster.nodeId(i)), "containers",
                    List.of(Map.of("containerId", "c-" + id, "cpuMillis", 500, "memoryMb", 256)))).when()
                    .post("/api/v1/groups").then().statusCode(201);
            containers.put("c-" + id, i);
        }
        containers.forEach((container, node) -> await().atMost(LONG).untilAsserted(() -> given().when()
                .get("/api/v1/containers/{id}", container).then().body("state", is("RUNNING"))
                .body("nodeId", is(LocalCluster.nodeId(node))).body("runningOn", hasSize(1))));
        return containers;
    }

    static Map<String, Long> pidsOf(Map<String, Integer> containers) {
        Map<String, Long> pids = new HashMap<>();
        containers.forEach((container, node) -> pids.put(container,
                ClusterProbe.pidOf(cluster, node, container).orElseThrow(() -> new AssertionError(
                        "no process of " + container + " under node-" + node + "'s agent"))));
        return pids;
    }

    static Set<String> alive(Map<String, Long> pids) {
        return pids.entrySet().stream().filter(e -> ProcessHandle.of(e.getValue()).map(ProcessHandle::isAlive)
                .orElse(false)).map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    static Map<Integer, Long> agentPids() {
        Map<Integer, Long> agents = new HashMap<>();
        for (int i = 1; i <= NODES; i++) {
            agents.put(i, cluster.agent(i).pid());
        }
        return agents;
    }

    /** Every failover but the first starts of groups (which may reach the inventory after the groups run). */
    static Set<Object> failoverIds() {
        return ClusterProbe.failovers().stream()
                .filter(f -> !"GROUP_START".equals(((Map<?, ?>) f.get("trigger")).get("kind")))
                .map(f -> f.get("failoverId")).collect(Collectors.toSet());
    }

    /** Node {@code i}'s witness slot on the shared storage: what the agent itself says it does. */
    static WitnessSlot slotOf(int i) throws IOException {
        Path slot = cluster.storageRoot().resolve(WitnessSlot.DIRECTORY)
                .resolve(WitnessSlot.fileName(LocalCluster.nodeId(i)));
        return EventCodec.mapper().readValue(Files.readAllBytes(slot), WitnessSlot.class);
    }
}
