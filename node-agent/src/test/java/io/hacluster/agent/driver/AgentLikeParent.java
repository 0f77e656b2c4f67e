package io.hacluster.agent.driver;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.hacluster.agent.driver.local.ProcessRuntime;
import io.hacluster.agent.driver.local.SharedDirStorage;
import io.hacluster.events.ContainerSpec;

/**
 * A stand-in for an agent process, for the test that kills it with SIGKILL: mounts a volume, starts the demo workload
 * and a shell command through the process runtime, prints {@code PIDS <pid> <pid>} and waits to be killed.
 * Arguments: {@code <storage root> <node id>}.
 */
public final class AgentLikeParent {

    private AgentLikeParent() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        String node = args[1];
        SharedDirStorage storage = new SharedDirStorage(root);
        storage.mount("vol-k", node, 1, Instant.now());
        ProcessRuntime runtime = new ProcessRuntime(node, root.resolve("logs"), (id, detail) -> {
        });
        Path data = storage.dataDir("vol-k").orElseThrow();
        runtime.start(new ContainerLaunch(node, new ContainerSpec("demo", 100, 64, List.of()), "g-k", "vol-k", 1, data));
        runtime.start(new ContainerLaunch(node, new ContainerSpec("sleeper", 100, 64, List.of("sleep", "600")), "g-k",
                "vol-k", 1, data));
        System.out.println("PIDS " + runtime.pid("demo") + " " + runtime.pid("sleeper"));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
