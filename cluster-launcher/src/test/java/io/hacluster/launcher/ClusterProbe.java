package io.hacluster.launcher;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the end-to-end tests look at: the ground truth of the local cluster's processes, and the inventory's API (at
 * RestAssured's base URI).
 */
final class ClusterProbe {

    private ClusterProbe() {
    }

    /** The process of a demo container under node {@code i}'s agent, found by its command line. */
    static Optional<Long> pidOf(LocalCluster cluster, int i, String container) {
        ManagedProcess agent = cluster.agent(i);
        return ProcessHandle.of(agent.pid()).flatMap(h -> h.descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(args -> {
                    for (int k = 0; k + 1 < args.length; k++) {
                        if (args[k].equals("--container") && args[k + 1].equals(container)) {
                            return true;
                        }
                    }
                    return false;
                }).orElse(false)).map(ProcessHandle::pid).findFirst());
    }

    /** The PostgreSQL postmaster of a data directory, from its {@code postmaster.pid}. */
    static Optional<ProcessHandle> postmasterOf(java.nio.file.Path dataDir) {
        try {
            String first = java.nio.file.Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim();
            return ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive);
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Every failover the inventory knows, newest first. */
    static List<Map<String, Object>> failovers() {
        List<Map<String, Object>> items = given().queryParam("size", 500).when().get("/api/v1/failovers").then()
                .statusCode(200).extract().path("items");
        return items == null ? List.of() : items;
    }
}
