package io.hacluster.inventory;

import static io.hacluster.inventory.Fixtures.deliver;
import static io.hacluster.inventory.Fixtures.envelope;
import static io.hacluster.inventory.Fixtures.hosting;
import static io.hacluster.inventory.Fixtures.now;
import static io.hacluster.inventory.Fixtures.replay;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.hacluster.events.ContainerState;
import io.hacluster.events.ContainerStatus;
import io.hacluster.events.Envelope;
import io.hacluster.events.EventPayload;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.Resources;
import io.hacluster.events.VolumeStatus;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.PostgresTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.hacluster.inventory.Fixtures.Hosted;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A node cut off from Kafka shows why (ISOLATED by the monitor, FROZEN by its agent), and its groups show what it
 * last reported: nothing moved, nothing stopped.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class IsolationApiTest {

    static TestKafka kafka;

    @BeforeAll
    static void connect() {
        kafka = TestKafka.connect();
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    static Hosted hostedGroup() {
        return Fixtures.hostedGroup(kafka);
    }

    @Test
    void shouldShowAnIsolatedNodeWithTheMonitorsEvidenceAndItsGroupsAsTheyWere() {
        Hosted h = hostedGroup();
        Instant t = now();
        deliver(kafka, new NodeHealthEvent.NodeSuspected(h.node(), "inc-1", t, t, "silent for 1500 ms"));
        Envelope<EventPayload> isolated = envelope(new NodeHealthEvent.NodeIsolated(h.node(), "inc-1", t,
                t.plusSeconds(3), "ACTIVE", "silent for 3000 ms on Kafka; witness slot fresh, holds " + h.volume()));
        deliver(kafka, isolated);
        replay(kafka, isolated);

        given().when().get("/api/v1/nodes/{id}", h.node()).then().statusCode(200).body("state", is("ISOLATED"))
                .body("liveness", is("ISOLATED")).body("agentMode", is("ACTIVE"))
                .body("stateReason", containsString("isolated"))
                .body("stateReason", containsString("witness slot fresh, holds " + h.volume()))
                .body("lastIsolatedAt", notNullValue()).body("groups", contains(h.group()));
        given().when().get("/api/v1/groups/{id}", h.group()).then().body("state", is("ONLINE"))
                .body("currentNodeId", is(h.node())).body("containers[0].state", is("RUNNING"))
                .body("stateReason", containsString("running on " + h.node()))
                .body("stateReason", containsString("last reported: it is ISOLATED"));
        given().when().get("/api/v1/nodes?state=ISOLATED&size=500").then().statusCode(200)
                .body("items.nodeId", hasItem(h.node()));
        given().when().get("/api/v1/cluster").then().body("nodes.byState", hasKey("ISOLATED"))
                .body("nodes.byState", hasKey("FROZEN"));
        given().when().get("/api/v1/history?key={k}&type=NodeIsolated", h.node()).then().body("total", is(1))
                .body("items[0].summary", containsString("ISOLATED"));

        // nothing reaches it: no drain, no move
        given().when().post("/api/v1/nodes/{id}/drain", h.node()).then().statusCode(409)
                .body("detail", containsString("ISOLATED"));
        given().when().post("/api/v1/groups/{id}/move", h.group()).then().statusCode(409)
                .body("detail", containsString("ISOLATED"));

        // once its slot goes stale the monitor declares it failed, and its groups wait for their failover
        deliver(kafka, new NodeHealthEvent.NodeFailed(h.node(), "inc-1", t, t.plusSeconds(9), "witness slot stale",
                500, 2000));
        given().when().get("/api/v1/nodes/{id}", h.node()).then().body("state", is("FAILED"));
        given().when().get("/api/v1/groups/{id}", h.group()).then().body("state", is("OFFLINE"))
                .body("stateReason", is("node " + h.node() + " failed; waiting for its failover"));
    }

    @Test
    void shouldShowAFrozenNodeFromItsWitnessSlotUntilItIsHeardAgain() {
        Hosted h = hostedGroup();
        Instant t = now();
        deliver(kafka, new NodeHealthEvent.NodeSuspected(h.node(), "inc-1", t, t, "silent for 1500 ms"));
        deliver(kafka, new NodeHealthEvent.NodeIsolated(h.node(), "inc-1", t, t.plusSeconds(3), "FROZEN",
                "silent for 3000 ms on Kafka; witness slot fresh"));

        given().when().get("/api/v1/nodes/{id}", h.node()).then().body("state", is("FROZEN"))
                .body("liveness", is("ISOLATED")).body("agentMode", is("FROZEN"))
                .body("stateReason", containsString("its agent froze"))
                .body("stateReason", containsString("keeps its containers and volumes"));
        given().when().get("/api/v1/groups/{id}", h.group()).then().body("state", is("ONLINE"))
                .body("currentNodeId", is(h.node()))
                .body("stateReason", containsString("last reported: it is FROZEN"));

        deliver(kafka, new NodeHealthEvent.NodeRecovered(h.node(), "inc-1", t.plusSeconds(20), "ISOLATED"));
        given().when().get("/api/v1/nodes/{id}", h.node()).then().body("state", is("ACTIVE"))
                .body("agentMode", is("ACTIVE")).body("liveness", is("ALIVE"));
        given().when().get("/api/v1/groups/{id}", h.group()).then().body("state", is("ONLINE"))
                .body("stateReason", is("running on " + h.node()));
    }

    @Test
    void shouldShowANodeFrozenByItsOwnStatusAndServingAgainByTheNext() {
        Hosted h = hostedGroup();
        NodeStatus frozen = new NodeStatus(h.node(), "inc-1", 2, now(), NodeStatus.Mode.FROZEN,
                new Resources(4000, 8192), new Resources(750, 768), List.of(),
                List.of(new ContainerStatus(h.container(), h.group(), ContainerState.RUNNING, "pid 1")),
                List.of(new VolumeStatus(h.volume(), h.group(), 1)), null);
        deliver(kafka, frozen);

        given().when().get("/api/v1/nodes/{id}", h.node()).then().body("state", is("FROZEN"))
                .body("liveness", is("ALIVE")).body("agentMode", is("FROZEN")).body("selfFenced", is(false))
                .body("stateReason", containsString("its status says FROZEN"));
        given().when().get("/api/v1/groups/{id}", h.group()).then().body("state", is("ONLINE"))
                .body("stateReason", containsString("it is FROZEN"));

        deliver(kafka, hosting(h.node(), 3, h.group(), h.volume(), 1, h.container()));
        given().when().get("/api/v1/nodes/{id}", h.node()).then().body("state", is("ACTIVE"))
                .body("agentMode", is("ACTIVE"));
        given().when().get("/api/v1/groups/{id}", h.group()).then().body("state", is("ONLINE"))
                .body("stateReason", not(containsString("FROZEN")));
    }
}
