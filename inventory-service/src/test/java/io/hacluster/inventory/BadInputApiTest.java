package io.hacluster.inventory;

import static io.hacluster.inventory.Fixtures.deliver;
import static io.hacluster.inventory.Fixtures.emptyStatus;
import static io.hacluster.inventory.Fixtures.group;
import static io.hacluster.inventory.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

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

import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.PostgresTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Input that is not what the API takes is a problem document that says what is wrong, never a 500 or a guess. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class BadInputApiTest {

    static TestKafka kafka;

    @BeforeAll
    static void connect() {
        kafka = TestKafka.connect();
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    /** The RFC 9457 members every error answer has. */
    static ValidatableResponse problem(ValidatableResponse r, int status, String type) {
        return r.statusCode(status).contentType("application/problem+json").body("status", is(status))
                .body("type", is("urn:ha-cluster:problem:" + type)).body("title", notNullValue())
                .body("detail", notNullValue());
    }

    @Test
    void shouldRefuseANulByteInAPathIdWith400NamingIt() {
        problem(given().urlEncodingEnabled(false).when().get("/api/v1/nodes/node%00x").then(), 400,
                "invalid-request").body("errors.field", contains("nodeId"))
                .body("detail", containsString("NUL"));
        problem(given().urlEncodingEnabled(false).when().get("/api/v1/groups/%00").then(), 400, "invalid-request")
                .body("errors.field", contains("groupId"));
        problem(given().urlEncodingEnabled(false).when().post("/api/v1/nodes/n%00/drain").then(), 400,
                "invalid-request").body("errors.field", contains("nodeId"));
        problem(given().urlEncodingEnabled(false).when().delete("/api/v1/groups/g%00").then(), 400,
                "invalid-request").body("errors.field", contains("groupId"));
        problem(given().urlEncodingEnabled(false).when().get("/api/v1/requests/req-%00").then(), 400,
                "invalid-request").body("errors.field", contains("requestId"));
    }

    @Test
    void shouldRefuseANulByteInAQueryParameterWith400NamingIt() {
        problem(given().urlEncodingEnabled(false).when().get("/api/v1/history?key=a%00b").then(), 400,
                "invalid-request").body("errors.field", contains("key"));
        problem(given().urlEncodingEnabled(false).when().get("/api/v1/failovers?nodeId=%00").then(), 400,
                "invalid-request").body("errors.field", contains("nodeId"));
    }

    static Stream<Arguments> badBodies() {
        String c = "{\"containerId\": \"%C\", \"cpuMillis\": 500, \"memoryMb\": 512}";
        return Stream.of(
                Arguments.of("a NUL byte in the group id", "{\"groupId\": \"%G\\u0000\", \"volumeId\": \"%V\", "
                        + "\"containers\": [" + c + "]}", "groupId", "NUL"),
                Arguments.of("a NUL byte in a command argument", "{\"groupId\": \"%G\", \"volumeId\": \"%V\", "
                        + "\"containers\": [{\"containerId\": \"%C\", \"cpuMillis\": 500, \"memoryMb\": 512, "
                        + "\"command\": [\"/bin/x\", \"a\\u0000\"]}]}", "containers[0].command[1]", "NUL"),
                Arguments.of("a number as the group id", "{\"groupId\": 12345, \"volumeId\": \"%V\", "
                        + "\"containers\": [" + c + "]}", "groupId", "must be a string"),
                Arguments.of("true as the volume id", "{\"groupId\": \"%G\", \"volumeId\": true, "
                        + "\"containers\": [" + c + "]}", "volumeId", "must be a string"),
                Arguments.of("a fraction of a millicore", "{\"groupId\": \"%G\", \"volumeId\": \"%V\", "
                        + "\"containers\": [{\"containerId\": \"%C\", \"cpuMillis\": 1.5, \"memoryMb\": 512}]}",
                        "containers[0].cpuMillis", "must be a whole number"),
                Arguments.of("a whole number written as a fraction", "{\"groupId\": \"%G\", \"volumeId\": \"%V\", "
                        + "\"containers\": [{\"containerId\": \"%C\", \"cpuMillis\": 500, \"memoryMb\": 512.0}]}",
                        "containers[0].memoryMb", "must be a whole number"),
                Arguments.of("a number in a string", "{\"groupId\": \"%G\", \"volumeId\": \"%V\", \"priority\": \"10\", "
                        + "\"containers\": [" + c + "]}", "priority", "must be a whole number"),
                Arguments.of("a boolean as a number", "{\"groupId\": \"%G\", \"volumeId\": \"%V\", \"priority\": true, "
                        + "\"containers\": [" + c + "]}", "priority", "must be a whole number"),
                Arguments.of("a number as an owner", "{\"groupId\": \"%G\", \"volumeId\": \"%V\", "
                        + "\"possibleOwners\": [7], \"containers\": [" + c + "]}", "possibleOwners[0]",
                        "must be a string"),
                Arguments.of("a duplicate key", "{\"groupId\": \"%G\", \"volumeId\": \"%V\", \"groupId\": \"h\", "
                        + "\"containers\": [" + c + "]}", "groupId", "more than once"),
                Arguments.of("a duplicate key in a container", "{\"groupId\": \"%G\", \"volumeId\": \"%V\", "
                        + "\"containers\": [{\"containerId\": \"%C\", \"cpuMillis\": 500, \"cpuMillis\": 5, "
                        + "\"memoryMb\": 512}]}", "containers[0].cpuMillis", "more than once"),
                Arguments.of("text after the body", "{\"groupId\": \"%G\", \"volumeId\": \"%V\", "
                        + "\"containers\": [" + c + "]} {}", "body", "after"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void shouldRefuseABodyThatIsNotExactlyWhatTheApiTakes(String what, String body, String field, String message) {
        String json = body.replace("%G", unique("g")).replace("%V", unique("vol")).replace("%C", unique("c"));
        problem(given().contentType(ContentType.JSON).body(json).when().post("/api/v1/groups").then(), 400,
                "invalid-request").body("errors.field", contains(field))
                .body("errors[0].message", containsString(message)).body("detail", containsString(field));
    }

    @Test
    void shouldNotDrainANodeWhenTheOperatorIsANumberOrNamedTwice() {
        String node = unique("node");
        deliver(kafka, emptyStatus(node));

        problem(given().contentType(ContentType.JSON).body("{\"requestedBy\": 123}")
                .when().post("/api/v1/nodes/{id}/drain", node).then(), 400, "invalid-request")
                .body("errors.field", contains("requestedBy")).body("errors[0].message", containsString("string"));
        problem(given().contentType(ContentType.JSON).body("{\"requestedBy\": \"a\", \"requestedBy\": \"b\"}")
                .when().post("/api/v1/nodes/{id}/drain", node).then(), 400, "invalid-request")
                .body("errors.field", contains("requestedBy"));
        problem(given().contentType(ContentType.JSON).body("{\"requestedBy\": \"al\\u0000ice\"}")
                .when().post("/api/v1/nodes/{id}/drain", node).then(), 400, "invalid-request")
                .body("errors.field", contains("requestedBy"));
        given().when().get("/api/v1/nodes/{id}", node).then().statusCode(200).body("state", is("ACTIVE"));
    }

    @Test
    void shouldAnswerWrongMethodWith405ProblemAndTheAllowedMethods() {
        problem(given().when().delete("/api/v1/nodes/{id}", "node-1").then(), 405, "method-not-allowed")
                .header("Allow", containsString("GET")).body("instance", is("/api/v1/nodes/node-1"));
        problem(given().contentType(ContentType.JSON).body("{}").when().patch("/api/v1/groups/{id}", "g").then(),
                405, "method-not-allowed");
    }

    @Test
    void shouldAnswerAWrongContentTypeWith415Problem() {
        Map<String, Object> g = group(unique("g"), unique("vol"), unique("c"));
        problem(given().contentType(ContentType.TEXT).body(g.toString()).when().post("/api/v1/groups").then(), 415,
                "unsupported-media-type").body("detail", containsString("application/json"));
    }

    @Test
    void shouldAnswerABodyOverTheLimitWith413Problem() {
        Map<String, Object> g = new HashMap<>(group(unique("g"), unique("vol"), unique("c")));
        g.put("antiAffinityClass", "x".repeat(1_100_000));
        problem(given().contentType(ContentType.JSON).body(g).when().post("/api/v1/groups").then(), 413,
                "payload-too-large").body("detail", containsString("1048576"));
    }

    @Test
    void shouldAnswerAUriOverTheLimitWith414Problem() {
        problem(given().when().get("/api/v1/nodes?state=" + "A".repeat(5000)).then(), 414, "uri-too-long")
                .body("detail", containsString("4096"));
        problem(given().when().get("/api/v1/groups/" + "g".repeat(5000)).then(), 414, "uri-too-long");
    }

    @Test
    void shouldAnswerAnUnknownPathWith404Problem() {
        problem(given().when().get("/api/v1/nothing-here").then(), 404, "not-found");
    }

    @Test
    void shouldStillTakeWhatIsRight() {
        given().contentType(ContentType.JSON).body(List.of()).when().post("/api/v1/groups").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", contains("body"));
        given().contentType(ContentType.JSON).body(group(unique("g"), unique("vol"), unique("c")))
                .when().post("/api/v1/groups").then().statusCode(201);
    }
}
