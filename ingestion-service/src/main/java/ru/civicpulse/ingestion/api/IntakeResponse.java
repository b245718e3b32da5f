package ru.civicpulse.ingestion.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import ru.civicpulse.common.Problem.FieldError;

import java.util.List;
import java.util.UUID;

/** The answer to {@code POST /api/v1/messages}: one result per submitted item, in order. */
@RegisterForReflection
public record IntakeResponse(int accepted, int duplicates, int rejected, List<ItemResult> results) {

    public enum Status {
        accepted, duplicate, rejected
    }

    /** {@code messageId} for accepted and duplicate items, {@code errors} for rejected ones. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @RegisterForReflection
    public record ItemResult(int index, Status status, UUID messageId, List<FieldError> errors) {
    }
}
