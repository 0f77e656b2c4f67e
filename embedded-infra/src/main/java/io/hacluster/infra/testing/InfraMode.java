package io.hacluster.infra.testing;

import java.util.Locale;

/**
 * Where tests get Kafka and PostgreSQL from. Chosen with the system property {@code infra}: {@code embedded} (the
 * default: real servers started from Maven jars, no Docker) or {@code testcontainers} (containers, needs a Docker
 * engine).
 */
public enum InfraMode {

    /** Kafka from the Kafka jars in KRaft mode and PostgreSQL from embedded binaries, in the test JVM. */
    EMBEDDED,
    /** Kafka and PostgreSQL images run by Testcontainers. */
    TESTCONTAINERS;

    public static final String PROPERTY = "infra";

    public static InfraMode current() {
        String value = System.getProperty(PROPERTY, "embedded").trim().toUpperCase(Locale.ROOT);
        try {
            return valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be 'embedded' or 'testcontainers', was '"
                    + System.getProperty(PROPERTY) + "'", e);
        }
    }

    /** Fails clearly when containers are asked for and no Docker engine answers. */
    static void requireDocker() {
        if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("-D" + PROPERTY + "=testcontainers needs a Docker engine and none answers; "
                    + "run without it to use the embedded Kafka and PostgreSQL");
        }
    }
}
