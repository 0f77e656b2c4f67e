package io.hacluster.inventory;

import static io.hacluster.inventory.Fixtures.hosting;
import static io.hacluster.inventory.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.hacluster.infra.testing.KafkaTestResource;
import io.hacluster.infra.testing.PostgresTestResource;
import io.hacluster.infra.testing.TestKafka;
import io.hacluster.inventory.persistence.HistoryEntry;
import io.hacluster.inventory.persistence.HistoryRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Measures how fast the inventory applies node statuses and answers the read API, against the real broker and
 * database. It prints figures and asserts nothing about speed. Not part of the test run; run it with
 * {@code ./mvnw -pl inventory-service -am verify -Dtest=InventoryBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * and read the figures in {@code inventory-service/target/surefire-reports/io.hacluster.inventory.InventoryBenchmark-output.txt}.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
class InventoryBenchmark {

    static final int NODES = 50;
    static final int STATUSES_PER_NODE = 40;
    static final int REQUESTS = 200;

    @Inject
    HistoryRepository history;

    @Test
    void measureStatusApplyRateAndReadLatency() {
        List<String> nodes = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        List<Long> defineMicros = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            String node = unique("bench-node");
            String g = unique("bench-g");
            nodes.add(node);
            groups.add(g);
            Map<String, Object> body = Fixtures.group(g, "vol-" + g, g + "-c1", g + "-c2");
            defineMicros.add(micros(() -> given().contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/groups").then().statusCode(201)));
        }
        List<String> lastEventIds = new ArrayList<>();
        try (TestKafka kafka = TestKafka.connect()) {
            for (int seq = 1; seq <= STATUSES_PER_NODE; seq++) {
                for (int i = 0; i < NODES; i++) {
                    String g = groups.get(i);
                    var e = Fixtures.envelope(hosting(nodes.get(i), seq, g, "vol-" + g, 1, g + "-c1", g + "-c2"));
                    kafka.send(e);
                    if (seq == STATUSES_PER_NODE) {
                        lastEventIds.add(e.eventId());
                    }
                }
            }
        }
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> QuarkusTransaction.requiringNew()
                        .call(() -> history.count("eventId in ?1", lastEventIds) == lastEventIds.size()));
        List<HistoryEntry> applied = QuarkusTransaction.requiringNew()
                .call(() -> history.list("recordKey in ?1 and type = ?2", nodes, "NodeStatus"));
        Instant first = applied.stream().map(h -> h.receivedAt).min(Instant::compareTo).orElseThrow();
        Instant last = applied.stream().map(h -> h.receivedAt).max(Instant::compareTo).orElseThrow();
        double seconds = Duration.between(first, last).toMillis() / 1000.0;

        System.out.printf("%ninventory-service benchmark (%d nodes, %d groups of 2 containers)%n", NODES, NODES);
        System.out.printf("  node statuses applied: %d in %.2f s = %.0f statuses/s (one transaction each)%n",
                applied.size(), seconds, applied.size() / seconds);
        print("POST /api/v1/groups (define, publish, await ack)", defineMicros);
        print("GET /api/v1/nodes?size=50", latency(() -> given().when().get("/api/v1/nodes?size=50")
                .then().statusCode(200)));
        print("GET /api/v1/groups?size=50", latency(() -> given().when().get("/api/v1/groups?size=50")
                .then().statusCode(200)));
        print("GET /api/v1/groups/{id}", latency(() -> given().when().get("/api/v1/groups/{id}", groups.get(0))
                .then().statusCode(200)));
        print("GET /api/v1/cluster", latency(() -> given().when().get("/api/v1/cluster").then().statusCode(200)));
    }

    private static List<Long> latency(Runnable request) {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            micros.add(micros(() -> {
                request.run();
                return null;
            }));
        }
        return micros;
    }

    private static long micros(Supplier<?> work) {
        long start = System.nanoTime();
        work.get();
        return (System.nanoTime() - start) / 1000;
    }

    private static void print(String what, List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        System.out.printf("  %-50s n=%d p50=%.1f ms p95=%.1f ms max=%.1f ms%n", what, sorted.size(),
                sorted.get(sorted.size() / 2) / 1000.0, sorted.get((int) (sorted.size() * 0.95)) / 1000.0,
                sorted.get(sorted.size() - 1) / 1000.0);
    }
}
