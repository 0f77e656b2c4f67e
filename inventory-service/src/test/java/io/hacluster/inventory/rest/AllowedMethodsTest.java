package io.hacluster.inventory.rest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.Path;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

class AllowedMethodsTest {

    @Test
    void shouldKnowEveryResourceOfTheApi() {
        var resources = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.hacluster.inventory").stream().filter(c -> c.isAnnotatedWith(Path.class))
                .map(JavaClass::reflect).toList();
        assertThat(AllowedMethods.RESOURCES).containsExactlyInAnyOrderElementsOf(resources);
    }

    @Test
    void shouldListTheMethodsOfAPathWithItsParameters() {
        assertThat(AllowedMethods.at("/api/v1/nodes/node-1")).containsExactly("GET", "HEAD", "OPTIONS");
        assertThat(AllowedMethods.at("/api/v1/nodes/node-1/drain")).containsExactly("OPTIONS", "POST");
        assertThat(AllowedMethods.at("/api/v1/groups/g1")).containsExactly("DELETE", "GET", "HEAD", "OPTIONS",
                "PUT");
        assertThat(AllowedMethods.at("/api/v1/groups/")).containsExactly("GET", "HEAD", "OPTIONS", "POST");
        assertThat(AllowedMethods.at("/api/v1/nowhere")).isEmpty();
    }
}
