package ru.civicpulse.reporting;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import ru.civicpulse.reporting.models.ClassificationStub;
import ru.civicpulse.testsupport.KafkaResource;
import ru.civicpulse.testsupport.OidcResource;
import ru.civicpulse.testsupport.PostgresResource;

/**
 * The module's one test setup: real PostgreSQL (database {@code reporting}), a real Kafka broker,
 * both token issuers and a stand-in for classification-service's model registry. Global resources,
 * so Quarkus starts once for every test class of the module.
 */
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "reporting"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(OidcResource.class)
@QuarkusTestResource(ClassificationStub.class)
public final class TestResources {
    private TestResources() {
    }
}
