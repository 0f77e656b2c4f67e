package io.hacluster.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class AgentSettingsTest {

    static AgentConfig config(String... keyValues) {
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(AgentConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(AgentConfig.class);
    }

    @Test
    void shouldDefaultToHalfSecondHeartbeatsAndTwoSecondIsolation() {
        AgentConfig config = config("agent.node-id", "node-1");

        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.isolationTimeout()).isEqualTo(Duration.ofMillis(2000));
        assertThat(config.isolationLagAllowance()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.statusInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.runtime().driver()).isEqualTo(AgentConfig.RuntimeDriver.SIMULATED);
        assertThat(config.storage().driver()).isEqualTo(AgentConfig.StorageDriverKind.SIMULATED);
        assertThat(AgentSettings.problems(config)).isEmpty();
        assertThat(AgentSettings.nodeIds(config)).containsExactly("node-1");
    }

    @Test
    void shouldRefuseAnIsolationTimeoutShorterThanThreeHeartbeatIntervals() {
        AgentConfig config = config("agent.node-id", "node-1", "agent.heartbeat-interval", "500ms",
                "agent.isolation-timeout", "1499ms");

        assertThatThrownBy(() -> AgentSettings.validate(config))
                .hasMessageContaining("agent.isolation-timeout (1499 ms) must be at least 3 x agent.heartbeat-interval");
        assertThat(AgentSettings.problems(config("agent.node-id", "node-1", "agent.isolation-timeout", "1500ms")))
                .isEmpty();
    }

    @Test
    void shouldRefuseALagAllowanceThatIsNegativeOrLongerThanTheIsolationTimeout() {
        for (String allowance : new String[]{"-1ms", "2001ms"}) {
            assertThat(AgentSettings.problems(config("agent.node-id", "node-1", "agent.isolation-lag-allowance",
                    allowance))).singleElement().asString()
                    .contains("agent.isolation-lag-allowance").contains("between 0 and agent.isolation-timeout (2000 ms)");
        }
        assertThat(AgentSettings.problems(config("agent.node-id", "node-1", "agent.isolation-lag-allowance", "0ms")))
                .isEmpty();
    }

    @Test
    void shouldNameEveryMissingSettingAtOnce() {
        AgentConfig config = config("agent.storage.driver", "shared-dir");

        assertThat(AgentSettings.problems(config)).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("agent.node-id is required"))
                .anySatisfy(p -> assertThat(p).contains("agent.storage.root is required"));
    }

    @Test
    void shouldHostManyNodesInSimulationMode() {
        AgentConfig config = config("agent.simulation.enabled", "true", "agent.simulation.nodes", "1000",
                "agent.simulation.id-prefix", "sim-");

        assertThat(AgentSettings.problems(config)).isEmpty();
        assertThat(AgentSettings.nodeIds(config)).hasSize(1000).startsWith("sim-1", "sim-2").endsWith("sim-1000");
    }

    static AgentConfig sharedDir(String... keyValues) {
        String[] all = new String[keyValues.length + 6];
        all[0] = "agent.node-id";
        all[1] = "node-1";
        all[2] = "agent.storage.driver";
        all[3] = "shared-dir";
        all[4] = "agent.storage.root";
        all[5] = "/tmp/ha-volumes";
        System.arraycopy(keyValues, 0, all, 6, keyValues.length);
        return config(all);
    }

    @Test
    void shouldDefaultToAWitnessEveryHalfSecondStaleAfterOneAndAHalfAndATenSecondLeaseTimeout() {
        AgentConfig config = sharedDir();

        assertThat(config.witness().enabled()).isTrue();
        assertThat(config.witness().interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.witness().timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.storage().leaseTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.witness().recoveryGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(AgentSettings.problems(sharedDir("agent.witness.recovery-grace", "1999ms"))).singleElement()
                .asString().contains("agent.witness.recovery-grace (1999 ms) must be at least agent.isolation-timeout");
        assertThat(AgentSettings.problems(config)).isEmpty();
        assertThat(AgentSettings.usesWitness(config)).isTrue();
        assertThat(AgentSettings.usesWitness(config("agent.node-id", "node-1"))).as("simulated storage").isFalse();
        assertThat(AgentSettings.usesWitness(sharedDir("agent.witness.enabled", "false"))).isFalse();
    }

    @Test
    void shouldRefuseALeaseTimeoutShorterThanThreeRenewals() {
        assertThat(AgentSettings.problems(config("agent.node-id", "node-1", "agent.storage.lease-timeout", "2999ms")))
                .singleElement().asString().contains("agent.storage.lease-timeout (2999 ms) must be at least 3 x");
    }

    @Test
    void shouldRefuseAWitnessTimeoutShorterThanThreeIntervals() {
        assertThat(AgentSettings.problems(sharedDir("agent.witness.timeout", "1499ms"))).singleElement().asString()
                .contains("agent.witness.timeout (1499 ms) must be at least 3 x agent.witness.interval (500 ms)");
        assertThat(AgentSettings.problems(sharedDir("agent.witness.interval", "0ms"))).singleElement().asString()
                .contains("agent.witness.interval must be positive");
    }

    @Test
    void shouldRefuseAWitnessTooSlowToShowAnOutageBeforeTheIsolationBound() {
        // 500 + 500 + 1800 / 2 = 1900 > 1800 + 0
        AgentConfig tooSlow = sharedDir("agent.isolation-timeout", "1800ms", "agent.isolation-lag-allowance", "0ms");

        assertThat(AgentSettings.problems(tooSlow)).singleElement().asString()
                .contains("agent.witness.interval (500 ms) + agent.heartbeat-interval (500 ms) + half "
                        + "agent.isolation-timeout must not exceed agent.isolation-timeout + "
                        + "agent.isolation-lag-allowance (1800 ms)");
        assertThat(AgentSettings.problems(sharedDir("agent.isolation-timeout", "1800ms",
                "agent.isolation-lag-allowance", "0ms", "agent.witness.interval", "300ms", "agent.witness.timeout",
                "900ms"))).as("300 + 500 + 900 = 1700").isEmpty();
        assertThat(AgentSettings.problems(config("agent.node-id", "node-1", "agent.isolation-timeout", "1800ms",
                "agent.isolation-lag-allowance", "0ms"))).as("no witness, no such rule").isEmpty();
    }
}
