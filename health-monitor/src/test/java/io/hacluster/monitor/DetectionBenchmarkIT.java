package io.hacluster.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.hacluster.events.Envelope;
import io.hacluster.events.NodeHealthEvent.MonitorAlert;
import io.hacluster.events.NodeHealthEvent.NodeFailed;
import io.hacluster.events.NodeHealthEvent.NodeSuspected;
import io.hacluster.events.NodeHeartbeat;
import io.hacluster.events.Resources;
import io.hacluster.events.Topics;
import io.hacluster.events.serde.EventCodec;
import io.hacluster.infra.KafkaServer;

/**
 * Detection benchmark: 1,000 simulated nodes heartbeat every 500 ms over a real broker to the packaged monitor, run
 * as its own process with its default settings; ten nodes are killed at known times. Prints detection latencies,
 * false positives and the monitor process's CPU and memory. Measures, never asserts. Not part of the normal build:
 * {@code ./mvnw -pl health-monitor -am verify -DskipTests -Dbenchmark} (see docs/benchmarks.md).
 */
class DetectionBenchmarkIT {

    private static final int NODES = Integer.getInteger("benchmark.nodes", 1000);
    private static final int KILLS = 10;
    private static final Duration INTERVAL = Duration.ofMillis(500);
    private static final long ISOLATION_MS = 2000;
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("benchmark.warm-up-seconds", 30));
    private static final Duration KILL_SPACING = Duration.ofSeconds(15);
    private static final Duration RUN = Duration.ofSeconds(Long.getLong("benchmark.seconds", 200));

    @Test
    void measureDetectionLatencyAndFalsePositives() throws Exception {
        Path jar = Path.of(System.getProperty("monitor.jar", "target/quarkus-app/quarkus-run.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException("package the monitor first: " + jar + " is missing");
        }
        try (KafkaServer kafka = KafkaServer.start(0, null).createTopics()) {
            new Run(kafka.bootstrapServers(), jar).execute();
        }
    }

    private static final class Run {

        private final String bootstrap;
        private final Path jar;
        private final String[] ids = new String[NODES];
        private final String[] incarnations = new String[NODES];
        private final long[] seqs = new long[NODES];
        /** Written by the beating thread only. */
        private final long[] lastSentAt = new long[NODES];
        private final boolean[] dead = new boolean[NODES];
        private final Queue<Integer> killRequests = new ConcurrentLinkedQueue<>();
        /** Killed nodes, with the time (epoch ms) their last heartbeat was sent. */
        private final Map<Integer, Long> killed = new ConcurrentHashMap<>();
        private final Map<String, Integer> index = new ConcurrentHashMap<>();
        private final Map<String, Instant> failedSeen = new ConcurrentHashMap<>();
        private final Map<String, NodeFailed> failed = new ConcurrentHashMap<>();
        private final List<String> falseFailures = Collections.synchronizedList(new ArrayList<>());
        private final List<String> suspicionsOfLiving = Collections.synchronizedList(new ArrayList<>());
        private final List<MonitorAlert> alerts = Collections.synchronizedList(new ArrayList<>());
        private final AtomicLong sent = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);

        Run(String bootstrap, Path jar) {
            this.bootstrap = bootstrap;
            this.jar = jar;
            for (int i = 0; i < NODES; i++) {
                ids[i] = String.format(Locale.ROOT, "bench-%04d", i);
                incarnations[i] = UUID.randomUUID().toString();
                index.put(ids[i], i);
            }
        }

        void execute() throws Exception {
            ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
            Thread watcher = new Thread(this::watchNodeHealth, "node-health-watcher");
            Process monitor = null;
            try (KafkaProducer<String, byte[]> producer = producer()) {
                long start = System.currentTimeMillis();
                scheduler.scheduleAtFixedRate(() -> beat(producer, start), 0, 10, TimeUnit.MILLISECONDS);
                watcher.start();
                Process started = startMonitor();
                monitor = started;
                System.out.printf(Locale.ROOT, "benchmark: %d nodes every %d ms, monitor pid %d, warming up %d s%n",
                        NODES, INTERVAL.toMillis(), started.pid(), WARM_UP.toSeconds());
                for (int k = 0; k < KILLS; k++) {
                    int node = k * (NODES / KILLS) + 7;
                    scheduler.schedule(() -> killRequests.add(node),
                            WARM_UP.plus(KILL_SPACING.multipliedBy(k + 1)).toMillis(), TimeUnit.MILLISECONDS);
                }
                AtomicLong maxRss = new AtomicLong();
                scheduler.scheduleAtFixedRate(() -> maxRss.accumulateAndGet(rssKb(started.pid(), "VmRSS"), Math::max),
                        WARM_UP.toMillis(), 250, TimeUnit.MILLISECONDS);

                awaitElapsed(scheduler, WARM_UP);
                Duration cpuAtStart = cpu(started);
                long measuredFrom = System.currentTimeMillis();
                awaitElapsed(scheduler, RUN);
                Duration cpu = cpu(started).minus(cpuAtStart);
                long wallMs = System.currentTimeMillis() - measuredFrom;
                report(wallMs, cpu, maxRss.get(), rssKb(started.pid(), "VmHWM"));
            } finally {
                // the monitor goes first: silenced nodes would otherwise be judged on the way out
                if (monitor != null) {
                    monitor.destroy();
                    monitor.waitFor(30, TimeUnit.SECONDS);
                }
                running.set(false);
                scheduler.shutdownNow();
                watcher.join(5000);
            }
        }

        private static void awaitElapsed(ScheduledExecutorService scheduler, Duration duration)
                throws InterruptedException {
            CountDownLatch elapsed = new CountDownLatch(1);
            scheduler.schedule(elapsed::countDown, duration.toMillis(), TimeUnit.MILLISECONDS);
            elapsed.await();
        }

        private KafkaProducer<String, byte[]> producer() {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
            return new KafkaProducer<>(p);
        }

        /** Every 10 ms: the kills asked for, then the heartbeats due, each node on its own phase. */
        private void beat(KafkaProducer<String, byte[]> producer, long start) {
            for (Integer node = killRequests.poll(); node != null; node = killRequests.poll()) {
                dead[node] = true;
                killed.put(node, lastSentAt[node]);
                System.out.printf(Locale.ROOT, "killed %s; its last heartbeat was sent at %s%n", ids[node],
                        Instant.ofEpochMilli(lastSentAt[node]));
            }
            long now = System.currentTimeMillis();
            long interval = INTERVAL.toMillis();
            for (int i = 0; i < NODES; i++) {
                if (dead[i]) {
                    continue;
                }
                long phase = i * interval / NODES;
                long due = start + phase + seqs[i] * interval;
                if (now >= due) {
                    seqs[i]++;
                    NodeHeartbeat heartbeat = new NodeHeartbeat(ids[i], incarnations[i], seqs[i], Instant.now(),
                            interval, ISOLATION_MS, new Resources(8000, 16384), new Resources(1000, 2048));
                    byte[] value = EventCodec.encode(Envelope.wrap(heartbeat, "node-agent/" + ids[i], Instant.now()));
                    producer.send(new ProducerRecord<>(Topics.NODE_HEARTBEATS, ids[i], value));
                    lastSentAt[i] = System.currentTimeMillis();
                    sent.incrementAndGet();
                }
            }
        }

        private Process startMonitor() throws IOException {
            Path log = Path.of("target", "benchmark-monitor.log");
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-Dquarkus.http.port=0", "-jar", jar.toString());
            builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            return builder.start();
        }

        private void watchNodeHealth() {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
                TopicPartition tp = new TopicPartition(Topics.NODE_HEALTH, 0);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                while (running.get()) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        Object payload = EventCodec.decode(r.value(), r.topic(), r.key()).payload();
                        Integer node = index.get(r.key());
                        boolean wasKilled = node != null && killed.containsKey(node);
                        if (payload instanceof NodeFailed f) {
                            failed.put(f.nodeId(), f);
                            failedSeen.put(f.nodeId(), Instant.now());
                            if (!wasKilled) {
                                falseFailures.add(f.nodeId() + ": " + f.reason());
                            }
                        } else if (payload instanceof NodeSuspected s && !wasKilled) {
                            suspicionsOfLiving.add(s.nodeId() + " at " + s.suspectedAt());
                        } else if (payload instanceof MonitorAlert a) {
                            alerts.add(a);
                        }
                    }
                }
            }
        }

        private void report(long wallMs, Duration cpu, long maxRssKb, long peakRssKb) {
            List<Long> sinceLastSent = new ArrayList<>();
            List<Long> sinceLastArrival = new ArrayList<>();
            List<Long> untilSeen = new ArrayList<>();
            int missed = 0;
            for (Map.Entry<Integer, Long> kill : new TreeMap<>(killed).entrySet()) {
                String id = ids[kill.getKey()];
                NodeFailed f = failed.get(id);
                if (f == null) {
                    missed++;
                    continue;
                }
                sinceLastSent.add(f.detectedAt().toEpochMilli() - kill.getValue());
                sinceLastArrival.add(Duration.between(f.lastHeartbeatAt(), f.detectedAt()).toMillis());
                untilSeen.add(failedSeen.get(id).toEpochMilli() - kill.getValue());
            }
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "%n=== health-monitor detection benchmark ===%n"));
            out.append(String.format(Locale.ROOT, "nodes %d, heartbeat every %d ms, isolation timeout %d ms, "
                    + "measured %.0f s, heartbeats sent %d%n", NODES, INTERVAL.toMillis(), ISOLATION_MS,
                    wallMs / 1000.0, sent.get()));
            out.append(String.format(Locale.ROOT, "killed %d, detected %d, missed %d%n", killed.size(), sinceLastSent.size(),
                    missed));
            out.append(line("detection after the last heartbeat was sent (ms)", sinceLastSent));
            out.append(line("detection after the last heartbeat arrived (ms, monitor's own measure)",
                    sinceLastArrival));
            out.append(line("NodeFailed read by a consumer after the last heartbeat was sent (ms)", untilSeen));
            out.append(String.format(Locale.ROOT, "false positives: NodeFailed for living nodes %d, NodeSuspected "
                    + "for living nodes %d, alerts raised %s%n", falseFailures.size(), suspicionsOfLiving.size(),
                    alertsByKind()));
            List<Long> extensions = failed.values().stream().map(f -> extension(f.reason())).filter(e -> e > 0)
                    .toList();
            out.append(String.format(Locale.ROOT, "declarations whose deadline the monitor extended for its own lag: %d"
                    + "%s%n", extensions.size(),
                    extensions.isEmpty()
                            ? ""
                            : ", by up to " + extensions.stream().mapToLong(Long::longValue).max().getAsLong() + " ms"));
            falseFailures.forEach(f -> out.append("  false failure: ").append(f).append('\n'));
            suspicionsOfLiving.stream().limit(10).forEach(s -> out.append("  suspicion: ").append(s).append('\n'));
            out.append(String.format(Locale.ROOT, "monitor process: CPU %.1f s over %.0f s = %.1f%% of one core; "
                    + "RSS max %d MiB (peak %d MiB), heap limit 256 MiB%n", cpu.toMillis() / 1000.0, wallMs / 1000.0,
                    100.0 * cpu.toMillis() / wallMs, maxRssKb / 1024, peakRssKb / 1024));
            System.out.print(out);
            try {
                Files.writeString(Path.of("target", "benchmark-report.txt"), out.toString());
            } catch (IOException e) {
                System.out.println("could not write target/benchmark-report.txt: " + e.getMessage());
            }
        }

        /** Raised alerts per kind, e.g. {@code {MASS_SILENCE=0, DECLARATIONS_HELD=0, NO_QUORUM=0}}. */
        private String alertsByKind() {
            Map<MonitorAlert.Kind, Long> raised = new java.util.EnumMap<>(MonitorAlert.Kind.class);
            for (MonitorAlert.Kind kind : MonitorAlert.Kind.values()) {
                raised.put(kind, 0L);
            }
            synchronized (alerts) {
                alerts.stream().filter(MonitorAlert::active).forEach(a -> raised.merge(a.kind(), 1L, Long::sum));
            }
            return raised.toString();
        }

        /** The extension for the monitor's own lag a NodeFailed reason states, in ms, or 0. */
        private static long extension(String reason) {
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("deadlines extended by (\\d+) ms for this monitor's own lag").matcher(reason);
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        }

        private static String line(String label, List<Long> values) {
            if (values.isEmpty()) {
                return label + ": none\n";
            }
            List<Long> sorted = values.stream().sorted().toList();
            return String.format(Locale.ROOT, "%s: min %d, median %d, p99 %d, max %d%n", label, sorted.get(0),
                    percentile(sorted, 50), percentile(sorted, 99), sorted.get(sorted.size() - 1));
        }

        /** Nearest-rank percentile. */
        private static long percentile(List<Long> sorted, int p) {
            int rank = (int) Math.ceil(p / 100.0 * sorted.size());
            return sorted.get(Math.max(0, rank - 1));
        }

        private static Duration cpu(Process process) {
            return process.info().totalCpuDuration().orElse(Duration.ZERO);
        }

        private static long rssKb(long pid, String field) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith(field + ":")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                return 0;
            }
            return 0;
        }

    }
}
