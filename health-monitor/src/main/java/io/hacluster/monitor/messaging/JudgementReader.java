package io.hacluster.monitor.messaging;

import java.time.Duration;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.hacluster.events.Envelope;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Keeps the {@link Judge} in step with node-health: at start-up it replays the whole log before any judging begins,
 * so that a restarted monitor does not declare again a node already declared failed; afterwards it follows the
 * judgements of the other instances.
 */
@ApplicationScoped
public class JudgementReader {

    private static final Logger LOG = Logger.getLogger(JudgementReader.class);

    private final Judge judge;
    private final Map<String, Object> kafka;
    private volatile boolean running = true;
    private volatile JudgementLog log;
    private Thread reader;

    @Inject
    public JudgementReader(Judge judge, @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.judge = judge;
        this.kafka = kafka;
    }

    void start(@Observes StartupEvent event) {
        reader = new Thread(this::read, "node-health-reader");
        reader.setDaemon(true);
        reader.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        JudgementLog current = log;
        if (current != null) {
            current.wakeup();
        }
    }

    private void read() {
        while (running) {
            try (JudgementLog opened = new JudgementLog(kafka)) {
                log = opened;
                int replayed = opened.replay(this::apply);
                if (!judge.isHistoryLoaded()) {
                    judge.historyLoaded(replayed);
                }
                while (running) {
                    opened.follow(this::apply, Duration.ofMillis(500));
                }
            } catch (WakeupException e) {
                return;
            } catch (KafkaException e) {
                LOG.warnf("reading node-health failed, starting over in 1 s: %s", e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void apply(Envelope<?> envelope) {
        judge.onJudgement(envelope);
    }
}
