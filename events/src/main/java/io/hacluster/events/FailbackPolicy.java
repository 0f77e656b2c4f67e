package io.hacluster.events;

/**
 * What happens when a group's preferred owner is back after the group moved away.
 *
 * @param mode never, or back to the preferred owner
 * @param delaySeconds how long the preferred owner must be up before the group moves back
 */
public record FailbackPolicy(Mode mode, long delaySeconds) {

    public static final FailbackPolicy NEVER = new FailbackPolicy(Mode.NEVER, 0);

    public FailbackPolicy {
        mode = mode == null ? Mode.NEVER : mode;
    }

    public enum Mode {
        /** The group stays where it is. */
        NEVER,
        /** The group moves back to its most preferred owner after the delay. */
        PREFERRED_OWNER
    }
}
