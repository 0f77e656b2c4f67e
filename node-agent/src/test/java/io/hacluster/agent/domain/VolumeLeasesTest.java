package io.hacluster.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class VolumeLeasesTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final Instant T1 = T0.plusSeconds(1);

    static LeaseRecord lease(String owner, long epoch, LeaseState state) {
        return new LeaseRecord("vol-1", owner, epoch, state, T0);
    }

    static LeaseRecord granted(LeaseDecision decision) {
        assertThat(decision).isInstanceOf(LeaseDecision.Granted.class);
        return ((LeaseDecision.Granted) decision).after();
    }

    static String refused(LeaseDecision decision) {
        assertThat(decision).isInstanceOf(LeaseDecision.Refused.class);
        assertThat(((LeaseDecision.Refused) decision).retryable()).isFalse();
        return ((LeaseDecision.Refused) decision).reason();
    }

    @Test
    void shouldFenceOnlyWithAHigherEpochAndReserveTheVolumeForTheNewOwner() {
        var decision = VolumeLeases.fence("vol-1", lease("node-1", 3, LeaseState.MOUNTED), "node-2", 4, T1);

        assertThat(granted(decision)).isEqualTo(new LeaseRecord("vol-1", "node-2", 4, LeaseState.RESERVED, T1));
        assertThat(((LeaseDecision.Granted) decision).evidence()).containsEntry("epochBefore", "3")
                .containsEntry("epochAfter", "4").containsEntry("ownerBefore", "node-1");
        assertThat(refused(VolumeLeases.fence("vol-1", lease("node-1", 3, LeaseState.MOUNTED), "node-2", 3, T1)))
                .contains("epoch 3").contains("higher epoch than 3");
    }

    @Test
    void shouldAnswerTheSameFenceRepeatedWithoutChange() {
        LeaseRecord reserved = lease("node-2", 4, LeaseState.RESERVED);

        var decision = (LeaseDecision.Granted) VolumeLeases.fence("vol-1", reserved, "node-2", 4, T1);

        assertThat(decision.after()).isEqualTo(reserved);
        assertThat(decision.changesOwnership()).isFalse();
    }

    @Test
    void shouldPreemptWithAHigherEpochOnMount() {
        assertThat(granted(VolumeLeases.mount("vol-1", lease("node-1", 3, LeaseState.MOUNTED), "node-2", 4, T1)))
                .isEqualTo(new LeaseRecord("vol-1", "node-2", 4, LeaseState.MOUNTED, T1));
        assertThat(granted(VolumeLeases.mount("vol-1", null, "node-2", 1, T1)).state()).isEqualTo(LeaseState.MOUNTED);
    }

    @Test
    void shouldMountAtTheRecordedEpochOnlyForTheRecordedOwner() {
        assertThat(granted(VolumeLeases.mount("vol-1", lease("node-2", 4, LeaseState.RESERVED), "node-2", 4, T1))
                .state()).isEqualTo(LeaseState.MOUNTED);
        assertThat(refused(VolumeLeases.mount("vol-1", lease("node-2", 4, LeaseState.RESERVED), "node-3", 4, T1)))
                .contains("belongs to node-2");
    }

    @Test
    void shouldRefuseAStaleEpochNamingBothEpochs() {
        String reason = refused(VolumeLeases.mount("vol-1", lease("node-2", 5, LeaseState.MOUNTED), "node-1", 4, T1));

        assertThat(reason).contains("epoch 5").contains("command has 4");
    }

    @Test
    void shouldReleaseKeepingTheEpochAndNeverLowerIt() {
        LeaseRecord released = granted(
                VolumeLeases.release("vol-1", lease("node-1", 7, LeaseState.MOUNTED), "node-1", 7, T1));

        assertThat(released).isEqualTo(new LeaseRecord("vol-1", "node-1", 7, LeaseState.RELEASED, T1));
        assertThat(refused(VolumeLeases.mount("vol-1", released, "node-2", 6, T1))).contains("stale epoch");
        assertThat(granted(VolumeLeases.mount("vol-1", released, "node-2", 8, T1)).owner()).isEqualTo("node-2");
    }

    @Test
    void shouldLeaveALeaseOfAnotherNodeAloneOnRelease() {
        LeaseRecord theirs = lease("node-2", 8, LeaseState.MOUNTED);

        var decision = (LeaseDecision.Granted) VolumeLeases.release("vol-1", theirs, "node-1", 7, T1);

        assertThat(decision.after()).isEqualTo(theirs);
        assertThat(decision.writes()).isFalse();
        assertThat(decision.changesOwnership()).isFalse();
    }

    @Test
    void shouldRefuseTheRenewalOfALeaseTakenOver() {
        assertThat(granted(VolumeLeases.renew("vol-1", lease("node-1", 7, LeaseState.MOUNTED), "node-1", 7, T1))
                .renewedAt()).isEqualTo(T1);
        assertThat(refused(VolumeLeases.renew("vol-1", lease("node-2", 8, LeaseState.RESERVED), "node-1", 7, T1)))
                .contains("no longer held by node-1 at epoch 7");
    }
}
