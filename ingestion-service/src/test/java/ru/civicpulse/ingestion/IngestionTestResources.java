package ru.civicpulse.ingestion;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import ru.civicpulse.testsupport.KafkaResource;
import ru.civicpulse.testsupport.OidcResource;
import ru.civicpulse.testsupport.PostgresResource;

/** The module's one test setup: real PostgreSQL, real Kafka, signed tokens (global, so Quarkus starts once). */
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "ingestion"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(OidcResource.class)
public final class IngestionTestResources {
    private IngestionTestResources() {
    }
}
