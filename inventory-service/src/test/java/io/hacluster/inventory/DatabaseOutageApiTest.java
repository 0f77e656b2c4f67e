package io.hacluster.inventory;

import static io.hacluster.inventory.Fixtures.eventually;
import static io.hacluster.inventory.Fixtures.group;
import static io.hacluster.inventory.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.hacluster.events.Topics;
import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** While the database does not answer, the API says so: 503, a problem document and when to try again. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(ProxiedPostgresResource.class)
@Timeout(120)
class DatabaseOutageApiTest {

    static TestKafka kafka;

    @BeforeAll
    static void connect() {
        kafka = TestKafka.connect();
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @AfterEach
    void restore() {
        ProxiedPostgresResource.proxy.restore();
    }

    @Test
    void shouldApplyAnEventThatArrivedWhileTheDatabaseWasDownOnceItIsBackNeverParkingIt() {
        String node = unique("node");
        given().when().get("/api/v1/nodes").then().statusCode(200);

        ProxiedPostgresResource.proxy.cut();
        kafka.send(Fixtures.envelope(Fixtures.emptyStatus(node)));
        // longer than every retry of a passing hiccup: the consumer waits for the database instead of parking
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(30))
                .until(() -> kafka.readAll(Topics.dlq(Topics.NODE_STATUS)).stream().noneMatch(e -> node.equals(e.key())));

        ProxiedPostgresResource.proxy.restore();

        eventually(() -> given().when().get("/api/v1/nodes/{id}", node).then().statusCode(200));
    }

    static ValidatableResponse unavailable(ValidatableResponse r) {
        return r.statusCode(503).contentType("application/problem+json").header("Retry-After", "5")
                .body("type", is("urn:ha-cluster:problem:unavailable")).body("status", is(503))
                .body("title", is("Service unavailable")).body("detail", containsString("database does not answer"));
    }

    @Test
    void shouldAnswer503WithRetryAfterWhileTheDatabaseIsDownAndServeAgainWhenItIsBack() {
        String g = unique("g");
        Map<String, Object> definition = group(g, unique("vol"), unique("c"));
        given().when().get("/api/v1/nodes").then().statusCode(200);

        ProxiedPostgresResource.proxy.cut();

        unavailable(given().when().get("/api/v1/nodes").then()).body("instance", is("/api/v1/nodes"));
        unavailable(given().when().get("/api/v1/groups/{id}", g).then());
        unavailable(given().when().get("/api/v1/cluster").then());
        unavailable(given().contentType(ContentType.JSON).body(definition).when().post("/api/v1/groups").then());
        unavailable(given().when().post("/api/v1/nodes/{id}/drain", unique("node")).then());

        ProxiedPostgresResource.proxy.restore();

        eventually(() -> given().when().get("/api/v1/nodes").then().statusCode(200));
        // what was refused was not made: the group is defined only now
        given().when().get("/api/v1/groups/{id}", g).then().statusCode(404);
        given().contentType(ContentType.JSON).body(definition).when().post("/api/v1/groups").then().statusCode(201);
    }
}
