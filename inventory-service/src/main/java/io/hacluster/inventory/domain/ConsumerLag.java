package io.hacluster.inventory.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far behind the inventory's consumers are: for each topic, the records written to it that the inventory's
 * consumer group has not committed yet. Committed offsets trail what was applied by up to the consumer's commit
 * interval, so a few records behind on a busy topic is normal; a count that grows is a consumer that stands still.
 */
public final class ConsumerLag {

    private ConsumerLag() {
    }

    /**
     * One partition's offsets.
     *
     * @param committed the group's committed offset, or null when it never committed there
     * @param start the partition's first offset still kept
     * @param end the offset the next record written will get
     */
    public record Partition(String topic, int partition, Long committed, long start, long end) {

        /** Records written and not yet committed; from the first kept one when nothing was committed. */
        public long behind() {
            long from = committed == null ? start : Math.max(committed, start);
            return Math.max(0, end - from);
        }
    }

    /**
     * What was measured.
     *
     * @param measuredAt when, or null before the first measurement
     * @param behind records behind per topic, by topic name
     * @param total records behind in all
     * @param error why the last measurement failed (then the figures are those of {@code measuredAt}), or null
     */
    public record Measurement(Instant measuredAt, Map<String, Long> behind, long total, String error) {

        public static final Measurement NONE = new Measurement(null, Map.of(), 0, "not measured yet");

        public Measurement {
            behind = Map.copyOf(behind);
        }

        /** The same figures, with why they could not be measured again. */
        public Measurement failed(String why) {
            return new Measurement(measuredAt, behind, total, why);
        }
    }

    /** Sums the partitions per topic; every topic asked for appears, those with no partition at 0. */
    public static Measurement measure(Instant at, List<String> topics, List<Partition> partitions) {
        Map<String, Long> behind = new TreeMap<>();
        topics.forEach(t -> behind.put(t, 0L));
        long total = 0;
        for (Partition p : partitions) {
            behind.merge(p.topic(), p.behind(), Long::sum);
            total += p.behind();
        }
        return new Measurement(at, behind, total, null);
    }
}
