package io.hacluster.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.hacluster.events.serde.EventCodec;
import io.hacluster.events.serde.EventDeserializer;
import io.hacluster.events.serde.EventSerializer;
import io.hacluster.events.serde.MalformedEventException;

class EventCodecTest {

    static Iterable<EventPayload> payloads() {
        return SampleEvents.all();
    }

    @Test
    void shouldHaveASampleOfEveryRegisteredType() {
        Set<String> sampled = SampleEvents.all().stream().map(EventTypes::nameOf).collect(Collectors.toSet());
        Set<String> registered = EventTypes.all().stream().map(EventTypes.Type::name).collect(Collectors.toSet());
        assertThat(sampled).isEqualTo(registered);
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void shouldReadBackEveryEventUnchanged(EventPayload payload) {
        Envelope<EventPayload> sent = Envelope.wrap(payload, "test/1", SampleEvents.T0);

        byte[] wire = new EventSerializer().serialize(payload.topic(), sent);
        Envelope<?> received = new EventDeserializer().deserialize(payload.topic(), wire);

        assertThat(received).isEqualTo(sent);
        assertThat(received.type()).isEqualTo(payload.getClass().getSimpleName());
        assertThat(received.key()).isEqualTo(payload.key());
    }

    @Test
    void shouldWriteTheEnvelopeFieldsAtTheTopLevel() throws Exception {
        var hb = SampleEvents.all().get(0);
        var json = EventCodec.mapper().readTree(EventCodec.encode(Envelope.wrap(hb, "node-agent/node-1", SampleEvents.T0)));

        assertThat(json.get("type").asText()).isEqualTo("NodeHeartbeat");
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(json.get("occurredAt").asText()).isEqualTo("2026-11-27T10:15:30.123Z");
        assertThat(json.get("source").asText()).isEqualTo("node-agent/node-1");
        assertThat(json.get("payload").get("nodeId").asText()).isEqualTo("node-1");
    }

    @Test
    void shouldIgnoreUnknownFieldsInEnvelopeAndPayload() throws Exception {
        var sent = Envelope.wrap(SampleEvents.all().get(0), "test/1", SampleEvents.T0);
        ObjectNode json = (ObjectNode) EventCodec.mapper().readTree(EventCodec.encode(sent));
        json.put("traceId", "abc");
        ((ObjectNode) json.get("payload")).put("rackId", "r7");
        ((ObjectNode) json.get("payload")).putObject("future").put("x", 1);

        Envelope<?> received = EventCodec.decode(json.toString());

        assertThat(received).isEqualTo(sent);
    }

    @Test
    void shouldReadANewerSchemaVersionOfAKnownType() throws Exception {
        var sent = Envelope.wrap(SampleEvents.all().get(0), "test/1", SampleEvents.T0);
        ObjectNode json = (ObjectNode) EventCodec.mapper().readTree(EventCodec.encode(sent));
        json.put("schemaVersion", 3);

        assertThat(EventCodec.decode(json.toString()).payload()).isEqualTo(sent.payload());
    }

    @Test
    void shouldReadAnUnknownTypeAsUnknownEventSoThatReadersCanSkipIt() {
        String json = """
                {"eventId":"e1","type":"NodeTeleported","schemaVersion":1,"occurredAt":"2026-11-27T10:00:00Z",
                 "source":"future/1","payload":{"nodeId":"node-1"}}""";

        Envelope<?> received = new EventDeserializer().deserialize("node-health", json.getBytes(StandardCharsets.UTF_8));

        assertThat(received.payload()).isEqualTo(new UnknownEvent("NodeTeleported", null, "node-health"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json at all",
            "[1,2,3]",
            "{\"type\":\"NodeHeartbeat\",\"schemaVersion\":1,\"occurredAt\":\"2026-11-27T10:00:00Z\",\"source\":\"s\",\"payload\":{}}",
            "{\"eventId\":\"e1\",\"schemaVersion\":1,\"occurredAt\":\"2026-11-27T10:00:00Z\",\"source\":\"s\",\"payload\":{}}",
            "{\"eventId\":\"e1\",\"type\":\"NodeHeartbeat\",\"schemaVersion\":0,\"occurredAt\":\"2026-11-27T10:00:00Z\",\"source\":\"s\",\"payload\":{}}",
            "{\"eventId\":\"e1\",\"type\":\"NodeHeartbeat\",\"schemaVersion\":1,\"occurredAt\":\"yesterday\",\"source\":\"s\",\"payload\":{}}",
            "{\"eventId\":\"e1\",\"type\":\"NodeHeartbeat\",\"schemaVersion\":1,\"occurredAt\":\"2026-11-27T10:00:00Z\",\"source\":\"s\"}",
            "{\"eventId\":\"e1\",\"type\":\"NodeHeartbeat\",\"schemaVersion\":1,\"occurredAt\":\"2026-11-27T10:00:00Z\",\"source\":\"s\",\"payload\":{\"seq\":1}}",
            "{\"eventId\":\"e1\",\"type\":\"NodeHeartbeat\",\"schemaVersion\":1,\"occurredAt\":\"2026-11-27T10:00:00Z\",\"source\":\"s\",\"payload\":{\"nodeId\":\"n\",\"incarnation\":\"i\",\"seq\":\"many\"}}"
    })
    void shouldRejectMalformedInputWithAClearError(String input) {
        assertThatThrownBy(() -> new EventDeserializer().deserialize("node-heartbeats", input.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("[node-heartbeats] ")
                .hasMessageNotContaining("Exception");
    }

    @Test
    void shouldNameTheMissingFieldOfAPayload() {
        String json = """
                {"eventId":"e1","type":"NodeFailed","schemaVersion":1,"occurredAt":"2026-11-27T10:00:00Z",
                 "source":"s","payload":{"nodeId":"node-1","detectedAt":"2026-11-27T10:00:00Z"}}""";

        assertThatThrownBy(() -> EventCodec.decode(json))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("NodeFailed")
                .hasMessageContaining("lastHeartbeatAt");
    }

    @Test
    void shouldRejectAnEmptyRecord() {
        assertThatThrownBy(() -> new EventDeserializer().deserialize("node-status", new byte[0]))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("[node-status] empty record");
    }

    @Test
    void shouldKeepANullRecordNull() {
        assertThat(new EventDeserializer().deserialize("node-status", null)).isNull();
        assertThat(new EventSerializer().serialize("node-status", null)).isNull();
    }

    @Test
    void shouldNameEveryTopicWithADeadLetterTopic() {
        assertThat(Topics.ALL).extracting(Topics.Spec::name).containsExactlyInAnyOrder(Topics.NODE_HEARTBEATS,
                Topics.NODE_STATUS, Topics.NODE_HEALTH, Topics.CLUSTER_ADMIN, Topics.PLACEMENT_DECISIONS,
                Topics.AGENT_COMMANDS, Topics.COMMAND_RESULTS, Topics.FAILOVER_EVENTS);
        assertThat(Topics.dlq(Topics.NODE_STATUS)).isEqualTo("node-status-dlq");
    }

    @Test
    void shouldReadBackAWitnessSlotAndToleratePartsAWriterOfAnotherVersionLeftOut() throws Exception {
        WitnessSlot slot = new WitnessSlot("node-1", "inc-1", 42, SampleEvents.T0, NodeStatus.Mode.FROZEN, false,
                SampleEvents.T0.minusSeconds(3), 2000, List.of("vol-1"));
        byte[] json = EventCodec.mapper().writeValueAsBytes(slot);

        assertThat(EventCodec.mapper().readValue(json, WitnessSlot.class)).isEqualTo(slot);
        assertThat(EventCodec.mapper().readValue("{\"nodeId\":\"node-2\",\"seq\":1,\"extra\":true}",
                WitnessSlot.class).mode()).isEqualTo(NodeStatus.Mode.ACTIVE);
    }
}
