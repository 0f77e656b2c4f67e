package io.hacluster.launcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.isOneOf;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.hacluster.events.Topics;
import io.hacluster.infra.testing.TestKafka;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * The reconciler end to end, on the local cluster the run command starts (every service and agent its own process,
 * real Kafka and PostgreSQL, containers as OS processes): what no edge announces is repaired. Each test defines its own
 * groups and leaves every node running, so the tests do not depend on each other's order. Fencing is by a power fence
 * command that a test can make refuse a node (a file named {@code refuse-<node>} beside it), and by nothing else: a
 * failed node whose fencing is refused stays unfenced.
 */
@Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES)
class ReconcilerIT {

    static final Duration SHORT = Duration.ofSeconds(60);
    static final Duration LONG = Duration.ofSeconds(120);
    static final int NODES = 3;
    /** The volumes the tests may use; every agent reaches all of them. */
    static final List<String> VOLUMES = IntStream.rangeClosed(1, 40).mapToObj(i -> "vol-r" + i).toList();

    static LocalCluster cluster;
    static Path fencing;
    static int nextVolume;

    @BeforeAll
    static void startCluster() throws IOException {
        Path home = Path.of(System.getProperty("hacluster.home", "..")).toAbsolutePath().normalize();
        Path dataDir = home.resolve("cluster-launcher/target/it-reconciler");
        fencing = home.resolve("cluster-launcher/target/it-reconciler-fencing"); // the data dir is wiped at start
        LocalCluster.wipe(fencing);
        Files.createDirectories(fencing);
        Path fence = fencing.resolve("fence.sh");
        Files.writeString(fence, "#!/bin/sh\n# powers a node off, unless a test made it refuse\n"
                + "if [ -e \"$(dirname \"$0\")/refuse-$1\" ]; then echo \"fencing of $1 refused\"; exit 1; fi\n"
                + "echo \"$1 powered off\"\n");
        Files.setPosixFilePermissions(fence, PosixFilePermissions.fromString("rwxr-xr-x"));
        Options options = Options.withFreePorts(home, dataDir, NODES)
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

    /** Every node runs again after each test, with no refusal of fencing left behind. */
    @AfterEach
    void everyNodeBack() throws IOException {
        for (int i = 1; i <= NODES; i++) {
            Files.deleteIfExists(fencing.resolve("refuse-" + LocalCluster.nodeId(i)));
            if (!cluster.agent(i).isAlive()) {
                cluster.startAgent(i);
                cluster.awaitAgentReady(i);
            }
        }
        for (int i = 1; i <= NODES; i++) {
            String node = LocalCluster.nodeId(i);
            await().atMost(LONG).untilAsserted(() -> given().when().get("/api/v1/nodes/{id}", node).then()
                    .statusCode(200).body("state", is("ACTIVE")));
        }
    }

    // ---------------------------------------------------------------- scenarios

    @Test
    void shouldRestartAKilledContainerInPlaceThenMoveTheGroupWhenItIsKilledAgain() {
        Group g = define("restart", List.of("node-1"), List.of());
        awaitRunning(g.container(), "node-1");
        long firstPid = pidOf(1, g.container()).orElseThrow();

        ProcessHandle.of(firstPid).ifPresent(ProcessHandle::destroyForcibly);

        await().atMost(SHORT).untilAsserted(() -> {
            containerRunsOn(g.container(), "node-1");
            assertThat(pidOf(1, g.container())).get().isNotEqualTo(firstPid);
        });
        JsonPath restart = awaitFailoverOf(g.id(), "RESTART", "COMPLETED");
        assertThat(restart.getString("trigger.reason")).contains("container " + g.container() + " is FAILED on node-1");
        assertThat(restart.getString("fencing")).as("a restart in place fences nothing").isNull();
        DataCheck.Continuity afterRestart = DataCheck.continuity(cluster.storageRoot(), g.container());
        assertThat(afterRestart.problems()).as("counter of %s: %s", g.container(), afterRestart).isEmpty();

        pidOf(1, g.container()).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);

        await().atMost(LONG).untilAsserted(() -> given().when().get("/api/v1/containers/{id}", g.container()).then()
                .body("state", is("RUNNING")).body("nodeId", isOneOf("node-2", "node-3")).body("runningOn",
                        hasSize(1)));
        JsonPath relocate = awaitFailoverOf(g.id(), "RELOCATE", "COMPLETED");
        assertThat(relocate.getString("trigger.reason")).contains("avoided");
        JsonPath group = given().when().get("/api/v1/groups/{id}", g.id()).then().statusCode(200).extract()
                .jsonPath();
        assertThat(group.getInt("failures.find { it.nodeId == 'node-1' }.count")).isEqualTo(2);
        assertThat(group.getString("failures.find { it.nodeId == 'node-1' }.avoidedUntil")).isNotNull();
        DataCheck.Continuity data = DataCheck.continuity(cluster.storageRoot(), g.container());
        assertThat(data.problems()).as("counter of %s: %s", g.container(), data).isEmpty();
    }

    @Test
    void shouldBringAGroupRestrictedToAFailedNodeBackThereWhenTheNodeRejoins() {
        Group g = define("restricted", List.of("node-2"), List.of("node-2"));
        awaitRunning(g.container(), "node-2");

        cluster.agent(2).kill();

        await().atMost(LONG).untilAsserted(() -> given().when().get("/api/v1/groups/{id}", g.id()).then()
                .body("state", isOneOf("UNPLACEABLE", "OFFLINE")));
        await().atMost(SHORT).untilAsserted(() -> {
            JsonPath failover = latestFailoverOfNode("NODE_FAILED", "node-2");
            assertThat(failover.getString("fencing.method")).as("node-2 is fenced though its group has nowhere to go")
                    .isEqualTo("power");
            assertThat(failover.getString("state")).isEqualTo("COMPLETED");
        });

        cluster.startAgent(2);
        cluster.awaitAgentReady(2);

        awaitRunning(g.container(), "node-2");
        awaitFailoverOf(g.id(), "RECOVER", "COMPLETED");
    }

    @Test
    void shouldBringAGroupWhoseFencingFailedOnlineOnceItsNodeRejoinsEmpty() throws IOException {
        Group g = define("unfenced", List.of("node-3"), List.of());
        awaitRunning(g.container(), "node-3");
        Files.createFile(fencing.resolve("refuse-node-3"));

        cluster.agent(3).kill();

        await().atMost(LONG).untilAsserted(() -> assertThat(latestFailoverOfNode("NODE_FAILED", "node-3")
                .getString("state")).isEqualTo("FAILED"));
        assertThat(pidOf(1, g.container())).as("not started elsewhere while node-3 is not fenced").isEmpty();
        assertThat(pidOf(2, g.container())).isEmpty();
        // repairs may be under way (MOVING), each failing on the same fencing: none starts the group anywhere
        given().when().get("/api/v1/groups/{id}", g.id()).then().body("state",
                isOneOf("OFFLINE", "UNPLACEABLE", "MOVING"));

        cluster.startAgent(3);
        cluster.awaitAgentReady(3);

        await().atMost(LONG).untilAsserted(() -> given().when().get("/api/v1/containers/{id}", g.container()).then()
                .body("state", is("RUNNING")).body("runningOn", hasSize(1)));
        // the repairs tried while node-3 could not be fenced failed; the one after it rejoined empty completes
        awaitFailoverOf(g.id(), "RECOVER", "COMPLETED");
        DataCheck.Continuity data = DataCheck.continuity(cluster.storageRoot(), g.container());
        assertThat(data.problems()).as("counter of %s: %s", g.container(), data).isEmpty();
    }

    @Test
    void shouldStopStartAndLeaveAloneAGroupAsTheOperatorSays() {
        Group g = define("operated", List.of("node-1"), List.of());
        awaitRunning(g.container(), "node-1");

        given().contentType("application/json").body(Map.of()).when().post("/api/v1/groups/{id}/stop", g.id()).then()
                .statusCode(202);
        await().atMost(SHORT).untilAsserted(() -> {
            given().when().get("/api/v1/groups/{id}", g.id()).then().body("state", is("STOPPED"))
                    .body("desiredState", is("OFFLINE")).body("mountedOn", hasSize(0));
            given().when().get("/api/v1/containers/{id}", g.container()).then().body("runningOn", hasSize(0));
        });
        assertThat(pidOf(1, g.container())).isEmpty();

        given().contentType("application/json").body(Map.of()).when().post("/api/v1/groups/{id}/start", g.id())
                .then().statusCode(202);
        await().atMost(SHORT).untilAsserted(() -> given().when().get("/api/v1/containers/{id}", g.container()).then()
                .body("state", is("RUNNING")).body("runningOn", hasSize(1)));
        String node = given().when().get("/api/v1/containers/{id}", g.container()).then().extract().path("nodeId");

        given().contentType("application/json").body(Map.of()).when().post("/api/v1/groups/{id}/unmanage", g.id())
                .then().statusCode(202);
        await().atMost(SHORT).untilAsserted(() -> given().when().get("/api/v1/groups/{id}", g.id()).then()
                .body("desiredState", is("UNMANAGED")));
        int agent = Integer.parseInt(node.substring(node.indexOf('-') + 1));
        pidOf(agent, g.container()).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            given().when().get("/api/v1/containers/{id}", g.container()).then().body("runningOn", hasSize(0));
            assertThat(failoversOf(g.id(), "RESTART")).as("the cluster leaves an unmanaged group alone").isEmpty();
        });

        given().contentType("application/json").body(Map.of()).when().post("/api/v1/groups/{id}/start", g.id())
                .then().statusCode(202);
        await().atMost(SHORT).untilAsserted(() -> given().when().get("/api/v1/containers/{id}", g.container()).then()
                .body("state", is("RUNNING")).body("runningOn", hasSize(1)));

        // removed while it runs: the cluster stops its container and releases its volume before it forgets it
        String at = given().when().get("/api/v1/containers/{id}", g.container()).then().extract().path("nodeId");
        int host = Integer.parseInt(at.substring(at.indexOf('-') + 1));
        await().atMost(SHORT).until(() -> pidOf(host, g.container()).isPresent());
        given().when().delete("/api/v1/groups/{id}", g.id()).then().statusCode(204);
        await().atMost(SHORT).untilAsserted(() -> {
            assertThat(pidOf(host, g.container())).as("the removed group's container on " + at).isEmpty();
            given().when().get("/api/v1/nodes/{id}", at).then().body("volumes.volumeId", not(hasItem(g.volume())));
        });
    }

    @Test
    void shouldMoveAGroupOffANodeThatIsNoLongerAmongItsPossibleOwners() {
        Group g = define("owners", List.of("node-1"), List.of());
        awaitRunning(g.container(), "node-1");

        Map<String, Object> changed = g.body(List.of("node-2"), List.of("node-2", "node-3"));
        given().contentType("application/json").body(changed).when().put("/api/v1/groups/{id}", g.id()).then()
                .statusCode(200);

        awaitRunning(g.container(), "node-2");
        assertThat(awaitFailoverOf(g.id(), "RELOCATE", "COMPLETED").getString("trigger.reason"))
                .contains("not among the group's possible owners");
        DataCheck.Continuity data = DataCheck.continuity(cluster.storageRoot(), g.container());
        assertThat(data.problems()).as("counter of %s: %s", g.container(), data).isEmpty();
    }

    @Test
    void shouldStillFailANodeOverAfterGarbageOnEveryTopic() {
        Group g = define("garbage", List.of("node-1"), List.of("node-1", "node-2"));
        awaitRunning(g.container(), "node-1");
        try (TestKafka kafka = new TestKafka(cluster.bootstrapServers())) {
            for (var topic : Topics.ALL) {
                TestKafka.Garbage.all().forEach((kind, bytes) -> kafka.sendRaw(topic.name(), "garbage-" + kind,
                        bytes));
            }
        }

        cluster.agent(1).kill();

        awaitRunning(g.container(), "node-2");
        await().atMost(SHORT).untilAsserted(() -> assertThat(latestFailoverOfNode("NODE_FAILED", "node-1")
                .getString("state")).isEqualTo("COMPLETED"));
    }

    @Test
    void shouldStartACrashedServiceAndACrashedDatabaseAgainAndGoOnRepairing() {
        ManagedProcess placement = cluster.process("placement-service");
        long placementPid = placement.pid();
        ManagedProcess postgres = cluster.process("postgres");
        Optional<ProcessHandle> postmaster = ClusterProbe.postmasterOf(cluster.options().dataDir().resolve("postgres"));
        assertThat(postmaster).as("the PostgreSQL server started by its wrapper").isPresent();

        ProcessHandle.of(placementPid).ifPresent(ProcessHandle::destroyForcibly);
        postmaster.get().destroyForcibly();

        await().atMost(LONG).ignoreExceptions().untilAsserted(() -> {
            assertThat(cluster.process("placement-service").pid()).isNotEqualTo(placementPid);
            assertThat(cluster.process("placement-service").isAlive()).isTrue();
            assertThat(cluster.process("postgres").pid()).isNotEqualTo(postgres.pid());
            given().when().get("/api/v1/cluster").then().statusCode(200);
        });
        Group g = define("after-crash", List.of("node-2"), List.of());
        awaitRunning(g.container(), "node-2");
        pidOf(2, g.container()).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(LONG).untilAsserted(() -> assertThat(failoversOf(g.id(), "RESTART")).isNotEmpty());
        awaitRunning(g.container(), "node-2");
    }

    // ---------------------------------------------------------------- helpers

    /** A group of one demo container on its own volume. */
    record Group(String id, String container, String volume) {

        Map<String, Object> body(List<String> preferred, List<String> possible) {
            return Map.of("groupId", id, "volumeId", volume, "priority", 10, "preferredOwners", preferred,
                    "possibleOwners", possible, "containers", List.of(Map.of("containerId", container, "cpuMillis",
                            500, "memoryMb", 256)));
        }
    }

    static Group define(String name, List<String> preferred, List<String> possible) {
        String suffix = UUID.randomUUID().toString().substring(0, 4);
        Group g = new Group("g-" + name + "-" + suffix, "c-" + name + "-" + suffix, VOLUMES.get(nextVolume++));
        given().contentType("application/json").body(g.body(preferred, possible)).when().post("/api/v1/groups").then()
                .statusCode(201);
        return g;
    }

    static void awaitRunning(String container, String node) {
        await().atMost(LONG).untilAsserted(() -> containerRunsOn(container, node));
    }

    static void containerRunsOn(String container, String node) {
        given().when().get("/api/v1/containers/{id}", container).then().statusCode(200).body("state", is("RUNNING"))
                .body("nodeId", is(node)).body("runningOn", hasSize(1));
    }

    static Optional<Long> pidOf(int i, String container) {
        return ClusterProbe.pidOf(cluster, i, container);
    }

    static List<Map<String, Object>> failovers() {
        return ClusterProbe.failovers();
    }

    static List<String> failoversOf(String groupId, String kind) {
        List<String> ids = new ArrayList<>();
        for (Map<String, Object> f : failovers()) {
            Map<?, ?> trigger = (Map<?, ?>) f.get("trigger");
            if (kind.equals(trigger.get("kind")) && groupId.equals(trigger.get("groupId"))) {
                ids.add((String) f.get("failoverId"));
            }
        }
        return ids;
    }

    /**
     * A failover of the group of that kind that reached {@code state}, waited for: the inventory applies the failover's
     * events on their own topic, and may show the group's containers running before it shows the failover ended.
     */
    static JsonPath awaitFailoverOf(String groupId, String kind, String state) {
        JsonPath[] found = new JsonPath[1];
        await().atMost(SHORT).untilAsserted(() -> {
            found[0] = failoversOf(groupId, kind).stream()
                    .map(id -> given().when().get("/api/v1/failovers/{id}", id).then().statusCode(200).extract()
                            .jsonPath())
                    .filter(f -> state.equals(f.getString("state"))).findFirst().orElse(null);
            assertThat(found[0]).as("a %s %s failover of %s", state, kind, groupId).isNotNull();
        });
        return found[0];
    }

    static JsonPath latestFailoverOfNode(String kind, String node) {
        String id = failovers().stream()
                .filter(f -> kind.equals(((Map<?, ?>) f.get("trigger")).get("kind")) && node.equals(f.get("sourceNodeId")))
                .map(f -> (String) f.get("failoverId")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " failover of " + node));
        return given().when().get("/api/v1/failovers/{id}", id).then().statusCode(200).extract().jsonPath();
    }
}
