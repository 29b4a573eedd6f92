package com.nakksha.testsupport.architecture;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each rule passes on a sound fixture service and reports the deliberately broken dependency of
 * the fixture named for it, so a rule that could never fail would be caught here.
 */
class ServiceArchitectureRulesTest {

    private static final String FIXTURES = "com.nakksha.testsupport.architecture.fixture.";

    @Test
    void aSoundServiceKeepsEveryRule() {
        String root = FIXTURES + "sound";
        JavaClasses classes = importService(root);
        for (ArchRule rule : ServiceArchitecture.rules(root)) {
            assertThat(rule.evaluate(classes).getFailureReport().getDetails()).as(rule.getDescription()).isEmpty();
        }
    }

    @Test
    void domainClassesThatKnowHttpOrAvroAreReported() {
        String root = FIXTURES + "domain";
        List<String> violations = violations(ServiceArchitecture.domainClassesUseNoWebStorageOrWireFormat(root), root);
        assertThat(violations)
                .anySatisfy(line -> assertThat(line).contains(root + ".order.Order.statusWhenEmpty").contains("org.springframework.http.HttpStatus"))
                .anySatisfy(line -> assertThat(line).contains(root + ".order.OrderPlaced").contains("org.apache.avro.specific.SpecificRecord"));
    }

    @Test
    void aFeatureReadingAnotherFeaturesRepositoryIsReported() {
        String root = FIXTURES + "repository";
        assertThat(violations(ServiceArchitecture.featuresReachOtherFeaturesThroughServices(root), root))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains(root + ".billing.Billing (feature 'billing') uses repository " + root + ".order.OrderRepository of feature 'order'");
    }

    @Test
    void twoFeaturesThatDependOnEachOtherAreReported() {
        String root = FIXTURES + "cycle";
        assertThat(violations(ServiceArchitecture.featuresHaveNoCycles(root), root))
                .anySatisfy(line -> assertThat(line).contains("Cycle detected").contains("feature billing").contains("feature order"));
    }

    @Test
    void aListenerNamingAnUnregisteredTopicIsReported() {
        String root = FIXTURES + "listener";
        assertThat(violations(ServiceArchitecture.listenersNameTopicsFromTheRegistry(), root))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains(root + ".billing.PaymentListener.on").contains("listens to 'payments'");
    }

    @Test
    void aListenerOfAServiceThatIsNotARegisteredReaderIsReported() {
        String root = FIXTURES + "reader";
        assertThat(violations(ServiceArchitecture.listenersReadOnlyTopicsTheRegistryGrantsThem(), root))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains(root + ".billing.SessionListener.on").contains("consumes 'booking.session' as identity-service");
    }

    @Test
    void aRecordListenerIsReported() {
        String root = FIXTURES + "perrecord";
        assertThat(violations(ServiceArchitecture.listenersAreBatchListeners(), root))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains(root + ".billing.SessionListener.on").contains("is a record listener");
    }

    private static List<String> violations(ArchRule rule, String root) {
        EvaluationResult result = rule.evaluate(importService(root));
        assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
        return result.getFailureReport().getDetails();
    }

    private static JavaClasses importService(String root) {
        JavaClasses classes = new ClassFileImporter().importPackages(root);
        assertThat(classes).isNotEmpty();
        return classes;
    }
}
