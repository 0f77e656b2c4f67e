package io.hacluster.executor.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hacluster.events.Envelope;
import io.hacluster.events.serde.EventCodec;
import io.hacluster.executor.domain.Failover;
import io.hacluster.executor.domain.Phase;

/** Failovers and the outbox in PostgreSQL; every method runs in the caller's transaction. */
@ApplicationScoped
public class FailoverStore {

    /** The machine's state is written field by field: the domain classes carry no persistence annotations. */
    static final ObjectMapper STATE_MAPPER = EventCodec.mapper().copy()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY);

    private final EntityManager em;

    public FailoverStore(EntityManager em) {
        this.em = em;
    }

    /** Notes that an operator drains the node; false when it was already noted. */
    public boolean drainStarted(String nodeId, String requestId, Instant at) {
        if (em.find(DrainingNode.class, nodeId) != null) {
            return false;
        }
        DrainingNode d = new DrainingNode();
        d.nodeId = nodeId;
        d.requestId = requestId;
        d.since = at;
        em.persist(d);
        return true;
    }

    /** The node is back in service; false when it was not being drained. */
    public boolean drainEnded(String nodeId) {
        DrainingNode d = em.find(DrainingNode.class, nodeId);
        if (d == null) {
            return false;
        }
        em.remove(d);
        return true;
    }

    /** The nodes being drained. */
    public List<String> drainingNodes() {
        return em.createQuery("select d.nodeId from DrainingNode d order by d.nodeId", String.class).getResultList();
    }

    public boolean exists(String failoverId) {
        return em.find(FailoverRecord.class, failoverId) != null;
    }

    public Optional<Failover> find(String failoverId) {
        return Optional.ofNullable(em.find(FailoverRecord.class, failoverId)).map(r -> decode(r.state));
    }

    /** Every failover not yet completed or failed. */
    public List<Failover> inFlight() {
        return em.createQuery("from FailoverRecord where phase in (:open) order by createdAt", FailoverRecord.class)
                .setParameter("open", List.of(Phase.FENCING.name(), Phase.RECOVERING.name()))
                .getResultStream().map(r -> decode(r.state)).toList();
    }

    public void save(Failover failover, Instant now) {
        FailoverRecord record = em.find(FailoverRecord.class, failover.failoverId());
        boolean created = record == null;
        if (created) {
            record = new FailoverRecord();
            record.failoverId = failover.failoverId();
            record.createdAt = now;
            record.triggerKind = failover.trigger().kind().name();
            record.sourceNode = failover.sourceNodeId();
        }
        record.phase = failover.phase().name();
        record.state = encode(failover);
        record.updatedAt = now;
        if (created) {
            em.persist(record);
        }
    }

    public void enqueue(Envelope<?> envelope, Instant now) {
        OutboxEntry entry = new OutboxEntry();
        entry.topic = envelope.topic();
        entry.recordKey = envelope.key();
        entry.envelope = EventCodec.encodeToString(envelope);
        entry.createdAt = now;
        em.persist(entry);
    }

    /** The oldest outbox entries, in the order they were decided. */
    public List<OutboxEntry> outbox(int limit) {
        return em.createQuery("from OutboxEntry order by id", OutboxEntry.class).setMaxResults(limit).getResultList();
    }

    /** When the oldest message still waiting in the outbox was decided, if any waits. */
    public Optional<Instant> oldestUnsent() {
        return em.createQuery("select min(createdAt) from OutboxEntry", Instant.class).getResultStream()
                .filter(java.util.Objects::nonNull).findFirst();
    }

    public long unsentCount() {
        return em.createQuery("select count(e) from OutboxEntry e", Long.class).getSingleResult();
    }

    public void sent(List<Long> ids) {
        em.createQuery("delete from OutboxEntry where id in (:ids)").setParameter("ids", ids).executeUpdate();
    }

    /** The JSON form of a failover; public for tests of the stored form. */
    public static String encode(Failover failover) {
        try {
            return STATE_MAPPER.writeValueAsString(failover);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode failover " + failover.failoverId(), e);
        }
    }

    public static Failover decode(String json) {
        try {
            return STATE_MAPPER.readValue(json, Failover.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot decode a stored failover: " + e.getOriginalMessage(), e);
        }
    }
}
