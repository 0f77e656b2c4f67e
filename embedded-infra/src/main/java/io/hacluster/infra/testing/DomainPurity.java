package io.hacluster.infra.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The rule every service's {@code domain} package obeys: it decides, and nothing else. It may use the JDK, the event
 * contract and itself; no framework, no Kafka, no database, no JSON library.
 */
public final class DomainPurity {

    private DomainPurity() {
    }

    /** Fails with the list of offending dependencies if {@code <basePackage>.domain} breaks the rule. */
    public static void check(String basePackage) {
        JavaClasses imported = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage);
        onlyJdkAndEvents(basePackage).check(imported);
        noFrameworks(basePackage).check(imported);
    }

    static ArchRule onlyJdkAndEvents(String basePackage) {
        return classes().that().resideInAPackage(basePackage + ".domain..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.hacluster.events", basePackage + ".domain..")
                .because("the domain decides with pure functions of its inputs: framework-free, testable in "
                        + "milliseconds with a fake clock (see STYLE.md, 'The pure core')");
    }

    static ArchRule noFrameworks(String basePackage) {
        return noClasses().that().resideInAPackage(basePackage + ".domain..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.quarkus..", "jakarta..", "javax..", "org.hibernate..", "org.apache.kafka..",
                        "com.fasterxml.jackson..", "io.smallrye..", "io.vertx..")
                .because("Quarkus, Jakarta, Hibernate, Kafka and Jackson belong to the shell around the domain");
    }
}
