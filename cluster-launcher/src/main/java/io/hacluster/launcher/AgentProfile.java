package io.hacluster.launcher;

import java.util.LinkedHashMap;
import java.util.Map;

/** The settings of a local node agent: real processes, volumes as directories under the shared storage root. */
final class AgentProfile {

    private AgentProfile() {
    }

    static Map<String, String> of(Options options, int node) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("agent.runtime.driver", "process");
        props.put("agent.runtime.log-dir", options.dataDir().resolve("logs").resolve("containers").toString());
        props.put("agent.storage.driver", "shared-dir");
        props.put("agent.storage.root", options.dataDir().resolve("storage").toString());
        props.put("agent.volumes", String.join(",", DemoGroups.volumes(options.nodes())));
        props.put("agent.capacity.cpu-millis", "4000");
        props.put("agent.capacity.memory-mb", "4096");
        if (options.brokers() > 1) {
            // a broker that dies outright holds every acks=all send it replicated until the controllers fence it and
            // the clients find the new leaders: under 2 s here when idle, 6.1 s measured with every core kept busy
            // (the active controller killed). An agent must not take that for isolation; the monitor waits as much
            // longer before it declares a silent node failed, so detection is slower with several brokers
            props.put("agent.isolation-timeout", "8000ms");
        }
        props.putAll(options.agentProperties());
        return props;
    }
}
