package io.hacluster.inventory;

import static io.hacluster.inventory.Fixtures.define;
import static io.hacluster.inventory.Fixtures.deliver;
import static io.hacluster.inventory.Fixtures.emptyStatus;
import static io.hacluster.inventory.Fixtures.group;
import static io.hacluster.inventory.Fixtures.hosting;
import static io.hacluster.inventory.Fixtures.now;
import static io.hacluster.inventory.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.hacluster.events.NodeHealthEvent;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.PostgresTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.hacluster.inventory.persistence.NodeRepository;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** A drain is refused when it would leave a group it moves no node to go to, unless the operator forces it. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@Timeout(120)
class DrainGuardApiTest {

    static TestKafka kafka;

    @Inject
    DataSource database;

    @BeforeAll
    static void connect() {
        kafka = TestKafka.connect();
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    /** A group that may run only on the given nodes, running on the first of them. */
    static String hostedGroup(String node, String... possibleOwners) {
        String g = unique("g");
        String v = unique("vol");
        String c = unique("c");
        Map<String, Object> definition = new HashMap<>(group(g, v, c));
        definition.put("possibleOwners", List.of(possibleOwners));
        define(definition);
        deliver(kafka, hosting(node, 1, g, v, 1, c));
        return g;
    }

    static Response drain(String node, Map<String, Object> body) {
        var request = given();
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.when().post("/api/v1/nodes/{id}/drain", node).then().extract().response();
    }

    static void putInMaintenance(String node) {
        deliver(kafka, emptyStatus(node));
        given().when().post("/api/v1/nodes/{id}/drain", node).then().statusCode(202);
        given().when().get("/api/v1/nodes/{id}", node).then().body("state", is("MAINTENANCE"));
    }

    @Test
    void shouldDrainANodeWhileAnotherActivePossibleOwnerRemains() {
        String a = unique("node");
        String b = unique("node");
        deliver(kafka, emptyStatus(b));
        hostedGroup(a, a, b);

        drain(a, null).then().statusCode(202).body("kind", is("DRAIN"));
        given().when().get("/api/v1/nodes/{id}", a).then().body("state", is("DRAINING"));
    }

    @Test
    void shouldRefuseToDrainTheLastNodeThatCouldRunAGroupUnlessForced() {
        String a = unique("node");
        String b = unique("node");
        putInMaintenance(b);
        String g = hostedGroup(a, a, b);

        drain(a, Map.of("requestedBy", "alice")).then().statusCode(409).contentType("application/problem+json")
                .body("type", is("urn:ha-cluster:problem:conflict")).body("status", is(409))
                .body("detail", containsString("node " + a + " is the last node that could run group " + g))
                .body("detail", containsString("\"force\": true")).body("errors.field", contains("force"));
        given().when().get("/api/v1/nodes/{id}", a).then().body("state", is("ACTIVE"));

        drain(a, Map.of("requestedBy", "alice", "force", true)).then().statusCode(202)
                .body("kind", is("DRAIN")).body("requestedBy", is("alice"));
        given().when().get("/api/v1/nodes/{id}", a).then().body("state", is("DRAINING"));
    }

    @Test
    void shouldNotCountAFailedSuspectOrDrainingNodeAsOneThatCouldTakeTheGroups() {
        String a = unique("node");
        String failed = unique("node");
        String suspect = unique("node");
        String draining = unique("node");
        Instant t = now();
        deliver(kafka, new NodeHealthEvent.NodeFailed(failed, "inc-1", t, t, "silent", 500, 2000));
        deliver(kafka, new NodeHealthEvent.NodeSuspected(suspect, "inc-1", t, t, "late"));
        String other = unique("node");
        deliver(kafka, emptyStatus(other));
        hostedGroup(draining, draining, other);
        drain(draining, null).then().statusCode(202);
        String g = hostedGroup(a, a, failed, suspect, draining);

        drain(a, null).then().statusCode(409).body("detail", containsString(g));
    }

    @Test
    void shouldNotCountAGroupTheClusterDoesNotMove() {
        String a = unique("node");
        String g = hostedGroup(a, a);
        given().when().post("/api/v1/groups/{id}/stop", g).then().statusCode(202);

        drain(a, null).then().statusCode(202);
    }

    @Test
    void shouldTakeForceOnlyAsABooleanAndOnlyForADrain() {
        String a = unique("node");
        deliver(kafka, emptyStatus(a));
        drain(a, Map.of("force", "yes")).then().statusCode(400).body("errors.field", contains("force"));
        drain(a, Map.of("force", 1)).then().statusCode(400).body("errors.field", contains("force"));
        given().contentType(ContentType.JSON).body(Map.of("force", true))
                .when().post("/api/v1/nodes/{id}/resume", a).then().statusCode(400)
                .body("errors.field", contains("force")).body("detail", containsString("only to a drain"));
    }

    @Test
    void shouldLetOnlyOneOfTwoRacingDrainsPassWhenEachCountsOnTheOther() throws Exception {
        String a = unique("node");
        String b = unique("node");
        hostedGroup(a, a, b);
        hostedGroup(b, a, b);

        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> drains = new ArrayList<>();
        for (String node : List.of(a, b)) {
            drains.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return drain(node, null).statusCode();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<Integer> d : drains) {
            statuses.add(d.get(60, TimeUnit.SECONDS));
        }
        assertThat(statuses).containsExactlyInAnyOrder(202, 409);
    }

    /**
     * Another inventory instance on the same database drains node b and has not committed yet; a drain of node a,
     * which counts on b, waits for it, and then sees b draining.
     */
    @Test
    void shouldWaitForADrainInAnotherInstanceAndThenSeeIt() throws Exception {
        String a = unique("node");
        String b = unique("node");
        deliver(kafka, emptyStatus(b));
        String g = hostedGroup(a, a, b);

        CompletableFuture<Response> drainA;
        try (Connection other = database.getConnection()) {
            other.setAutoCommit(false);
            try (Statement s = other.createStatement()) {
                s.execute("select pg_advisory_xact_lock(" + NodeRepository.DRAIN_LOCK + ")");
                s.executeUpdate("update node set state = 'DRAINING', maintenance = 'DRAINING', "
                        + "drain_request_id = 'req-elsewhere' where node_id = '" + b + "'");
            }
            drainA = CompletableFuture.supplyAsync(() -> drain(a, null));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                    .until(this::aDrainWaitsForTheLock);
            assertThat(drainA).isNotDone();
            other.commit();
        }
        drainA.get(30, TimeUnit.SECONDS).then().statusCode(409).body("detail", containsString(g));
    }

    private boolean aDrainWaitsForTheLock() throws SQLException {
        try (Connection c = database.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select count(*) from pg_locks where locktype = 'advisory' "
                        + "and not granted and database = (select oid from pg_database where datname = "
                        + "current_database())")) {
            r.next();
            return r.getLong(1) > 0;
        }
    }
}
