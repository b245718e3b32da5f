package ru.civicpulse.classification.api;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import ru.civicpulse.common.Accepted;
import ru.civicpulse.classification.domain.ModelRegistry;
import ru.civicpulse.classification.domain.TrainingService;
import ru.civicpulse.classification.persistence.JobRepository;
import ru.civicpulse.classification.persistence.ModelRepository;
import ru.civicpulse.classifier.CsvDataset;
import ru.civicpulse.classifier.LabelledText;
import ru.civicpulse.common.Caller;
import ru.civicpulse.common.Problem;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.common.Roles;
import ru.civicpulse.contracts.EventJson;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Models", description = "Model registry: list, train, activate, roll back")
@RolesAllowed(Roles.REGION_ADMIN)
public class ModelResource {

    public record ModelView(String version, boolean active, Instant createdAt, JsonNode info) {
    }

    public record JobView(UUID id, String status, String stage, double progress, String error, String modelVersion,
                          boolean includeFeedback, Instant createdAt, Instant updatedAt) {
        static JobView of(JobRepository.Job j) {
            return new JobView(j.id(), j.status().name(), j.stage(), j.progress(), j.error(), j.modelVersion(),
                    j.includeFeedback(), j.createdAt(), j.updatedAt());
        }
    }

    public record Activated(String version) {
    }

    @Inject
    ModelRepository models;

    @Inject
    JobRepository jobs;

    @Inject
    ModelRegistry registry;

    @Inject
    TrainingService training;

    @Inject
    Caller caller;


    @GET
    @Operation(summary = "All stored model versions with their provenance and held-out metrics")
    @APIResponse(responseCode = "200", description = "Newest first; exactly one is active")
    public List<ModelView> list() {
        return models.list().stream().map(m -> new ModelView(m.version(), m.active(), m.createdAt(), readTree(m.infoJson()))).toList();
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Train a new model from a labelled CSV in the background")
    @APIResponse(responseCode = "202", description = "Training job accepted; poll its Location")
    @APIResponse(responseCode = "422", description = "Missing form field, a column name over 200 characters or with control characters, or the CSV lacks a named column")
    @APIResponse(responseCode = "400", description = "The multipart body or the CSV cannot be read")
    @APIResponse(responseCode = "413", description = "The upload is over 64 MB or has too many parts")
    public Response train(@RestForm("file") FileUpload file,
                          @RestForm String textColumn,
                          @RestForm String labelColumn,
                          @RestForm String topicColumn,
                          @RestForm boolean includeFeedback) {
        List<Problem.FieldError> missing = new ArrayList<>();
        if (file == null) {
            missing.add(new Problem.FieldError("file", "a CSV file is required"));
        }
        if (textColumn == null || textColumn.isBlank()) {
            missing.add(new Problem.FieldError("textColumn", "required"));
        }
        if (labelColumn == null || labelColumn.isBlank()) {
            missing.add(new Problem.FieldError("labelColumn", "required"));
        }
        if (!missing.isEmpty()) {
            throw ProblemException.unprocessable("The training request is incomplete.", missing);
        }
        List<Problem.FieldError> invalid = new ArrayList<>();
        checkColumnName("textColumn", textColumn, invalid);
        checkColumnName("labelColumn", labelColumn, invalid);
        checkColumnName("topicColumn", topicColumn, invalid);
        if (!invalid.isEmpty()) {
            throw ProblemException.unprocessable("The training request is invalid.", invalid);
        }
        String topic = topicColumn == null || topicColumn.isBlank() ? null : topicColumn;
        List<LabelledText> data;
        try {
            // read through a reader: errors then name columns and rows, never the server's temporary file
            try (Reader reader = Files.newBufferedReader(file.uploadedFile(), StandardCharsets.UTF_8)) {
                data = CsvDataset.read(reader, textColumn, labelColumn, topic);
            }
        } catch (IllegalArgumentException e) {
            throw ProblemException.unprocessable("The CSV cannot be used: " + e.getMessage(),
                    List.of(new Problem.FieldError(fieldOf(e.getMessage(), textColumn, labelColumn, topic), e.getMessage())));
        } catch (IOException | UncheckedIOException e) {
            throw ProblemException.badRequest("The CSV cannot be read: it must be UTF-8 text.");
        }
        if (data.isEmpty()) {
            throw ProblemException.unprocessable("The CSV has no labelled rows.", List.of(new Problem.FieldError("file", "no rows")));
        }
        UUID id = training.start(data, includeFeedback, caller.name());
        return Accepted.at("/api/v1/models/jobs", id, JobView.of(jobs.find(id).orElseThrow()));
    }

    @GET
    @Path("/jobs/{id}")
    @Operation(summary = "A training job's status, progress (0..1), stage, error and resulting version")
    @APIResponse(responseCode = "200", description = "The job")
    @APIResponse(responseCode = "404", description = "No such job")
    public JobView job(@PathParam("id") UUID id) {
        return jobs.find(id).map(JobView::of).orElseThrow(() -> ProblemException.notFound("No training job " + id + "."));
    }

    @POST
    @Path("/{version}/activate")
    @Operation(summary = "Classify with this version from now on (every replica follows within seconds); activate an earlier one to roll back")
    @APIResponse(responseCode = "200", description = "Activated")
    @APIResponse(responseCode = "404", description = "No such version")
    public Activated activate(@PathParam("version") String version) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw ProblemException.notFound("No such model version.");
        }
        return new Activated(registry.activate(version).version());
    }

    /** Model versions are {@code yyyyMMdd-HHmmss-<sha8>}; anything far from that is unknown without asking the database. */
    private static final java.util.regex.Pattern VERSION = java.util.regex.Pattern.compile("[0-9A-Za-z._-]{1,100}");

    /** Longest column name accepted. */
    public static final int MAX_COLUMN_NAME = 200;

    private static void checkColumnName(String field, String value, List<Problem.FieldError> errors) {
        if (value == null) {
            return;
        }
        if (value.length() > MAX_COLUMN_NAME) {
            errors.add(new Problem.FieldError(field, "at most " + MAX_COLUMN_NAME + " characters"));
        } else if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            errors.add(new Problem.FieldError(field, "must not contain control characters"));
        }
    }

    /** Which form field an error about a column refers to, so the answer names it. */
    private static String fieldOf(String message, String textColumn, String labelColumn, String topicColumn) {
        String m = message == null ? "" : message;
        if (m.contains("'" + textColumn + "'")) {
            return "textColumn";
        }
        if (m.contains("'" + labelColumn + "'")) {
            return "labelColumn";
        }
        if (topicColumn != null && m.contains("'" + topicColumn + "'")) {
            return "topicColumn";
        }
        return "file";
    }

    private static JsonNode readTree(String json) {
        try {
            return EventJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
