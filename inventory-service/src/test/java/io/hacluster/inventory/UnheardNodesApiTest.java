package io.hacluster.inventory;

import static io.hacluster.inventory.Fixtures.deliver;
import static io.hacluster.inventory.Fixtures.hosting;
import static io.hacluster.inventory.Fixtures.now;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.NodeStatus;
import io.hacluster.events.WitnessSlot;
import io.hacluster.events.serde.EventCodec;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.PostgresTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.hacluster.inventory.Fixtures.Hosted;
import io.hacluster.inventory.persistence.NodeFreshnessCheck;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A node none of whose statuses reaches the inventory any more is not shown as it last was: UNKNOWN, or, where its
 * slot on the storage witness is fresh, what the slot says (FROZEN during a control-plane outage), until a status
 * arrives again. The check runs with the times the test gives it (its schedule is off in tests).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class UnheardNodesApiTest {

    /** {@code %test.inventory.witness.root}: the inventory reads the slots there. */
    static final Path WITNESS = Path.of("target/test-witness").resolve(WitnessSlot.DIRECTORY);
    /** {@code inventory.nodes.unheard-after}'s default. */
    static final Duration UNHEARD_AFTER = Duration.ofSeconds(15);

    static TestKafka kafka;

    @Inject
    NodeFreshnessCheck check;

    @BeforeAll
    static void connect() {
        kafka = TestKafka.connect();
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    static Hosted hostedGroup() {
        Hosted h = Fixtures.hostedGroup(kafka);
        given().when().get("/api/v1/nodes/{id}", h.node()).then().body("state", is("ACTIVE"))
                .body("reports", is("HEARD"));
        return h;
    }

    @Test
    void shouldShowANodeNotHeardForLongerThanItsIntervalsAsUnknownUntilItsNextStatus() {
        Hosted h = hostedGroup();
        Instant later = now().plus(UNHEARD_AFTER).plusSeconds(1);

        check.check(later.minusSeconds(2), Duration.ZERO);
        given().when().get("/api/v1/nodes/{id}", h.node()).then().body("state", is("ACTIVE"));

        assertThat(check.check(later, Duration.ZERO)).isPositive();
        given().when().get("/api/v1/nodes/{id}", h.node()).then().body("state", is("UNKNOWN"))
                .body("reports", is("UNHEARD")).body("liveness", is("ALIVE"))
                .body("stateReason", containsString("no status of it has reached the inventory for 16."))
                .body("stateReason", containsString("no fresh witness slot shows it"))
                .body("lastStatusAgeMs", lessThan(15_000));
        given().when().get("/api/v1/groups/{id}", h.group()).then().body("state", is("UNKNOWN"))
                .body("currentNodeId", is(h.node()))
                .body("stateReason", containsString("on " + h.node() + ", whose state is UNKNOWN (no status of it"))
                .body("stateReason", endsWith("; last reported running"))
                .body("containers[0].state", is("UNKNOWN"));
        given().when().get("/api/v1/containers/{id}", h.container()).then().body("state", is("UNKNOWN"))
                .body("nodeId", is(h.node())).body("runningOn", empty()).body("reports[0].state", is("RUNNING"));
        given().when().get("/api/v1/groups?state=UNKNOWN&size=500").then().body("items.groupId", hasItem(h.group()));
        given().when().get("/api/v1/cluster").then().body("groups.byState.UNKNOWN", greaterThanOrEqualTo(1));
        given().when().get("/api/v1/nodes?state=UNKNOWN&size=500").then().body("items.nodeId", hasItem(h.node()));
        given().when().get("/api/v1/cluster").then().body("nodes.byState.UNKNOWN", greaterThanOrEqualTo(1));
        given().when().post("/api/v1/nodes/{id}/drain", h.node()).then().statusCode(409)
                .body("detail", containsString("UNKNOWN"));
        given().when().post("/api/v1/groups/{id}/move", h.group()).then().statusCode(409)
                .body("detail", containsString("UNKNOWN"));

        // judged again with nothing new: nothing changes
        assertThat(check.check(later.plusSeconds(1), Duration.ZERO)).isZero();

        deliver(kafka, hosting(h.node(), 2, h.group(), h.volume(), 1, h.container()));
        given().when().get("/api/v1/nodes/{id}", h.node()).then().body("state", is("ACTIVE"))
                .body("reports", is("HEARD")).body("stateReason", is("its statuses reach the inventory again"));
        given().when().get("/api/v1/groups/{id}", h.group()).then().body("state", is("ONLINE"))
                .body("containers[0].state", is("RUNNING"));
        given().when().get("/api/v1/containers/{id}", h.container()).then().body("runningOn", contains(h.node()));
    }

    @Test
    void shouldShowAnUnheardNodeWhoseWitnessSlotIsFreshAsTheSlotSaysAndUnknownOnceTheSlotStops() throws Exception {
        Hosted h = hostedGroup();
        Instant later = now().plus(UNHEARD_AFTER).plusSeconds(1);
        Duration t0 = Duration.ofHours(1);

        writeSlot(h, 1, NodeStatus.Mode.FROZEN);
        check.check(later, t0); // a slot seen for the first time is not fresh until it changes
        given().when().get("/api/v1/nodes/{id}", h.node()).then().body("state", is("UNKNOWN"));

        writeSlot(h, 2, NodeStatus.Mode.FROZEN);
        check.check(later.plusMillis(500), t0.plusMillis(500));
        given().when().get("/api/v1/nodes/{id}", h.node()).then().body("state", is("FROZEN"))
                .body("reports", is("WITNESSED")).body("agentMode", is("FROZEN"))
                .body("stateReason", containsString("its witness slot is fresh (changed 0.0 s ago) and says FROZEN"))
                .body("stateReason", containsString("holding " + h.volume()))
                .body("stateReason", containsString("keeps its containers and volumes"));
        given().when().get("/api/v1/groups/{id}", h.group()).then().body("currentNodeId", is(h.node()))
                .body("stateReason", containsString("last reported: it is FROZEN"));

        // the slot stops changing (its node may have lost its power while frozen): nothing is known any more
        check.check(later.plusSeconds(3), t0.plusSeconds(3));
        given().when().get("/api/v1/nodes/{id}", h.node()).then().body("state", is("UNKNOWN"))
                .body("reports", is("UNHEARD"))
                .body("stateReason", containsString("its last word was that it froze"));
        given().when().get("/api/v1/groups/{id}", h.group()).then().body("state", is("UNKNOWN"))
                .body("stateReason", containsString("its last word was that it froze"));

        // the control plane is back: the agent serves, and says so
        deliver(kafka, hosting(h.node(), 2, h.group(), h.volume(), 1, h.container()));
        given().when().get("/api/v1/nodes/{id}", h.node()).then().body("state", is("ACTIVE"))
                .body("reports", is("HEARD")).body("agentMode", is("ACTIVE"));
    }

    @Test
    void shouldLeaveAFailedNodeFailedHoweverLongItIsSilent() {
        Hosted h = hostedGroup();
        Instant t = now();
        deliver(kafka, new NodeHealthEvent.NodeFailed(h.node(), "inc-1", t, t.plusSeconds(3), "silent", 500, 2000));
        check.check(t.plus(UNHEARD_AFTER).plusSeconds(10), Duration.ZERO);
        given().when().get("/api/v1/nodes/{id}", h.node()).then().body("state", is("FAILED"))
                .body("reports", not(is("UNHEARD")));
    }

    static void writeSlot(Hosted h, long seq, NodeStatus.Mode mode) throws IOException {
        Files.createDirectories(WITNESS);
        WitnessSlot slot = new WitnessSlot(h.node(), "inc-1", seq, now(), mode, false, now().minusSeconds(20), 2000,
                List.of(h.volume()));
        Path tmp = WITNESS.resolve("." + h.node() + ".tmp");
        Files.write(tmp, EventCodec.mapper().writeValueAsBytes(slot));
        Files.move(tmp, WITNESS.resolve(WitnessSlot.fileName(h.node())), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }
}
