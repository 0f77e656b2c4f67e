package io.hacluster.agent.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hacluster.agent.domain.LeaseDecision;
import io.hacluster.agent.domain.LeaseRecord;
import io.hacluster.agent.domain.LeaseState;
import io.hacluster.agent.driver.local.LeaseFile;
import io.hacluster.agent.driver.local.SharedDirStorage;

/** Two agents' storage drivers over one shared root contend for the same volumes. */
class SharedDirStorageTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path root;

    @Test
    void shouldRefuseAStaleEpochMountAndLetAHigherEpochTakeTheVolumeOver() throws Exception {
        SharedDirStorage node1 = new SharedDirStorage(root);
        SharedDirStorage node2 = new SharedDirStorage(root);

        assertThat(node1.mount("vol-1", "node-1", 1, T0)).isInstanceOf(LeaseDecision.Granted.class);
        assertThat(node2.fence("vol-1", "node-2", 2, T0)).isInstanceOf(LeaseDecision.Granted.class);
        LeaseDecision stale = node1.mount("vol-1", "node-1", 1, T0);
        assertThat(node2.mount("vol-1", "node-2", 2, T0)).isInstanceOf(LeaseDecision.Granted.class);

        assertThat(stale).isInstanceOfSatisfying(LeaseDecision.Refused.class,
                r -> assertThat(r.reason()).contains("has epoch 2, command has 1"));
        assertThat(node1.read("vol-1")).hasValue(new LeaseRecord("vol-1", "node-2", 2, LeaseState.MOUNTED, T0));
        List<String> history = Files.readAllLines(root.resolve("vol-1").resolve(LeaseFile.HISTORY));
        assertThat(history).hasSize(3);
        assertThat(history.get(0)).endsWith("node=node-1 action=mount epochBefore=0 epochAfter=1 ownerBefore=- "
                + "state=MOUNTED");
        assertThat(history.get(1)).endsWith("node=node-2 action=fence epochBefore=1 epochAfter=2 ownerBefore=node-1 "
                + "state=RESERVED");
        assertThat(history.get(2)).endsWith("node=node-2 action=mount epochBefore=2 epochAfter=2 ownerBefore=node-2 "
                + "state=MOUNTED");
        assertThat(Instant.parse(history.get(0).split(" ")[0])).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void shouldKeepEpochsRisingWhenManyTakeoversRace() throws Exception {
        SharedDirStorage node1 = new SharedDirStorage(root);
        SharedDirStorage node2 = new SharedDirStorage(root);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<LeaseDecision>> attempts = new ArrayList<>();
        for (int epoch = 1; epoch <= 40; epoch++) {
            long e = epoch;
            SharedDirStorage driver = epoch % 2 == 0 ? node1 : node2;
            String node = epoch % 2 == 0 ? "node-1" : "node-2";
            attempts.add(pool.submit(() -> driver.mount("vol-1", node, e, T0)));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        List<String> history = Files.readAllLines(root.resolve("vol-1").resolve(LeaseFile.HISTORY));
        long granted = 0;
        for (Future<LeaseDecision> attempt : attempts) {
            if (attempt.get() instanceof LeaseDecision.Granted) {
                granted++;
            }
        }
        assertThat(history).hasSize((int) granted);
        long previous = 0;
        for (String line : history) {
            long before = Long.parseLong(field(line, "epochBefore"));
            long after = Long.parseLong(field(line, "epochAfter"));
            assertThat(before).as("each change starts where the previous one ended").isEqualTo(previous);
            assertThat(after).as("epochs only rise").isGreaterThan(before);
            previous = after;
        }
        assertThat(node2.read("vol-1").orElseThrow().epoch()).isEqualTo(40);
    }

    static String field(String historyLine, String name) {
        for (String part : historyLine.split(" ")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " in " + historyLine);
    }

    @Test
    void shouldRefuseAVolumeIdThatIsNotAPlainName() {
        SharedDirStorage storage = new SharedDirStorage(root);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> storage.mount("../etc", "node-1", 1, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("volume id");
    }
}
