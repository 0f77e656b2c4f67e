package io.hacluster.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.hacluster.agent.domain.CommandLedger;

class CommandLedgerTest {

    @Test
    void shouldAnswerARepeatedCommandWithItsFirstOutcome() {
        CommandLedger<String> ledger = new CommandLedger<>(10);
        ledger.record("cmd-1", "mounted at epoch 4");

        assertThat(ledger.outcomeOf("cmd-1")).contains("mounted at epoch 4");
        assertThat(ledger.outcomeOf("cmd-2")).isEmpty();
    }

    @Test
    void shouldForgetTheOldestCommandsBeyondItsCapacity() {
        CommandLedger<String> ledger = new CommandLedger<>(2);
        ledger.record("cmd-1", "a");
        ledger.record("cmd-2", "b");
        ledger.record("cmd-3", "c");

        assertThat(ledger.outcomeOf("cmd-1")).isEmpty();
        assertThat(ledger.outcomeOf("cmd-3")).contains("c");
        assertThat(ledger.size()).isEqualTo(2);
    }
}
