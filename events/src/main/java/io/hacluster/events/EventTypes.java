package io.hacluster.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of event types: the type name written in the envelope, the payload class, and its current schema
 * version. A type name is the payload's simple class name and never changes once published.
 */
public final class EventTypes {

    /**
     * One registered type.
     *
     * @param name the type name on the wire
     * @param payloadClass the Java record
     * @param schemaVersion the version this code writes
     */
    public record Type(String name, Class<? extends EventPayload> payloadClass, int schemaVersion) {
    }

    private static final Map<String, Type> BY_NAME = new LinkedHashMap<>();
    private static final Map<Class<?>, Type> BY_CLASS = new LinkedHashMap<>();

    static {
        register(NodeHeartbeat.class);
        register(NodeStatus.class);
        register(NodeHealthEvent.NodeSuspected.class);
        register(NodeHealthEvent.NodeFailed.class);
        register(NodeHealthEvent.NodeRecovered.class);
        register(NodeHealthEvent.NodeRejoined.class);
        register(NodeHealthEvent.NodeIsolated.class);
        register(NodeHealthEvent.MonitorAlert.class);
        register(AdminEvent.GroupDefined.class);
        register(AdminEvent.GroupChanged.class);
        register(AdminEvent.GroupRemoved.class);
        register(AdminEvent.NodeDrainRequested.class);
        register(AdminEvent.NodeResumeRequested.class);
        register(AdminEvent.GroupMoveRequested.class);
        register(AdminEvent.GroupReplanRequested.class);
        register(AdminEvent.GroupDesiredStateChanged.class);
        register(AdminEvent.GroupFailuresCleared.class);
        register(PlacementDecision.FailoverPlanned.class);
        register(PlacementDecision.GroupFailureRecorded.class);
        register(AgentCommand.FenceVolume.class);
        register(AgentCommand.MountVolume.class);
        register(AgentCommand.StartContainer.class);
        register(AgentCommand.StopContainer.class);
        register(AgentCommand.UnmountVolume.class);
        register(CommandResult.CommandSucceeded.class);
        register(CommandResult.CommandFailed.class);
        register(FailoverEvent.FailoverStarted.class);
        register(FailoverEvent.NodeFenced.class);
        register(FailoverEvent.GroupStepChanged.class);
        register(FailoverEvent.GroupRelocated.class);
        register(FailoverEvent.GroupUnplaceable.class);
        register(FailoverEvent.GroupTargetFailed.class);
        register(FailoverEvent.GroupStopped.class);
        register(FailoverEvent.FailoverCompleted.class);
        register(FailoverEvent.FailoverFailed.class);
    }

    private EventTypes() {
    }

    private static void register(Class<? extends EventPayload> payloadClass) {
        Type type = new Type(payloadClass.getSimpleName(), payloadClass, 1);
        if (BY_NAME.put(type.name(), type) != null) {
            throw new IllegalStateException("duplicate event type name " + type.name());
        }
        BY_CLASS.put(payloadClass, type);
    }

    /** Every registered type. */
    public static List<Type> all() {
        return List.copyOf(BY_NAME.values());
    }

    public static Optional<Type> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static String nameOf(EventPayload payload) {
        return typeOf(payload).name();
    }

    public static int versionOf(EventPayload payload) {
        return typeOf(payload).schemaVersion();
    }

    private static Type typeOf(EventPayload payload) {
        Type type = BY_CLASS.get(payload.getClass());
        if (type == null) {
            throw new IllegalArgumentException("not a registered event type: " + payload.getClass().getName());
        }
        return type;
    }
}
