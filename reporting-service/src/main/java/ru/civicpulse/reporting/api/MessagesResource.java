package ru.civicpulse.reporting.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import ru.civicpulse.common.Caller;
import ru.civicpulse.common.Problem;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.common.Roles;
import ru.civicpulse.contracts.ClassificationFeedback;
import ru.civicpulse.contracts.Taxonomy;
import ru.civicpulse.contracts.TopicDefinition;
import ru.civicpulse.reporting.analytics.AnalyticsQuery;
import ru.civicpulse.reporting.messaging.FeedbackPublisher;
import ru.civicpulse.reporting.persistence.MessageRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Full-text search over the read model and analysts' topic corrections. */
@Path("/api/v1/messages")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "messages")
public class MessagesResource {
    private static final Instant BEGINNING = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant END = Instant.parse("2100-01-01T00:00:00Z");

    /** {@code topic}: a topic code {@code <group>/<topic>} (or just {@code <topic>}) of the group; optional. */
    public record CorrectionRequest(String group, String topic) {
    }

    @Inject
    MessageRepository messages;

    @Inject
    FeedbackPublisher feedback;

    @Inject
    Caller caller;

    @GET
    @RolesAllowed({Roles.REGION_ANALYST, Roles.REGION_ADMIN, Roles.CITY_OFFICIAL})
    @Operation(summary = "Search messages (russian full text, web-search syntax) with the analytics filters")
    @APIResponse(responseCode = "200", description = "One page of messages, best match first")
    @APIResponse(responseCode = "422", description = "Unreadable period, page or size")
    public MessageRepository.Page search(@QueryParam("q") String q,
                                         @QueryParam("from") String from, @QueryParam("to") String to,
                                         @QueryParam("municipality") String municipality, @QueryParam("district") String district,
                                         @QueryParam("source") String source, @QueryParam("group") String group,
                                         @QueryParam("page") @DefaultValue("0") int page,
                                         @QueryParam("size") @DefaultValue("20") int size) {
        if (page < 0 || size < 1 || size > 100) {
            throw ProblemException.unprocessable("page must be >= 0 and size 1..100.",
                    List.of(new Problem.FieldError(page < 0 ? "page" : "size", page < 0 ? ">= 0" : "1..100")));
        }
        Instant start = from == null || from.isBlank() ? BEGINNING : AnalyticsQuery.parseBound("from", from);
        Instant end = to == null || to.isBlank() ? END : AnalyticsQuery.parseBound("to", to);
        AnalyticsQuery query = new AnalyticsQuery(start, end, caller.restrictTo(municipality), district, source, group);
        return messages.search(q, query, page, size);
    }

    @POST
    @Path("/{id}/correction")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.REGION_ANALYST)
    @Operation(summary = "Correct a message's topic; the correction goes to the classifier as feedback")
    @APIResponse(responseCode = "202", description = "Published; the read model changes when the message is re-classified")
    @APIResponse(responseCode = "404", description = "No such message")
    @APIResponse(responseCode = "422", description = "Unknown group or topic")
    public Response correct(@PathParam("id") String id, CorrectionRequest body) {
        UUID messageId;
        try {
            messageId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No message " + id + ".");
        }
        if (body == null || body.group() == null || !Taxonomy.isGroup(body.group())) {
            throw ProblemException.unprocessable("Unknown group.",
                    List.of(new Problem.FieldError("group", "a taxonomy group code")));
        }
        String topic = null;
        if (body.topic() != null && !body.topic().isBlank()) {
            String code = body.topic().contains("/") ? body.topic() : body.group() + "/" + body.topic();
            Optional<TopicDefinition> known = Taxonomy.topic(code).filter(t -> t.group().equals(body.group()));
            if (known.isEmpty()) {
                throw ProblemException.unprocessable("Unknown topic for this group.",
                        List.of(new Problem.FieldError("topic", "a topic code of group " + body.group())));
            }
            topic = known.get().code();
        }
        MessageRepository.MessageView message = messages.find(messageId, caller.municipalityScope())
                .orElseThrow(() -> ProblemException.notFound("No message " + id + "."));
        ClassificationFeedback event = new ClassificationFeedback(UUID.randomUUID(), ClassificationFeedback.TYPE,
                ClassificationFeedback.VERSION, Instant.now(), messageId, message.text(), message.group(), message.topic(),
                body.group(), topic, message.modelVersion(), caller.name());
        feedback.publish(event);
        return Response.accepted(event).build();
    }
}
