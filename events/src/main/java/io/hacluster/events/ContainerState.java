package io.hacluster.events;

/** The state of a container on a node, as its agent reports it. */
public enum ContainerState {
    /** Start requested, process not yet confirmed running. */
    STARTING,
    /** Process running. */
    RUNNING,
    /** Stop requested, process not yet gone. */
    STOPPING,
    /** Process gone after a stop. */
    STOPPED,
    /** Process exited on its own or could not be started. */
    FAILED
}
