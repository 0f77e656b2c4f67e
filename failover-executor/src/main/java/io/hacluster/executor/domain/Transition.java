package io.hacluster.executor.domain;

import java.util.ArrayList;
import java.util.List;

import io.hacluster.events.AgentCommand;
import io.hacluster.events.EventPayload;

/** What one input did: the effects for the shell to carry out, in order, and the state changes to log. */
public final class Transition {

    private final List<Effect> effects = new ArrayList<>();
    private final List<StateChange> changes = new ArrayList<>();

    /** All effects and changes of several transitions, in order. */
    public static Transition of(Transition... transitions) {
        Transition all = new Transition();
        for (Transition t : transitions) {
            all.effects.addAll(t.effects);
            all.changes.addAll(t.changes);
        }
        return all;
    }

    void send(AgentCommand command) {
        effects.add(new Effect.SendCommand(command));
    }

    void publish(EventPayload payload) {
        effects.add(new Effect.Publish(payload));
    }

    void powerFence(String failoverId, String nodeId) {
        effects.add(new Effect.RunPowerFence(failoverId, nodeId));
    }

    void changed(String subject, Object from, Object to, String why) {
        changes.add(new StateChange(subject, String.valueOf(from), String.valueOf(to), why));
    }

    public List<Effect> effects() {
        return List.copyOf(effects);
    }

    public List<StateChange> changes() {
        return List.copyOf(changes);
    }

    public boolean isEmpty() {
        return effects.isEmpty() && changes.isEmpty();
    }
}
