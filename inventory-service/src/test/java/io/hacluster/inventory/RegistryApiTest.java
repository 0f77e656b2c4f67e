package io.hacluster.inventory;

import static io.hacluster.inventory.Fixtures.define;
import static io.hacluster.inventory.Fixtures.deliver;
import static io.hacluster.inventory.Fixtures.eventually;
import static io.hacluster.inventory.Fixtures.group;
import static io.hacluster.inventory.Fixtures.hosting;
import static io.hacluster.inventory.Fixtures.replay;
import static io.hacluster.inventory.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.hacluster.events.AdminEvent;
import io.hacluster.events.ContainerSpec;
import io.hacluster.events.Envelope;
import io.hacluster.events.FailbackPolicy;
import io.hacluster.events.GroupSpec;
import io.hacluster.events.HealthCheck;
import io.hacluster.events.RecoveryPolicy;
import io.hacluster.events.Topics;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.PostgresTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class RegistryApiTest {

    static TestKafka kafka;

    @BeforeAll
    static void connect() {
        kafka = TestKafka.connect();
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void shouldDefineAGroupPublishItForPlacementAndRecordItOnce() {
        String g = unique("g");
        String v = unique("vol");
        String c1 = unique("c");
        String c2 = unique("c");
        Map<String, Object> body = new HashMap<>(group(g, v, c1, c2));
        body.put("preferredOwners", List.of("node-a", "node-b"));
        body.put("antiAffinityClass", "db");
        body.put("failback", Map.of("mode", "PREFERRED_OWNER", "delaySeconds", 300));

        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/groups")
                .then().statusCode(201).header("Location", endsWith("/api/v1/groups/" + g))
                .body("groupId", is(g)).body("volumeId", is(v)).body("state", is("OFFLINE"))
                .body("stateReason", is("waiting for its first placement")).body("currentNodeId", nullValue())
                .body("containers.containerId", contains(c1, c2)).body("containers.state", contains("ABSENT", "ABSENT"))
                .body("preferredOwners", contains("node-a", "node-b")).body("failback.mode", is("PREFERRED_OWNER"))
                .body("failback.delaySeconds", is(300)).body("antiAffinityClass", is("db"));

        List<Envelope<?>> published = kafka.awaitEvents(Topics.CLUSTER_ADMIN,
                e -> e.payload() instanceof AdminEvent.GroupDefined d && d.group().groupId().equals(g), 1,
                Duration.ofSeconds(20));
        GroupSpec spec = ((AdminEvent.GroupDefined) published.get(0).payload()).group();
        assertThat(spec.containers()).extracting(ContainerSpec::containerId).containsExactly(c1, c2);
        assertThat(spec.failback()).isEqualTo(new FailbackPolicy(FailbackPolicy.Mode.PREFERRED_OWNER, 300));
        assertThat(published.get(0).source()).isEqualTo("inventory-service/1");

        // the inventory reads its own event back from cluster-admin: it is already in the history and changes nothing
        replay(kafka, published.get(0));
        given().when().get("/api/v1/history?key={g}&type=GroupDefined", g).then().statusCode(200).body("total", is(1))
                .body("items[0].type", is("GroupDefined")).body("items[0].summary", containsString(v));
        given().when().get("/api/v1/groups/{id}", g).then().statusCode(200).body("containers.size()", is(2));
        given().when().get("/api/v1/groups?state=OFFLINE&size=500").then().statusCode(200)
                .body("items.groupId", hasItem(g));
    }

    @Test
    void shouldRefuseADuplicateGroupVolumeOrContainer() {
        String g = unique("g");
        String v = unique("vol");
        String c = unique("c");
        define(group(g, v, c));

        given().contentType(ContentType.JSON).body(group(g, unique("vol"), unique("c")))
                .when().post("/api/v1/groups")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", is("urn:ha-cluster:problem:conflict")).body("status", is(409))
                .body("errors.field", contains("groupId")).body("detail", containsString("already exists"));
        given().contentType(ContentType.JSON).body(group(unique("g"), v, unique("c")))
                .when().post("/api/v1/groups")
                .then().statusCode(409).body("errors.field", contains("volumeId"))
                .body("detail", containsString("volume " + v + " already belongs to group " + g));
        given().contentType(ContentType.JSON).body(group(unique("g"), unique("vol"), unique("c"), c))
                .when().post("/api/v1/groups")
                .then().statusCode(409).body("errors.field", contains("containers[1].containerId"))
                .body("detail", containsString("container " + c + " already belongs to group " + g));
    }

    static Stream<Arguments> invalidDefinitions() {
        return Stream.of(
                Arguments.of("no group id", without("groupId"), "groupId"),
                Arguments.of("a bad group id", with("groupId", "has space"), "groupId"),
                Arguments.of("no volume", without("volumeId"), "volumeId"),
                Arguments.of("no containers", with("containers", List.of()), "containers"),
                Arguments.of("a container without id",
                        with("containers", List.of(Map.of("cpuMillis", 1, "memoryMb", 1))), "containers[0].containerId"),
                Arguments.of("no CPU", with("containers", List.of(Map.of("containerId", "x1", "memoryMb", 1))),
                        "containers[0].cpuMillis"),
                Arguments.of("zero memory",
                        with("containers", List.of(Map.of("containerId", "x1", "cpuMillis", 1, "memoryMb", 0))),
                        "containers[0].memoryMb"),
                Arguments.of("a container twice", with("containers", List.of(
                        Map.of("containerId", "x1", "cpuMillis", 1, "memoryMb", 1),
                        Map.of("containerId", "x1", "cpuMillis", 1, "memoryMb", 1))), "containers[1].containerId"),
                Arguments.of("a blank program", with("containers", List.of(
                        Map.of("containerId", "x1", "cpuMillis", 1, "memoryMb", 1, "command", List.of(" ")))),
                        "containers[0].command[0]"),
                Arguments.of("a priority out of range", with("priority", 1001), "priority"),
                Arguments.of("a preferred owner twice", with("preferredOwners", List.of("n1", "n1")),
                        "preferredOwners[1]"),
                Arguments.of("a bad possible owner", with("possibleOwners", List.of("no/slash")), "possibleOwners[0]"),
                Arguments.of("a preferred owner that is not possible",
                        with(with("possibleOwners", List.of("n2")), "preferredOwners", List.of("n1")),
                        "preferredOwners[0]"),
                Arguments.of("a bad anti-affinity class", with("antiAffinityClass", "a b"), "antiAffinityClass"),
                Arguments.of("an unknown failback mode", with("failback", Map.of("mode", "SOMETIMES")),
                        "failback.mode"),
                Arguments.of("failback without a preferred owner", with("failback", Map.of("mode", "PREFERRED_OWNER")),
                        "failback.mode"),
                Arguments.of("a negative failback delay",
                        with("failback", Map.of("mode", "NEVER", "delaySeconds", -1)), "failback.delaySeconds"),
                Arguments.of("a negative restart threshold", with("recovery", Map.of("restartThreshold", -1)),
                        "recovery.restartThreshold"),
                Arguments.of("a restart period of zero", with("recovery", Map.of("restartPeriodSeconds", 0)),
                        "recovery.restartPeriodSeconds"),
                Arguments.of("a failure threshold of zero", with("recovery", Map.of("failureThreshold", 0)),
                        "recovery.failureThreshold"),
                Arguments.of("a failure timeout over a week",
                        with("recovery", Map.of("failureTimeoutSeconds", 604_801)), "recovery.failureTimeoutSeconds"),
                Arguments.of("a misspelt recovery field", with("recovery", Map.of("restartTreshold", 1)),
                        "recovery.restartTreshold"),
                Arguments.of("a check without a command", withCheck(Map.of("intervalMs", 1000)),
                        "containers[0].check.command"),
                Arguments.of("a check too often", withCheck(Map.of("command", List.of("/bin/true"), "intervalMs", 50)),
                        "containers[0].check.intervalMs"),
                Arguments.of("a check timeout longer than its interval", withCheck(Map.of("command",
                        List.of("/bin/true"), "intervalMs", 1000, "timeoutMs", 1001)), "containers[0].check.timeoutMs"),
                Arguments.of("a check failure threshold of zero", withCheck(Map.of("command", List.of("/bin/true"),
                        "failureThreshold", 0)), "containers[0].check.failureThreshold"),
                Arguments.of("a misspelt field", with("prefferedOwners", List.of("n1")), "prefferedOwners"),
                Arguments.of("a priority that is not a number", with("priority", "high"), "priority"),
                Arguments.of("a list where a text is expected", with("volumeId", List.of("v")), "volumeId"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDefinitions")
    void shouldRefuseAnInvalidDefinitionNamingTheField(String rule, Map<String, Object> body, String field) {
        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/groups")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", is("urn:ha-cluster:problem:invalid-request")).body("title", is("Invalid request"))
                .body("status", is(400)).body("errors.field", hasItem(field))
                .body("detail", containsString(field)).body("instance", is("/api/v1/groups"));
    }

    @Test
    void shouldKeepShowAndPublishARecoveryPolicyAndHealthChecks() {
        String g = unique("g");
        String v = unique("vol");
        String c1 = unique("c");
        String c2 = unique("c");
        Map<String, Object> body = new HashMap<>(group(g, v));
        body.put("containers", List.of(
                Map.of("containerId", c1, "cpuMillis", 500, "memoryMb", 512, "command", List.of("/usr/sbin/db"),
                        "check", Map.of("command", List.of("/usr/bin/db-ping", "-q"), "intervalMs", 2000,
                                "timeoutMs", 1000, "failureThreshold", 2)),
                Map.of("containerId", c2, "cpuMillis", 100, "memoryMb", 64)));
        body.put("recovery", Map.of("restartThreshold", 3, "restartPeriodSeconds", 600));

        given().contentType(ContentType.JSON).body(body).when().post("/api/v1/groups").then().statusCode(201)
                .body("recovery.restartThreshold", is(3)).body("recovery.restartPeriodSeconds", is(600))
                .body("recovery.failureThreshold", is(2)).body("recovery.failureTimeoutSeconds", is(900))
                .body("containers[0].check.command", contains("/usr/bin/db-ping", "-q"))
                .body("containers[0].check.intervalMs", is(2000)).body("containers[0].check.timeoutMs", is(1000))
                .body("containers[0].check.failureThreshold", is(2)).body("containers[1].check", nullValue());
        given().when().get("/api/v1/containers/{id}", c1).then().body("check.intervalMs", is(2000));
        List<Envelope<?>> defined = kafka.awaitEvents(Topics.CLUSTER_ADMIN,
                e -> e.payload() instanceof AdminEvent.GroupDefined d && d.group().groupId().equals(g), 1,
                Duration.ofSeconds(20));
        GroupSpec spec = ((AdminEvent.GroupDefined) defined.get(0).payload()).group();
        assertThat(spec.recovery()).isEqualTo(new RecoveryPolicy(3, 600, 2, 900));
        assertThat(spec.containers().get(0).check()).isEqualTo(new HealthCheck(List.of("/usr/bin/db-ping", "-q"),
                2000, 1000, 2));
        assertThat(spec.containers().get(1).check()).isNull();

        // a change of the check alone is a change, published; the same definition again is not
        body.put("containers", List.of(
                Map.of("containerId", c1, "cpuMillis", 500, "memoryMb", 512, "command", List.of("/usr/sbin/db"),
                        "check", Map.of("command", List.of("/usr/bin/db-ping", "-q"), "intervalMs", 5000)),
                Map.of("containerId", c2, "cpuMillis", 100, "memoryMb", 64)));
        given().contentType(ContentType.JSON).body(body).when().put("/api/v1/groups/{id}", g).then().statusCode(200)
                .body("containers[0].check.intervalMs", is(5000)).body("containers[0].check.timeoutMs", is(5000))
                .body("containers[0].check.failureThreshold", is(3));
        given().contentType(ContentType.JSON).body(body).when().put("/api/v1/groups/{id}", g).then().statusCode(200);
        kafka.awaitEvents(Topics.CLUSTER_ADMIN, e -> e.payload() instanceof AdminEvent.GroupChanged ch
                && ch.group().groupId().equals(g) && ch.group().containers().get(0).check().intervalMs() == 5000
                && ch.group().recovery().restartThreshold() == 3, 1, Duration.ofSeconds(20));
        given().when().get("/api/v1/history?key={g}&type=GroupChanged", g).then().body("total", is(1));
    }

    @Test
    void shouldRefuseABodyThatIsNotJson() {
        given().contentType(ContentType.JSON).body("{\"groupId\": ")
                .when().post("/api/v1/groups")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("body"));
    }

    @Test
    void shouldChangeAGroupAndPublishOnlyARealChange() {
        String g = unique("g");
        String v = unique("vol");
        String c = unique("c");
        define(group(g, v, c));
        Map<String, Object> changed = new HashMap<>(group(g, v, c));
        changed.put("priority", 99);
        changed.remove("groupId");

        given().contentType(ContentType.JSON).body(changed)
                .when().put("/api/v1/groups/{id}", g)
                .then().statusCode(200).body("priority", is(99));
        kafka.awaitEvents(Topics.CLUSTER_ADMIN,
                e -> e.payload() instanceof AdminEvent.GroupChanged ch && ch.group().groupId().equals(g)
                        && ch.group().priority() == 99,
                1, Duration.ofSeconds(20));
        given().contentType(ContentType.JSON).body(changed)
                .when().put("/api/v1/groups/{id}", g)
                .then().statusCode(200).body("priority", is(99));
        given().when().get("/api/v1/history?key={g}&type=GroupChanged", g).then().body("total", is(1));

        given().contentType(ContentType.JSON).body(group(unique("g"), v, c))
                .when().put("/api/v1/groups/{id}", g)
                .then().statusCode(400).body("errors.field", contains("groupId"));
        given().contentType(ContentType.JSON).body(group("missing", v, c))
                .when().put("/api/v1/groups/{id}", "missing")
                .then().statusCode(404).body("type", is("urn:ha-cluster:problem:not-found"));
    }

    @Test
    void shouldRefuseToChangeTheVolumeOfAMountedGroup() {
        String g = unique("g");
        String v = unique("vol");
        String c = unique("c");
        String node = unique("node");
        define(group(g, v, c));
        deliver(kafka, hosting(node, 1, g, v, 1, c));
        eventually(() -> given().when().get("/api/v1/groups/{id}", g).then().body("state", is("ONLINE"))
                .body("currentNodeId", is(node)));

        given().contentType(ContentType.JSON).body(group(g, unique("vol"), c))
                .when().put("/api/v1/groups/{id}", g)
                .then().statusCode(409).body("errors.field", contains("volumeId"))
                .body("detail", containsString("mounted on " + node));
    }

    @Test
    void shouldRemoveAGroupAndPublishTheRemoval() {
        String g = unique("g");
        String v = unique("vol");
        String c = unique("c");
        define(group(g, v, c));

        given().when().delete("/api/v1/groups/{id}", g).then().statusCode(204);
        given().when().get("/api/v1/groups/{id}", g).then().statusCode(404)
                .body("detail", is("group " + g + " is not known"));
        given().when().get("/api/v1/containers/{id}", c).then().statusCode(404);
        kafka.awaitEvents(Topics.CLUSTER_ADMIN,
                e -> e.payload() instanceof AdminEvent.GroupRemoved r && r.groupId().equals(g)
                        && v.equals(r.volumeId()),
                1, Duration.ofSeconds(20));
        given().when().delete("/api/v1/groups/{id}", g).then().statusCode(404);
        // the volume and the container id are free again
        define(group(unique("g"), v, c));
    }

    @Test
    void shouldApplyAGroupDefinedByAnotherPublisherOnce() {
        String g = unique("g");
        String c = unique("c");
        GroupSpec spec = new GroupSpec(g, unique("vol"), List.of(new ContainerSpec(c, 100, 64, List.of("/bin/true"))),
                5, List.of(), List.of(), null, null);
        Envelope<?> defined = Fixtures.envelope(new AdminEvent.GroupDefined(spec));
        deliver(kafka, defined);
        replay(kafka, defined);

        given().when().get("/api/v1/containers/{id}", c).then().statusCode(200).body("groupId", is(g))
                .body("command", contains("/bin/true")).body("state", is("ABSENT")).body("nodeId", nullValue());
        given().when().get("/api/v1/history?key={g}&type=GroupDefined", g).then().body("total", is(1));
    }

    private static Map<String, Object> withCheck(Map<String, Object> check) {
        return with("containers", List.of(Map.of("containerId", "x1", "cpuMillis", 1, "memoryMb", 1, "check", check)));
    }

    private static Map<String, Object> valid() {
        return group("g-valid", "vol-valid", "c-valid");
    }

    private static Map<String, Object> without(String field) {
        Map<String, Object> m = new HashMap<>(valid());
        m.remove(field);
        return m;
    }

    private static Map<String, Object> with(String field, Object value) {
        return with(valid(), field, value);
    }

    private static Map<String, Object> with(Map<String, Object> base, String field, Object value) {
        Map<String, Object> m = new HashMap<>(base);
        m.put(field, value);
        return m;
    }
}
