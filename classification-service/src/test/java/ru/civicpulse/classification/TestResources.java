package ru.civicpulse.classification;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import ru.civicpulse.testsupport.KafkaResource;
import ru.civicpulse.testsupport.OidcResource;
import ru.civicpulse.testsupport.PostgresResource;

/** The module's one test setup (global resources: Quarkus starts once for all test classes). */
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "classification"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(OidcResource.class)
public final class TestResources {
    private TestResources() {
    }
}
