package io.hacluster.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.hacluster.events.GroupSpec;
import io.hacluster.launcher.LocalCluster.Service;

/** The cluster as the inventory sees it: what runs where, printed for the user. */
final class ClusterView {

    private final LocalCluster cluster;
    private final InventoryClient inventory;

    ClusterView(LocalCluster cluster) {
        this.cluster = cluster;
        this.inventory = new InventoryClient(cluster.inventoryUrl());
    }

    InventoryClient inventory() {
        return inventory;
    }

    /** Registers the demo's groups; placement starts each on its preferred node. */
    void defineDemoGroups(Console console) {
        List<GroupSpec> groups = DemoGroups.groups(cluster.options().nodes());
        for (GroupSpec group : groups) {
            inventory.post("/api/v1/groups", group, 201);
        }
        console.step("defined " + groups.size() + " resource groups (one container and one shared volume each)");
    }

    /** Waits until every group is online. */
    void awaitSteady(Console console, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<JsonNode> groups = items(inventory.get("/api/v1/groups?size=500"));
            long online = groups.stream().filter(g -> "ONLINE".equals(g.path("state").asText())).count();
            if (!groups.isEmpty() && online == groups.size()) {
                console.step("steady: all " + groups.size() + " groups online");
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + online + " of " + groups.size() + " groups online after "
                        + timeout.toSeconds() + " s");
            }
            ManagedProcess.pause(Duration.ofMillis(500));
        }
    }

    /** Waits until the inventory shows each container running on exactly one node other than {@code from}. */
    Map<String, String> awaitContainersAway(List<String> containers, String from, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, String> where = new TreeMap<>();
            for (String c : containers) {
                JsonNode container = inventory.get("/api/v1/containers/" + c);
                if ("RUNNING".equals(container.path("state").asText()) && container.path("runningOn").size() == 1
                        && !from.equals(container.path("nodeId").asText())) {
                    where.put(c, container.path("nodeId").asText());
                }
            }
            if (where.size() == containers.size()) {
                return where;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the inventory does not show " + containers + " running away from "
                        + from + " after " + timeout.toSeconds() + " s; it shows " + where);
            }
            ManagedProcess.pause(Duration.ofMillis(200));
        }
    }

    /** Waits until the inventory shows the node in the given state. */
    void awaitNodeState(String node, String state, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!state.equals(inventory.get("/api/v1/nodes/" + node).path("state").asText())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(node + " is not " + state + " after " + timeout.toSeconds() + " s");
            }
            ManagedProcess.pause(Duration.ofMillis(200));
        }
    }

    /** Node → containers running there, from the inventory. */
    Map<String, List<String>> containersByNode() {
        Map<String, List<String>> byNode = new TreeMap<>();
        for (JsonNode node : items(inventory.get("/api/v1/nodes?size=500"))) {
            List<String> running = new ArrayList<>();
            for (JsonNode c : node.path("containers")) {
                if ("RUNNING".equals(c.path("state").asText())) {
                    running.add(c.path("containerId").asText());
                }
            }
            String state = node.path("state").asText();
            String label = node.path("nodeId").asText() + " (" + state + ")";
            if ("FAILED".equals(state) && !running.isEmpty()) {
                label += " last reported";
            }
            byNode.put(label, running);
        }
        return byNode;
    }

    void print(Console console) {
        console.raw("");
        console.raw("  node                           containers running");
        containersByNode().forEach((node, containers) -> console.raw(String.format("  %-30s %s", node, containers)));
        console.raw("");
        console.raw("  inventory API   " + cluster.inventoryUrl() + "/api/v1/cluster  (nodes, groups, containers, "
                + "failovers)");
        console.raw("  Swagger UI      " + cluster.inventoryUrl() + "/q/swagger-ui");
        for (Service s : Service.values()) {
            console.raw(String.format("  %-15s http://localhost:%d/q/health", s.module, cluster.options().portOf(s)));
        }
        console.raw("  logs            " + cluster.options().dataDir().resolve("logs"));
        console.raw("  shared storage  " + cluster.storageRoot());
        console.raw("");
    }

    static List<JsonNode> items(JsonNode page) {
        List<JsonNode> items = new ArrayList<>();
        page.path("items").forEach(items::add);
        return items;
    }
}
