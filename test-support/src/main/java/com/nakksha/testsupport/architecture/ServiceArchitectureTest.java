package com.nakksha.testsupport.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The architecture rules of {@link ServiceArchitecture}, run against a service's main classes (its
 * tests are not imported). A service runs them with a unit test in its root package:
 *
 * <pre>{@code
 * class IdentityArchitectureTest extends ServiceArchitectureTest {
 * }
 * }</pre>
 *
 * The root package is the test class's package unless a subclass passes another one. No Spring
 * context is started; importing the classes takes about a second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServiceArchitectureTest {

    private final String rootPackage;
    private JavaClasses classes;

    /** Checks the service rooted at this test's own package. */
    protected ServiceArchitectureTest() {
        this.rootPackage = getClass().getPackageName();
    }

    /** Checks the service rooted at {@code rootPackage}, e.g. {@code com.nakksha.booking}. */
    protected ServiceArchitectureTest(String rootPackage) {
        this.rootPackage = rootPackage;
    }

    @BeforeAll
    void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage);
        // Without classes every rule would pass vacuously, so a wrong package must fail here.
        assertThat(classes).as("main classes under %s", rootPackage).isNotEmpty();
    }

    @Test
    void domainClassesUseNoWebStorageOrWireFormat() {
        ServiceArchitecture.domainClassesUseNoWebStorageOrWireFormat(rootPackage).check(classes);
    }

    @Test
    void featuresReachOtherFeaturesThroughServices() {
        ServiceArchitecture.featuresReachOtherFeaturesThroughServices(rootPackage).check(classes);
    }

    @Test
    void featuresHaveNoCycles() {
        ServiceArchitecture.featuresHaveNoCycles(rootPackage).check(classes);
    }

    @Test
    void listenersNameTopicsFromTheRegistry() {
        ServiceArchitecture.listenersNameTopicsFromTheRegistry().check(classes);
    }

    @Test
    void listenersReadOnlyTopicsTheRegistryGrantsThem() {
        ServiceArchitecture.listenersReadOnlyTopicsTheRegistryGrantsThem().check(classes);
    }
}
