package io.hacluster.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailoverStateTest {

    @Test
    void shouldMoveForwardOnlyAndNeverReopenAnEndedFailover() {
        assertThat(FailoverState.PLANNED.next(FailoverState.RUNNING)).isEqualTo(FailoverState.RUNNING);
        assertThat(FailoverState.RUNNING.next(FailoverState.PLANNED)).isEqualTo(FailoverState.RUNNING);
        assertThat(FailoverState.PLANNED.next(FailoverState.COMPLETED)).isEqualTo(FailoverState.COMPLETED);
        assertThat(FailoverState.COMPLETED.next(FailoverState.FAILED)).isEqualTo(FailoverState.COMPLETED);
        assertThat(FailoverState.FAILED.next(FailoverState.RUNNING)).isEqualTo(FailoverState.FAILED);
    }
}
