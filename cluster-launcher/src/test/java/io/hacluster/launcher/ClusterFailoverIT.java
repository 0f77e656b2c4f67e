package io.hacluster.launcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.isOneOf;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import io.hacluster.events.Envelope;
import io.hacluster.events.FailoverEvent;
import io.hacluster.events.Topics;
import io.hacluster.infra.testing.TcpProxy;
import io.hacluster.launcher.LocalCluster.Service;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * The system's claims end to end, on the same local cluster the README's run command starts: every service and every
 * node agent its own process, a real Kafka broker and a real PostgreSQL, containers as OS processes writing to volumes
 * that are directories on one shared storage root. Scenarios run in order on one cluster.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES)
class ClusterFailoverIT {

    static final Duration SHORT = Duration.ofSeconds(60);
    static final Duration LONG = Duration.ofSeconds(120);

    static LocalCluster cluster;
    static ClusterView view;
    static TcpProxy node3Network;

    @BeforeAll
    static void startCluster() {
        Path home = Path.of(System.getProperty("hacluster.home", "..")).toAbsolutePath().normalize();
        Options options = Options.withFreePorts(home, home.resolve("cluster-launcher/target/it-cluster"), 3);
        node3Network = TcpProxy.start("localhost", options.sparePort());
        options = options.withKafkaProxy(LocalCluster.nodeId(3), options.sparePort(), node3Network.port());
        cluster = LocalCluster.start(options, line -> System.out.println("[cluster] " + line));
        view = new ClusterView(cluster);
        RestAssured.baseURI = cluster.inventoryUrl();
        view.defineDemoGroups(new Console());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
        if (node3Network != null) {
            node3Network.close();
        }
    }

    @Test
    @Order(1)
    void shouldStartEveryGroupOnItsPreferredNode() {
        await().atMost(LONG).untilAsserted(() -> {
            for (String c : List.of("101", "102", "103")) {
                containerRunsOn(c, "node-1");
            }
            containerRunsOn("201", "node-2");
            containerRunsOn("301", "node-3");
        });
        DataCheck.awaitProgress(cluster.storageRoot(), List.of("101", "201", "301"), Map.of(), SHORT);
    }

    @Test
    @Order(2)
    void shouldRestartNode1sContainersOnTheOtherNodesAfterAPowerCutWithTheirDataIntact() {
        List<String> containers = DemoGroups.containersOfNode1();
        Map<String, Long> before;
        Instant cut;
        TwoHoldersWatch watch = new TwoHoldersWatch();
        try (EventTail tail = new EventTail(cluster.bootstrapServers(), List.of(Topics.FAILOVER_EVENTS))) {
            before = DataCheck.lastValues(cluster.storageRoot(), containers);
            cut = Instant.now();
            cluster.agent(1).kill();

            Envelope<?> completed = tail.until(e -> e.payload() instanceof FailoverEvent.FailoverCompleted,
                    e -> Narrator.describe(e).ifPresent(t -> System.out.println("[failover] " + t)), LONG,
                    "completed failover");
            System.out.printf("BENCHMARK power cut to all of node-1's containers online: %d ms%n",
                    Duration.between(cut, Instant.now()).toMillis());
            assertThat(((FailoverEvent.FailoverCompleted) completed.payload()).relocated()).isEqualTo(3);
        }

        await().atMost(SHORT).untilAsserted(() -> {
            for (String c : containers) {
                given().when().get("/api/v1/containers/{id}", c).then().statusCode(200)
                        .body("state", is("RUNNING"))
                        .body("nodeId", isOneOf("node-2", "node-3"))
                        .body("runningOn", hasSize(1));
            }
        });
        given().when().get("/api/v1/nodes/{id}", "node-1").then().statusCode(200).body("state", is("FAILED"));
        // from the power cut until every container runs again, no answer showed a volume or container on two nodes
        watch.close();
        System.out.printf("the API was sampled %d times during the failover; answers with two holders: %s%n",
                watch.samples(), watch.findings());
        assertThat(watch.samples()).as("samples of the API during the failover").isPositive();
        assertThat(watch.findings()).as("answers that showed two holders").isEmpty();

        Map<String, Long> after = DataCheck.awaitProgress(cluster.storageRoot(), containers, before, SHORT);
        for (String c : containers) {
            DataCheck.Continuity data = DataCheck.continuity(cluster.storageRoot(), c);
            assertThat(data.problems()).as("counter of %s: %s", c, data).isEmpty();
            assertThat(data.segments()).as("counter of %s", c).hasSizeGreaterThanOrEqualTo(2);
            assertThat(data.segments().get(0).node()).isEqualTo("node-1");
            assertThat(data.segments().get(data.segments().size() - 1).node()).isIn("node-2", "node-3");
            assertThat(after.get(c)).isGreaterThan(before.get(c));
        }

        JsonPath failover = latestFailover("NODE_FAILED", "node-1");
        assertThat(failover.getString("state")).isEqualTo("COMPLETED");
        assertThat(failover.getString("detectedAt")).isNotNull();
        assertThat(failover.getString("plannedAt")).isNotNull();
        assertThat(failover.getString("fencedAt")).isNotNull();
        assertThat(failover.getString("completedAt")).isNotNull();
        System.out.printf("BENCHMARK failover of node-1 as recorded: detected %s, planned %s, fenced %s, completed %s "
                + "(%s ms from detection)%n", failover.getString("detectedAt"), failover.getString("plannedAt"),
                failover.getString("fencedAt"), failover.getString("completedAt"), failover.getString("durationMs"));
        assertThat(failover.getString("fencing.method")).isEqualTo("storage-preemption");
        assertThat(failover.getList("fencing.attempts[0].epochs")).hasSize(3);
        assertThat(failover.getList("groups")).hasSize(3);
    }

    @Test
    @Order(3)
    void shouldBringNode1BackEmpty() {
        cluster.startAgent(1);
        cluster.awaitAgentReady(1);

        await().atMost(SHORT).untilAsserted(() -> given().when().get("/api/v1/nodes/{id}", "node-1").then()
                .statusCode(200).body("state", is("ACTIVE")).body("lastRejoinedAt", notNullValue()));
        given().when().get("/api/v1/nodes/{id}", "node-1").then().body("containers.findAll { it.state == 'RUNNING' }",
                hasSize(0));
        for (String c : DemoGroups.containersOfNode1()) {
            given().when().get("/api/v1/containers/{id}", c).then().body("nodeId", isOneOf("node-2", "node-3"))
                    .body("runningOn", hasSize(1));
        }
    }

    @Test
    @Order(4)
    void shouldDrainNode2InOrderHoldItInMaintenanceAndResumeIt() {
        List<String> onNode2 = runningOn("node-2");
        assertThat(onNode2).isNotEmpty();

        TwoHoldersWatch watch = new TwoHoldersWatch();
        String requestId = given().contentType("application/json").body(Map.of("requestedBy", "it")).when()
                .post("/api/v1/nodes/{id}/drain", "node-2").then().statusCode(202).extract().path("requestId");
        assertThat(requestId).isNotBlank();

        await().atMost(LONG).untilAsserted(() -> given().when().get("/api/v1/nodes/{id}", "node-2").then()
                .body("state", is("MAINTENANCE")));
        watch.close();
        assertThat(watch.samples()).as("samples of the API during the drain").isPositive();
        assertThat(watch.findings()).as("answers that showed two holders during the drain").isEmpty();
        for (String c : onNode2) {
            given().when().get("/api/v1/containers/{id}", c).then().body("state", is("RUNNING"))
                    .body("nodeId", isOneOf("node-1", "node-3")).body("runningOn", hasSize(1));
            DataCheck.Continuity data = DataCheck.continuity(cluster.storageRoot(), c);
            assertThat(data.problems()).as("counter of %s: %s", c, data).isEmpty();
        }
        JsonPath drain = latestFailover("NODE_DRAIN", "node-2");
        assertThat(drain.getString("state")).isEqualTo("COMPLETED");
        assertThat(drain.getString("fencing")).isNull();
        List<String> steps = drain.getList("groups[0].steps.step");
        assertThat(steps).containsSubsequence("STOPPING", "UNMOUNTING", "MOUNTING", "STARTING", "ONLINE");

        given().contentType("application/json").body(Map.of("requestedBy", "it")).when()
                .post("/api/v1/nodes/{id}/resume", "node-2").then().statusCode(202);
        await().atMost(SHORT).untilAsserted(() -> given().when().get("/api/v1/nodes/{id}", "node-2").then()
                .body("state", is("ACTIVE")));
    }

    @Test
    @Order(5)
    void shouldCompleteAFailoverExactlyOnceWhenTheExecutorIsKilledInTheMiddle() {
        ensureRunsOn("node-1");
        List<String> moving = runningOn("node-1");
        String failoverId;
        try (EventTail tail = new EventTail(cluster.bootstrapServers(), List.of(Topics.FAILOVER_EVENTS))) {
            cluster.agent(1).kill();
            Envelope<?> started = tail.until(e -> e.payload() instanceof FailoverEvent.FailoverStarted s
                    && "node-1".equals(s.sourceNodeId()), e -> {
                    }, LONG, "failover of node-1 started");
            failoverId = ((FailoverEvent.FailoverStarted) started.payload()).failoverId();
            cluster.service(Service.EXECUTOR).kill();
        }
        cluster.restartService(Service.EXECUTOR);

        await().atMost(LONG).untilAsserted(() -> assertThat(latestFailover("NODE_FAILED", "node-1").getString("state"))
                .isEqualTo("COMPLETED"));
        List<FailoverEvent> events = failoverEvents(failoverId);
        assertThat(events.stream().filter(e -> e instanceof FailoverEvent.FailoverCompleted)).hasSize(1);
        Map<String, Long> relocations = events.stream().filter(e -> e instanceof FailoverEvent.GroupRelocated)
                .collect(Collectors.groupingBy(e -> ((FailoverEvent.GroupRelocated) e).groupId(), Collectors.counting()));
        assertThat(relocations).hasSize(moving.size());
        assertThat(relocations.values()).allMatch(n -> n == 1);
        for (String c : moving) {
            given().when().get("/api/v1/containers/{id}", c).then().body("state", is("RUNNING"))
                    .body("runningOn", hasSize(1));
            DataCheck.Continuity data = DataCheck.continuity(cluster.storageRoot(), c);
            assertThat(data.problems()).as("counter of %s: %s", c, data).isEmpty();
        }

        cluster.startAgent(1);
        cluster.awaitAgentReady(1);
        await().atMost(SHORT).untilAsserted(() -> given().when().get("/api/v1/nodes/{id}", "node-1").then()
                .body("state", is("ACTIVE")));
    }

    @Test
    @Order(6)
    void shouldNeverLetTwoNodesWriteToAVolumeWhenItsOwnerIsCutOffFromKafka() throws java.io.IOException {
        ensureRunsOn("node-3");
        List<String> onNode3 = runningOn("node-3");
        assertThat(onNode3).isNotEmpty();
        Map<String, Long> before = DataCheck.lastValues(cluster.storageRoot(), onNode3);

        node3Network.cut(); // node-3's agent loses Kafka; its containers keep running until it fences itself

        await().atMost(LONG).untilAsserted(() -> {
            for (String c : onNode3) {
                given().when().get("/api/v1/containers/{id}", c).then().body("state", is("RUNNING"))
                        .body("nodeId", isOneOf("node-1", "node-2"));
            }
        });
        DataCheck.awaitProgress(cluster.storageRoot(), onNode3, before, SHORT);
        for (String c : onNode3) {
            DataCheck.Continuity data = DataCheck.continuity(cluster.storageRoot(), c);
            assertThat(data.problems()).as("counter of %s: %s", c, data).isEmpty();
            DataCheck.Segment last = data.segments().get(data.segments().size() - 1);
            assertThat(last.node()).isIn("node-1", "node-2");
            LeaseHistory history = LeaseHistory.read(cluster.storageRoot(), "vol-" + c);
            Instant takeover = history.firstTakeoverFrom("node-3");
            assertThat(DataCheck.lines(cluster.storageRoot(), c)).filteredOn(l -> l.node().equals("node-3"))
                    .allMatch(l -> !l.at().isAfter(takeover), "node-3 wrote nothing after " + takeover);
        }
        assertThat(cluster.agent(3).isAlive()).isTrue();
        assertThat(containerProcessesOf(cluster.agent(3))).isEmpty();
        // the others carried on (their witness slots say Kafka answers them): node-3 fenced itself rather than froze,
        // and says so on the storage, holding nothing
        io.hacluster.events.WitnessSlot slot = io.hacluster.events.serde.EventCodec.mapper().readValue(
                java.nio.file.Files.readAllBytes(cluster.storageRoot().resolve(io.hacluster.events.WitnessSlot.DIRECTORY)
                        .resolve(io.hacluster.events.WitnessSlot.fileName("node-3"))),
                io.hacluster.events.WitnessSlot.class);
        assertThat(slot.mode()).isEqualTo(io.hacluster.events.NodeStatus.Mode.SELF_FENCED);
        assertThat(slot.heldVolumes()).isEmpty();
        assertThat(node3Judgements()).as("the monitor's judgements of node-3").contains("NodeFailed");

        node3Network.restore();
        await().atMost(SHORT).untilAsserted(() -> given().when().get("/api/v1/nodes/{id}", "node-3").then()
                .body("state", is("ACTIVE")).body("containers.findAll { it.state == 'RUNNING' }", hasSize(0)));
    }

    @Test
    @Order(7)
    void shouldSayInTheSummaryWhenNoMonitorIsAtWorkAndWhenOneIsBack() {
        await().atMost(SHORT).untilAsserted(() -> given().when().get("/api/v1/cluster").then()
                .body("monitor.state", is("CONSUMING")).body("monitor.members", is(1))
                .body("consumers.error", nullValue()).body("consumers.behind", hasKey(Topics.NODE_STATUS)));

        cluster.service(Service.MONITOR).stop(Duration.ofSeconds(20));
        await().atMost(SHORT).untilAsserted(() -> given().when().get("/api/v1/cluster").then()
                .body("monitor.state", is("ABSENT")).body("monitor.members", is(0))
                .body("monitor.lastSeenAt", notNullValue())
                .body("monitor.reason", containsString("no failure declared")));

        cluster.restartService(Service.MONITOR);
        await().atMost(LONG).untilAsserted(() -> given().when().get("/api/v1/cluster").then()
                .body("monitor.state", is("CONSUMING")));
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    static void containerRunsOn(String container, String node) {
        given().when().get("/api/v1/containers/{id}", container).then().statusCode(200).body("state", is("RUNNING"))
                .body("nodeId", is(node)).body("runningOn", hasSize(1));
    }

    static List<String> runningOn(String node) {
        List<String> containers = given().when().get("/api/v1/nodes/{id}", node).then().statusCode(200).extract()
                .path("containers.findAll { it.state == 'RUNNING' }.containerId");
        return containers == null ? List.of() : containers;
    }

    /** Moves one group to the node if nothing runs there, so that the scenario has something to lose. */
    static void ensureRunsOn(String node) {
        if (!runningOn(node).isEmpty()) {
            return;
        }
        String group = given().when().get("/api/v1/groups?size=500").then().extract()
                .path("items.find { it.state == 'ONLINE' }.groupId");
        given().contentType("application/json").body(Map.of("targetNodeId", node, "requestedBy", "it")).when()
                .post("/api/v1/groups/{id}/move", group).then().statusCode(202);
        await().atMost(LONG).until(() -> !runningOn(node).isEmpty());
    }

    static JsonPath latestFailover(String kind, String node) {
        List<Map<String, Object>> items = given().queryParam("nodeId", node).queryParam("size", 100).when()
                .get("/api/v1/failovers").then().statusCode(200).extract().path("items");
        String id = items.stream()
                .filter(f -> kind.equals(((Map<?, ?>) f.get("trigger")).get("kind")) && node.equals(f.get("sourceNodeId")))
                .map(f -> (String) f.get("failoverId")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " failover of " + node + " in " + items));
        return given().when().get("/api/v1/failovers/{id}", id).then().statusCode(200).extract().jsonPath();
    }

    /** The monitor's judgements of node-3, in order, by event type. */
    static List<String> node3Judgements() {
        try (io.hacluster.infra.testing.TestKafka kafka = new io.hacluster.infra.testing.TestKafka(
                cluster.bootstrapServers())) {
            return kafka.readAll(Topics.NODE_HEALTH).stream()
                    .filter(e -> e.payload() instanceof io.hacluster.events.NodeHealthEvent h
                            && "node-3".equals(h.key()))
                    .map(Envelope::type).toList();
        }
    }

    static List<FailoverEvent> failoverEvents(String failoverId) {
        try (io.hacluster.infra.testing.TestKafka kafka = new io.hacluster.infra.testing.TestKafka(
                cluster.bootstrapServers())) {
            List<FailoverEvent> events = new ArrayList<>();
            Set<String> seen = new java.util.HashSet<>();
            for (Envelope<?> e : kafka.readAll(Topics.FAILOVER_EVENTS)) {
                if (e.payload() instanceof FailoverEvent f && f.failoverId().equals(failoverId) && seen.add(e.eventId())) {
                    events.add(f);
                }
            }
            return events;
        }
    }

    static List<ProcessHandle> containerProcessesOf(ManagedProcess agent) {
        return ProcessHandle.of(agent.pid()).map(h -> h.descendants().filter(ProcessHandle::isAlive).toList())
                .orElse(List.of());
    }
}
