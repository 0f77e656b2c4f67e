package io.hacluster.placement.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeConditionTest {

    /** The state table of docs/services/placement-service.md, row by row. */
    @ParameterizedTest(name = "{0}/{1} --{2}--> {3}/{4}")
    @CsvSource({
            "ACTIVE,      ALIVE,   SUSPECTED,        SUSPECT,     SUSPECT",
            "ACTIVE,      ALIVE,   FAILED,           FAILED,      FAILED",
            "SUSPECT,     SUSPECT, FAILED,           FAILED,      FAILED",
            "SUSPECT,     SUSPECT, RECOVERED,        ACTIVE,      ALIVE",
            "FAILED,      FAILED,  RECOVERED,        ACTIVE,      ALIVE",
            "FAILED,      FAILED,  REJOINED,         ACTIVE,      ALIVE",
            "FAILED,      FAILED,  SUSPECTED,        FAILED,      FAILED",
            "ACTIVE,      ALIVE,   DRAIN_REQUESTED,  DRAINING,    ALIVE",
            "SUSPECT,     SUSPECT, DRAIN_REQUESTED,  DRAINING,    SUSPECT",
            "FAILED,      FAILED,  DRAIN_REQUESTED,  MAINTENANCE, FAILED",
            "MAINTENANCE, ALIVE,   DRAIN_REQUESTED,  DRAINING,    ALIVE",
            "DRAINING,    ALIVE,   DRAIN_COMPLETED,  MAINTENANCE, ALIVE",
            "ACTIVE,      ALIVE,   DRAIN_COMPLETED,  ACTIVE,      ALIVE",
            "DRAINING,    ALIVE,   SUSPECTED,        DRAINING,    SUSPECT",
            "DRAINING,    ALIVE,   FAILED,           DRAINING,    FAILED",
            "MAINTENANCE, ALIVE,   FAILED,           MAINTENANCE, FAILED",
            "MAINTENANCE, FAILED,  REJOINED,         MAINTENANCE, ALIVE",
            "MAINTENANCE, ALIVE,   RESUME_REQUESTED, ACTIVE,      ALIVE",
            "MAINTENANCE, FAILED,  RESUME_REQUESTED, FAILED,      FAILED",
            "DRAINING,    SUSPECT, RESUME_REQUESTED, SUSPECT,     SUSPECT",
            "ACTIVE,      ALIVE,   RESUME_REQUESTED, ACTIVE,      ALIVE"})
    void shouldFollowTheNodeStateTable(NodeState from, Liveness live, NodeEvent event, NodeState to,
            Liveness liveAfter) {
        assertThat(new NodeCondition(from, live).on(event)).isEqualTo(new NodeCondition(to, liveAfter));
    }

    @Test
    void shouldKeepANodeInMaintenanceThroughARebootUntilAnOperatorResumesIt() {
        NodeCondition node = NodeCondition.NEW.on(NodeEvent.DRAIN_REQUESTED).on(NodeEvent.DRAIN_COMPLETED);

        node = node.on(NodeEvent.FAILED).on(NodeEvent.REJOINED);
        assertThat(node.state()).isEqualTo(NodeState.MAINTENANCE);

        assertThat(node.on(NodeEvent.RESUME_REQUESTED).state()).isEqualTo(NodeState.ACTIVE);
    }
}
