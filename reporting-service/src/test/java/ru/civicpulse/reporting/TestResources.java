package ru.civicpulse.reporting;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import ru.civicpulse.testsupport.KafkaResource;
import ru.civicpulse.testsupport.OidcResource;
import ru.civicpulse.testsupport.PostgresResource;

/**
 * The module's one test setup: real PostgreSQL (database {@code reporting}), a real Kafka broker and
 * both token issuers. Global resources, so Quarkus starts once for every test class of the module.
 */
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "reporting"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(OidcResource.class)
public final class TestResources {
    private TestResources() {
    }
}
