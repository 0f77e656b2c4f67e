package io.hacluster.monitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.hacluster.monitor.domain.DetectorSettings;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

class MonitorSettingsTest {

    @Test
    void shouldStartWithTheDocumentedDefaults() {
        assertThat(MonitorSettings.from(config(Map.of()))).isEqualTo(DetectorSettings.defaults());
        assertThat(config(Map.of()).evaluationInterval()).hasMillis(100);
    }

    @Test
    void shouldRefuseToStartWhenTheBoundLeavesNoRoomAfterSelfFencing() {
        MonitorConfig config = config(Map.of("monitor.failure-bound", "3s", "monitor.evaluation-interval", "2s"));

        assertThatThrownBy(() -> MonitorSettings.from(config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("monitor.failure-bound (3000 ms) must exceed monitor.default-isolation-timeout "
                        + "(2000 ms) + monitor.isolation-margin (1000 ms) = 3000 ms")
                .hasMessageContaining("monitor.evaluation-interval (2000 ms) must be shorter than "
                        + "monitor.isolation-margin (1000 ms)");
    }

    @Test
    void shouldRefuseAWitnessReadTooSeldomForItsTimeout() {
        MonitorConfig config = config(Map.of("monitor.witness.root", "/srv/storage",
                "monitor.witness.poll-interval", "1s"));

        assertThatThrownBy(() -> MonitorSettings.from(config)).hasMessageContaining(
                "monitor.witness.poll-interval (1000 ms) must be positive and at most half of monitor.witness.timeout"
                        + " (1500 ms)");
        assertThat(config(Map.of()).witness().root()).isEmpty();
    }

    private static MonitorConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withMapping(MonitorConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .build()
                .getConfigMapping(MonitorConfig.class);
    }
}
