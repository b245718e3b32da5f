package ru.civicpulse.reporting.messages;

import ru.civicpulse.reporting.web.Params;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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
import ru.civicpulse.reporting.routing.Router;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Full-text search over the read model, single messages with their routes, and analysts' topic corrections. */
@Path("/api/v1/messages")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "messages")
public class MessagesResource {
    /** Deepest page: search ranks every match, so far pages are refused rather than computed. */
    static final int MAX_PAGE = 500;

    /** {@code topic}: a topic code {@code <group>/<topic>} (or just {@code <topic>}) of the group; optional. */
    public record CorrectionRequest(String group, String topic) {
    }

    @Inject
    MessageRepository messages;

    @Inject
    FeedbackPublisher feedback;

    @Inject
    Router router;

    @Inject
    Caller caller;

    /** A message, its executor and the routing rule that chose it (both null when it is not routed). */
    @RegisterForReflection
    public record MessageDetail(MessageRepository.MessageView message, Router.ExecutorRef executor, Router.RoutedBy routedBy) {
    }

    @GET
    @RolesAllowed({Roles.REGION_ANALYST, Roles.REGION_ADMIN, Roles.CITY_OFFICIAL})
    @Operation(summary = "Search messages (russian full text, web-search syntax) with the analytics filters")
    @APIResponse(responseCode = "200", description = "One page of messages, best match first")
    @APIResponse(responseCode = "422", description = "Unreadable period, page or size")
    public MessageRepository.Page search(@QueryParam("q") String q,
                                         @QueryParam("from") String from, @QueryParam("to") String to,
                                         @QueryParam("municipality") String municipality, @QueryParam("district") String district,
                                         @QueryParam("source") String source, @QueryParam("group") String group,
                                         @QueryParam("page") String page,
                                         @QueryParam("size") String size) {
        int pageNo = Params.integer("page", page, 0, 0, MAX_PAGE);
        int pageSize = Params.integer("size", size, 20, 1, 100);
        String words = Params.text("q", q, Params.MAX_TEXT);
        String f = Params.text("from", from, 64);
        String t = Params.text("to", to, 64);
        Instant start = f == null ? AnalyticsQuery.EARLIEST : AnalyticsQuery.parseBound("from", f);
        Instant end = t == null ? AnalyticsQuery.LATEST : AnalyticsQuery.parseBound("to", t);
        if (!start.isBefore(end)) {
            throw ProblemException.unprocessable("The period is empty.", List.of(new Problem.FieldError("to", "must be after from")));
        }
        AnalyticsQuery query = new AnalyticsQuery(start, end, caller.restrictTo(Params.municipality(municipality)),
                Params.district(district), Params.source(source), Params.group(group));
        return messages.search(words, query, pageNo, pageSize);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.REGION_ANALYST, Roles.REGION_ADMIN, Roles.CITY_OFFICIAL})
    @Operation(summary = "One message, with its executor and the routing rule that chose it")
    @APIResponse(responseCode = "200", description = "The message")
    @APIResponse(responseCode = "404", description = "No such message in the caller's municipalities")
    public MessageDetail message(@PathParam("id") UUID messageId) {
        MessageRepository.MessageView message = messages.find(messageId, caller.municipalityScope())
                .orElseThrow(() -> ProblemException.notFound("No such message."));
        Optional<Router.Assignment> route = router.ofMessage(messageId);
        return new MessageDetail(message, route.map(Router.Assignment::executor).orElse(null),
                route.map(Router.Assignment::routedBy).orElse(null));
    }

    @POST
    @Path("/{id}/correction")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.REGION_ANALYST)
    @Operation(summary = "Correct a message's topic; the correction goes to the classifier as feedback")
    @APIResponse(responseCode = "202", description = "Published; the read model changes when the classifier publishes the corrected classification")
    @APIResponse(responseCode = "404", description = "No such message")
    @APIResponse(responseCode = "422", description = "Unknown group or topic")
    public Response correct(@PathParam("id") UUID messageId, CorrectionRequest body) {
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
                .orElseThrow(() -> ProblemException.notFound("No such message."));
        ClassificationFeedback event = new ClassificationFeedback(UUID.randomUUID(), ClassificationFeedback.TYPE,
                ClassificationFeedback.VERSION, Instant.now(), messageId, message.text(), message.group(), message.topic(),
                body.group(), topic, message.modelVersion(), caller.name());
        feedback.publish(event);
        return Response.accepted(event).build();
    }
}
