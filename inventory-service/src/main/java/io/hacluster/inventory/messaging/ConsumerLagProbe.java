package io.hacluster.inventory.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.hacluster.events.Topics;
import io.hacluster.inventory.config.InventoryConfig;
import io.hacluster.inventory.domain.ConsumerLag;
import io.hacluster.inventory.domain.MonitorHearing;
import io.quarkus.scheduler.Scheduled;

/**
 * Measures every {@code inventory.consumers.lag-interval} how far behind the inventory's consumer group is on each
 * topic it reads ({@link ConsumerLag}), and whether the monitor's consumer group has members and how far behind it is
 * on the heartbeats ({@link MonitorHearing}), off the request path: the summary shows the last measurement and, when
 * the broker does not answer, why it could not be measured again.
 */
@ApplicationScoped
public class ConsumerLagProbe {

    private static final Logger LOG = Logger.getLogger(ConsumerLagProbe.class);
    /** The topics the inventory consumes, in the order of the summary. */
    static final List<String> TOPICS = List.of(Topics.NODE_STATUS, Topics.NODE_HEALTH, Topics.CLUSTER_ADMIN,
            Topics.PLACEMENT_DECISIONS, Topics.FAILOVER_EVENTS);

    @Inject
    InventoryConfig config;
    @Inject
    Clock clock;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final AtomicReference<ConsumerLag.Measurement> last = new AtomicReference<>(ConsumerLag.Measurement.NONE);
    private volatile MonitorHearing.Observation monitor;
    private volatile Instant monitorSeenAt;
    private volatile String monitorError;
    private Admin admin;

    /** The last measurement. */
    public ConsumerLag.Measurement last() {
        return last.get();
    }

    /** What the last look at the monitor's consumer group showed, as of {@code now}. */
    public MonitorHearing.Hearing monitor(Instant now) {
        return MonitorHearing.judge(monitor, monitorSeenAt, monitorError, now);
    }

    @Scheduled(every = "${inventory.consumers.lag-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        measure();
    }

    /**
     * Measures now and returns the measurement (or the last one, with why this one failed); looks at the monitor's
     * consumer group too.
     */
    public synchronized ConsumerLag.Measurement measure() {
        lookAtMonitor();
        long timeoutMs = config.consumers().lagTimeout().toMillis();
        try {
            Admin a = admin();
            Map<String, TopicDescription> described = a.describeTopics(TOPICS).allTopicNames()
                    .get(timeoutMs, TimeUnit.MILLISECONDS);
            List<TopicPartition> partitions = new ArrayList<>();
            described.values().forEach(d -> d.partitions()
                    .forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
            Map<TopicPartition, OffsetAndMetadata> committed = a.listConsumerGroupOffsets(config.consumers().groupId())
                    .partitionsToOffsetAndMetadata().get(timeoutMs, TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            partitions.forEach(tp -> {
                latest.put(tp, OffsetSpec.latest());
                earliest.put(tp, OffsetSpec.earliest());
            });
            var ends = a.listOffsets(latest).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            var starts = a.listOffsets(earliest).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            List<ConsumerLag.Partition> measured = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata c = committed.get(tp);
                measured.add(new ConsumerLag.Partition(tp.topic(), tp.partition(), c == null ? null : c.offset(),
                        starts.get(tp).offset(), ends.get(tp).offset()));
            }
            ConsumerLag.Measurement m = ConsumerLag.measure(clock.instant(), TOPICS, measured);
            ConsumerLag.Measurement before = last.getAndSet(m);
            if (before.error() != null && before.measuredAt() != null) {
                LOG.infof("consumer lag measured again: %d records behind", m.total());
            }
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return last.updateAndGet(m -> m.failed("interrupted"));
        } catch (Exception e) {
            String why = "the broker did not answer within " + timeoutMs + " ms: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage());
            ConsumerLag.Measurement before = last.get();
            if (before.error() == null) {
                LOG.warnf("consumer lag not measured: %s", why);
            }
            return last.updateAndGet(m -> m.failed(why.length() > 300 ? why.substring(0, 300) : why));
        }
    }

    /** Its members and how far behind it is on the heartbeats: the evidence that a monitor judges the nodes. */
    private void lookAtMonitor() {
        long timeoutMs = config.consumers().lagTimeout().toMillis();
        String group = config.monitor().groupId();
        try {
            Admin a = admin();
            ConsumerGroupDescription d = a.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(timeoutMs, TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = a.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(timeoutMs, TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().stream().filter(tp -> tp.topic().equals(Topics.NODE_HEARTBEATS))
                    .forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = a.listOffsets(latest).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            long behind = 0;
            for (TopicPartition tp : latest.keySet()) {
                behind += Math.max(0, ends.get(tp).offset() - committed.get(tp).offset());
            }
            Instant now = clock.instant();
            int members = d.members().size();
            if (members == 0 && (monitor == null || monitor.members() > 0)) {
                LOG.warnf("no monitor instance is a member of consumer group %s: no node is being judged", group);
            }
            monitor = new MonitorHearing.Observation(now, members, behind);
            monitorSeenAt = members > 0 ? now : monitorSeenAt;
            monitorError = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            monitorError = "interrupted";
        } catch (Exception e) {
            String why = "the broker did not answer within " + timeoutMs + " ms: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage());
            monitorError = why.length() > 300 ? why.substring(0, 300) : why;
        }
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.CLIENT_ID_CONFIG, "inventory-lag-probe",
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) config.consumers().lagTimeout().toMillis(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) config.consumers().lagTimeout().toMillis()));
        }
        return admin;
    }

    @PreDestroy
    void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
