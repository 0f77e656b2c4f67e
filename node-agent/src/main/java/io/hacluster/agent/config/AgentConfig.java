package io.hacluster.agent.config;

import jakarta.validation.constraints.NotBlank;

import io.smallrye.config.ConfigMapping;

/** Settings of a node agent, prefix {@code agent}. */
@ConfigMapping(prefix = "agent")
public interface AgentConfig {

    /** The node this agent speaks for: unique in the cluster. */
    @NotBlank
    String nodeId();
}
