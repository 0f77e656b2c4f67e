package io.hacluster.executor;

import org.junit.jupiter.api.Test;

import io.hacluster.infra.testing.DomainPurity;

class DomainPurityTest {

    @Test
    void domainShouldDependOnNothingButTheJdkAndTheEventContract() {
        DomainPurity.check("io.hacluster.executor");
    }
}
