package io.hacluster.launcher;

import java.util.ArrayList;
import java.util.List;

import io.hacluster.events.ContainerSpec;
import io.hacluster.events.FailbackPolicy;
import io.hacluster.events.GroupSpec;

/**
 * The demo's resource groups: one group per container, each on its own shared volume, as Virtuozzo keeps a
 * container's private area on its own LUN. Node 1 hosts containers 101, 102 and 103; every other node i hosts i01 and
 * i02. Each group prefers its home node; any node may take it.
 */
final class DemoGroups {

    private DemoGroups() {
    }

    static List<GroupSpec> groups(int nodes) {
        List<GroupSpec> groups = new ArrayList<>();
        for (int node = 1; node <= nodes; node++) {
            int count = node == 1 ? 3 : 2;
            for (int c = 1; c <= count; c++) {
                String id = String.valueOf(node * 100 + c);
                groups.add(new GroupSpec("ct-" + id, "vol-" + id, List.of(new ContainerSpec(id, 500, 512, List.of())),
                        node == 1 ? 20 : 10, List.of(LocalCluster.nodeId(node)), List.of(), null, FailbackPolicy.NEVER));
            }
        }
        return groups;
    }

    static List<String> volumes(int nodes) {
        return groups(nodes).stream().map(GroupSpec::volumeId).toList();
    }

    /** Node 1's containers: the ones the demo's power cut moves. */
    static List<String> containersOfNode1() {
        return List.of("101", "102", "103");
    }
}
