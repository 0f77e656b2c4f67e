package io.hacluster.inventory;

import static io.hacluster.inventory.Fixtures.define;
import static io.hacluster.inventory.Fixtures.deliver;
import static io.hacluster.inventory.Fixtures.group;
import static io.hacluster.inventory.Fixtures.hosting;
import static io.hacluster.inventory.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.hacluster.events.AdminEvent;
import io.hacluster.events.ContainerSpec;
import io.hacluster.events.Envelope;
import io.hacluster.events.GroupSpec;
import io.hacluster.events.NodeHealthEvent;
import io.hacluster.events.Topics;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.PostgresTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.hacluster.inventory.domain.ConsumerLag;
import io.hacluster.inventory.messaging.ConsumerLagProbe;
import io.hacluster.inventory.persistence.Housekeeping;
import io.hacluster.inventory.persistence.OutboxRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class ClusterApiTest {

    static TestKafka kafka;

    @Inject
    OutboxRepository outbox;
    @Inject
    Housekeeping housekeeping;
    @Inject
    ConsumerLagProbe lag;

    @BeforeAll
    static void connect() {
        kafka = TestKafka.connect();
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void shouldBeReadyWithItsDatabase() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    @Test
    void shouldSummariseNodesAndGroupsByStateWithEveryStatePresent() {
        String node = unique("node");
        String g = unique("g");
        String v = unique("vol");
        String c = unique("c");
        define(group(g, v, c));
        deliver(kafka, hosting(node, 1, g, v, 1, c));

        given().when().get("/api/v1/cluster").then().statusCode(200)
                .body("nodes.total", greaterThanOrEqualTo(1))
                .body("nodes.byState", hasKey("ACTIVE")).body("nodes.byState", hasKey("SUSPECT"))
                .body("nodes.byState", hasKey("FAILED")).body("nodes.byState", hasKey("DRAINING"))
                .body("nodes.byState", hasKey("MAINTENANCE")).body("nodes.byState.ACTIVE", greaterThanOrEqualTo(1))
                .body("groups.total", greaterThanOrEqualTo(1)).body("groups.byState", hasKey("ONLINE"))
                .body("groups.byState", hasKey("DEGRADED")).body("groups.byState", hasKey("MOVING"))
                .body("groups.byState", hasKey("OFFLINE")).body("groups.byState", hasKey("UNPLACEABLE"))
                .body("groups.byState", hasKey("RESTARTING")).body("groups.byState", hasKey("STOPPING"))
                .body("groups.byState", hasKey("STOPPED")).body("groups.byState", hasKey("UNKNOWN"))
                .body("groups.byState.ONLINE", greaterThanOrEqualTo(1))
                .body("containers.defined", greaterThanOrEqualTo(1)).body("containers.running", greaterThanOrEqualTo(1))
                .body("failoversInProgress", notNullValue()).body("monitorAlerts", notNullValue())
                .body("pendingPublications", is(0));
    }

    @Test
    void shouldSayWhetherAMonitorConsumesTheHeartbeatsAndSinceWhenNoneDoes() {
        // a monitor instance at work is a member of its consumer group on the heartbeats
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "health-monitor");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<String, byte[]> monitor = new KafkaConsumer<>(p)) {
            monitor.subscribe(List.of(Topics.NODE_HEARTBEATS));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                monitor.poll(Duration.ofMillis(100));
                return !monitor.assignment().isEmpty();
            });
            lag.measure();
            given().when().get("/api/v1/cluster").then().statusCode(200)
                    .body("monitor.groupId", is("health-monitor")).body("monitor.state", is("CONSUMING"))
                    .body("monitor.members", is(1)).body("monitor.lastSeenAt", notNullValue())
                    .body("monitor.reason", containsString("1 monitor instance consume the heartbeats"));
        }

        // it stopped: its group has no member left, and the summary says since when none was seen
        lag.measure();
        given().when().get("/api/v1/cluster").then().body("monitor.state", is("ABSENT"))
                .body("monitor.members", is(0)).body("monitor.lastSeenAt", notNullValue())
                .body("monitor.reason", containsString("no monitor instance consumes the heartbeats"))
                .body("monitor.reason", containsString("no failure declared"));
    }

    @Test
    void shouldSayHowFarBehindItsConsumersAreOnEveryTopicItReads() {
        given().when().get("/api/v1/cluster").then().body("consumers.groupId", is("inventory-service"));
        deliver(kafka, hosting(unique("node"), 1, unique("g"), unique("vol"), 1, unique("c")));

        ConsumerLag.Measurement m = lag.measure();
        assertThat(m.error()).isNull();
        assertThat(m.behind()).containsOnlyKeys(Topics.NODE_STATUS, Topics.NODE_HEALTH, Topics.CLUSTER_ADMIN,
                Topics.PLACEMENT_DECISIONS, Topics.FAILOVER_EVENTS);
        given().when().get("/api/v1/cluster").then()
                .body("consumers.measuredAt", is(m.measuredAt().toString()))
                .body("consumers.ageMs", greaterThanOrEqualTo(0)).body("consumers.error", nullValue())
                .body("consumers.behind", hasKey(Topics.NODE_STATUS))
                .body("consumers.totalBehind", greaterThanOrEqualTo(0));
    }

    @Test
    void shouldPageThroughGroupsContainersAndVolumes() {
        String node = unique("node");
        String g = unique("g");
        String v = unique("vol");
        String c1 = unique("c");
        String c2 = unique("c");
        define(group(g, v, c1, c2));
        deliver(kafka, hosting(node, 1, g, v, 4, c1));

        given().when().get("/api/v1/groups?nodeId={n}", node).then().statusCode(200).body("total", is(1))
                .body("items[0].groupId", is(g)).body("items[0].state", is("DEGRADED"))
                .body("items[0].stateReason", is("on " + node + ", not running: " + c2 + " not reported"))
                .body("page", is(0)).body("size", is(50));
        given().when().get("/api/v1/containers?groupId={g}", g).then().statusCode(200).body("total", is(2))
                .body("items.containerId", contains(c1, c2)).body("items.state", contains("RUNNING", "ABSENT"));
        given().when().get("/api/v1/containers?groupId={g}&size=1&page=1", g).then().statusCode(200)
                .body("items.containerId", contains(c2)).body("page", is(1)).body("size", is(1));
        given().when().get("/api/v1/volumes?size=500").then().statusCode(200).body("items.volumeId", hasItem(v));
        given().when().get("/api/v1/volumes/{v}", v).then().statusCode(200).body("groupId", is(g))
                .body("currentNodeId", is(node)).body("epoch", is(4)).body("mountedOn[0].nodeId", is(node));
        given().when().get("/api/v1/volumes/{v}", "vol-nowhere").then().statusCode(404);
        given().when().get("/api/v1/containers/{c}", "c-nowhere").then().statusCode(404);
    }

    static Stream<Arguments> badListRequests() {
        return Stream.of(
                Arguments.of("/api/v1/nodes?page=-1", "page"),
                Arguments.of("/api/v1/nodes?page=first", "page"),
                Arguments.of("/api/v1/groups?size=0", "size"),
                Arguments.of("/api/v1/groups?size=501", "size"),
                Arguments.of("/api/v1/nodes?state=ALIVE", "state"),
                Arguments.of("/api/v1/groups?state=RUNNING", "state"),
                Arguments.of("/api/v1/groups?nodeId=a%20b", "nodeId"),
                Arguments.of("/api/v1/containers?groupId=a%2Fb", "groupId"),
                Arguments.of("/api/v1/failovers?nodeId=a%20b", "nodeId"),
                Arguments.of("/api/v1/volumes?size=x", "size"),
                Arguments.of("/api/v1/history?type=NoSuchEvent", "type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badListRequests")
    void shouldRefuseABadListParameterNamingIt(String url, String field) {
        given().urlEncodingEnabled(false).when().get(url).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", contains(field))
                .body("detail", containsString(field));
    }

    @Test
    void shouldServeTheHistoryNewestFirstWithWhatEachEventChanged() {
        String node = unique("node");
        deliver(kafka, Fixtures.emptyStatus(node));
        deliver(kafka, Fixtures.status(node, "inc-1", 2, List.of(), List.of()));

        given().when().get("/api/v1/history?key={n}", node).then().statusCode(200).body("total", is(2))
                .body("items[0].summary", containsString("inc-1/2")).body("items[1].summary", containsString("inc-1/1"))
                .body("items[0].topic", is("node-status")).body("items[0].type", is("NodeStatus"))
                .body("items[0].key", is(node)).body("items[0].source", containsString("test/"));
    }

    @Test
    void shouldPruneOldStatusesButKeepEveryOtherEvent() {
        String node = unique("node");
        deliver(kafka, Fixtures.emptyStatus(node));
        deliver(kafka, new NodeHealthEvent.NodeSuspected(node, "inc-1", Instant.now(),
                Instant.now(), "late"));

        housekeeping.prune(Instant.now().plus(Duration.ofDays(2)));

        given().when().get("/api/v1/history?key={n}", node).then().body("total", is(1))
                .body("items[0].type", is("NodeSuspected"));
        given().when().get("/api/v1/nodes/{n}", node).then().body("state", is("SUSPECT"));
    }

    @Test
    void shouldPublishAChangeCommittedBeforeACrashOnceTheServiceRunsAgain() {
        // the registry change and its outbox entry committed, then the service stopped before publishing: on the
        // next round the publisher finds the entry and sends it
        String g = unique("g");
        Envelope<AdminEvent> defined = Envelope.wrap(new AdminEvent.GroupDefined(new GroupSpec(g, unique("vol"),
                List.of(new ContainerSpec(unique("c"), 1, 1, List.of())), 0, List.of(), List.of(), null, null)),
                "inventory-service/1", Instant.now());
        QuarkusTransaction.requiringNew().run(() -> outbox.add(defined, Instant.now()));

        List<Envelope<?>> published = kafka.awaitEvents(Topics.CLUSTER_ADMIN,
                e -> e.eventId().equals(defined.eventId()), 1, Duration.ofSeconds(20));
        assertThat(published.get(0).payload()).isEqualTo(defined.payload());
        Fixtures.eventually(() -> assertThat(QuarkusTransaction.requiringNew().call(outbox::countPending)).isZero());
    }

    @Test
    void shouldServeTheOpenApiDocumentAndSwaggerUi() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", hasKey("/api/v1/nodes/{nodeId}")).body("paths", hasKey("/api/v1/groups/{groupId}/move"))
                .body("paths", hasKey("/api/v1/failovers/{failoverId}")).body("paths", hasKey("/api/v1/cluster"))
                .body("paths", hasKey("/api/v1/containers/{containerId}"));
        given().when().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
