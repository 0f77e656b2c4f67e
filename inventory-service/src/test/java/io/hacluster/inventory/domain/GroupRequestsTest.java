package io.hacluster.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.hacluster.inventory.domain.GroupFacts.FailoverFact;
import io.hacluster.inventory.domain.GroupRequests.Settled;

class GroupRequestsTest {

    private static final GroupCondition STOPPED = new GroupCondition(GroupState.STOPPED, "stopped by alice (req-1)");
    private static final GroupCondition STOPPING = new GroupCondition(GroupState.STOPPING, "stop requested");
    private static final GroupCondition ONLINE = new GroupCondition(GroupState.ONLINE, "running on node-2");
    private static final GroupCondition OFFLINE = new GroupCondition(GroupState.OFFLINE, "mounted on no node");

    @Test
    void shouldCompleteAStopOnceTheGroupRunsNowhere() {
        assertThat(GroupRequests.settle(RequestKind.STOP, "g1", STOPPING, null)).isEmpty();
        assertThat(GroupRequests.settle(RequestKind.STOP, "g1", STOPPED, null)).contains(new Settled(
                RequestStatus.COMPLETED, "group g1 runs nowhere: stopped"));
        FailoverFact stopped = new FailoverFact("fo-1", FailoverState.COMPLETED, GroupOutcome.STOPPED, null, null,
                null, GroupAction.STOP, null);
        assertThat(GroupRequests.settle(RequestKind.STOP, "g1", STOPPED, stopped)).contains(new Settled(
                RequestStatus.COMPLETED, "stopped by failover fo-1"));
    }

    @Test
    void shouldCompleteAStartOnceTheGroupIsOnline() {
        assertThat(GroupRequests.settle(RequestKind.START, "g1", OFFLINE, null)).isEmpty();
        assertThat(GroupRequests.settle(RequestKind.START, "g1", ONLINE, null)).contains(new Settled(
                RequestStatus.COMPLETED, "running on node-2"));
    }

    @Test
    void shouldFailAStartOrStopWhoseFailoverEndedWithoutCarryingItOut() {
        FailoverFact unplaceable = new FailoverFact("fo-2", FailoverState.COMPLETED, GroupOutcome.UNPLACEABLE, null,
                null, "no node has 512 MiB free");
        assertThat(GroupRequests.settle(RequestKind.START, "g1", OFFLINE, unplaceable)).contains(new Settled(
                RequestStatus.FAILED, "failover fo-2 could not start it: no node has 512 MiB free"));
        FailoverFact failed = new FailoverFact("fo-3", FailoverState.FAILED, GroupOutcome.FAILED, null, null, null);
        assertThat(GroupRequests.settle(RequestKind.STOP, "g1", STOPPING, failed)).contains(new Settled(
                RequestStatus.FAILED, "failover fo-3 could not stop it: no reason given"));
    }

    @Test
    void shouldCompleteAnUnmanageAtOnceAndLeaveOtherRequestsAlone() {
        assertThat(GroupRequests.settle(RequestKind.UNMANAGE, "g1", OFFLINE, null).map(Settled::status))
                .contains(RequestStatus.COMPLETED);
        assertThat(GroupRequests.settle(RequestKind.MOVE, "g1", ONLINE, null)).isEmpty();
    }
}
