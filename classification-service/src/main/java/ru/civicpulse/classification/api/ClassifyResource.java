package ru.civicpulse.classification.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import ru.civicpulse.classification.domain.ModelRegistry;
import ru.civicpulse.classifier.Analysis;
import ru.civicpulse.common.Caller;
import ru.civicpulse.common.Problem;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.common.Roles;
import ru.civicpulse.common.ratelimit.RateLimitClass;
import ru.civicpulse.common.ratelimit.RateLimited;
import ru.civicpulse.contracts.Location;
import ru.civicpulse.contracts.Municipalities;
import ru.civicpulse.contracts.Sentiment;
import ru.civicpulse.contracts.Taxonomy;
import ru.civicpulse.contracts.TopicScore;
import ru.civicpulse.contracts.Urgency;

import java.time.Instant;
import java.util.List;

@Path("/api/v1/classify")
@Tag(name = "Classification", description = "Analyse a text with the active model")
@RolesAllowed({Roles.REGION_ANALYST, Roles.REGION_ADMIN, Roles.CITY_OFFICIAL})
public class ClassifyResource {

    /** {@code text}: at most {@value #MAX_TEXT} characters; {@code municipality}: a known code or absent. */
    public record ClassifyRequest(@NotBlank @Size(max = MAX_TEXT) String text, @Size(max = 64) String municipality) {
    }

    public static final int MAX_TEXT = 20_000;

    public record ClassifyResponse(String modelVersion, TopicScore topic, String groupLabel, List<TopicScore> alternatives,
                                   boolean needsReview, Sentiment sentiment, Urgency urgency, Location location,
                                   String simhash) {
    }

    @Inject
    ModelRegistry registry;

    @Inject
    Caller caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitClass.CLASSIFY)
    @APIResponse(responseCode = "429", description = "Too many requests from this client; retry after Retry-After seconds")
    @Operation(summary = "Topic, alternatives, tone, urgency and place of a text")
    @APIResponse(responseCode = "200", description = "The full analysis")
    @APIResponse(responseCode = "422", description = "Empty text, text over 20,000 characters, unknown municipality")
    public ClassifyResponse classify(@NotNull @Valid ClassifyRequest request) {
        if (request.municipality() != null && Municipalities.byCode(request.municipality()).isEmpty()) {
            throw ProblemException.unprocessable("Unknown municipality.",
                    List.of(new Problem.FieldError("municipality", "not a known municipality code")));
        }
        if (request.municipality() != null && !caller.maySee(request.municipality())) {
            throw new ProblemException(403, "Forbidden", "Municipality " + request.municipality() + " is outside your scope.");
        }
        ModelRegistry.ActiveModel model = registry.current();
        Analysis a = model.analyzer().analyze(request.text(), request.municipality(), Instant.now());
        return new ClassifyResponse(model.version(), a.topic(), Taxonomy.groupLabel(a.topic().group()), a.alternatives(),
                a.needsReview(), a.sentiment(), a.urgency(), a.location(), Long.toHexString(a.simhash()));
    }
}
