package ru.civicpulse.reporting.workflow;

import io.quarkus.runtime.annotations.RegisterForReflection;
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
import ru.civicpulse.common.Caller;
import ru.civicpulse.common.Problem;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.common.Roles;
import ru.civicpulse.contracts.IncidentState;
import ru.civicpulse.reporting.analytics.AnalyticsService;
import ru.civicpulse.reporting.analytics.IncidentsResult;
import ru.civicpulse.reporting.routing.Router;
import ru.civicpulse.reporting.web.Params;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** One incident: its figures, workflow state and timeline, and changes of its state. */
@Path("/api/v1/incidents/{key}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "incidents")
@RolesAllowed({Roles.REGION_ANALYST, Roles.REGION_ADMIN, Roles.CITY_OFFICIAL})
public class IncidentResource {
    /** Longest incident key accepted (longer ones cannot exist: 404). */
    static final int MAX_KEY = 200;
    static final int MAX_COMMENT = 2000;

    /**
     * {@code to}: the new state; {@code from}: optional, the state the caller saw (409 when the
     * incident has moved on since); {@code comment}: the reason, required for REJECTED and DECISION_TAKEN.
     */
    public record TransitionRequest(String to, String from, String comment) {
    }

    /**
     * The incident as the list shows it, every change of its state, where it may go next, and its
     * executor with the routing rule that chose it (both null when it is not routed).
     */
    @RegisterForReflection
    public record IncidentDetail(IncidentsResult.Incident incident, List<IncidentWorkflow.Change> timeline,
                                 List<IncidentState> allowedTransitions, Router.ExecutorRef executor,
                                 Router.RoutedBy routedBy) {
    }

    /** What a change left: the new state and the change itself. */
    @RegisterForReflection
    public record TransitionResult(String incidentKey, IncidentState state, IncidentWorkflow.Change change) {
    }

    @Inject
    AnalyticsService analytics;

    @Inject
    IncidentWorkflow workflow;

    @Inject
    Router router;

    @Inject
    Caller caller;

    @GET
    @Operation(summary = "An incident over its whole life: figures, quotes, workflow state and timeline")
    @APIResponse(responseCode = "200", description = "The incident, its executor and the rule that routed it")
    @APIResponse(responseCode = "404", description = "No such incident in the caller's municipalities")
    public IncidentDetail incident(@PathParam("key") String key) {
        String k = key(key);
        IncidentsResult.Incident incident = analytics.incident(caller.municipalityScope(), k)
                .orElseThrow(IncidentResource::notFound);
        Optional<Router.Assignment> route = router.ofIncident(k);
        return new IncidentDetail(incident, workflow.timeline(k), Transitions.allowed(incident.state()),
                route.map(Router.Assignment::executor).orElse(null), route.map(Router.Assignment::routedBy).orElse(null));
    }

    @POST
    @Path("/transitions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change an incident's workflow state (see the transition table); published as IncidentStateChanged")
    @APIResponse(responseCode = "201", description = "Changed")
    @APIResponse(responseCode = "403", description = "A city official of another municipality")
    @APIResponse(responseCode = "404", description = "No such incident")
    @APIResponse(responseCode = "409", description = "Not allowed from the current state, or the state is no longer the expected one")
    @APIResponse(responseCode = "422", description = "Unknown state or missing reason")
    public Response transition(@PathParam("key") String key, TransitionRequest body) {
        String k = key(key);
        if (body == null) {
            throw ProblemException.unprocessable("A body {\"to\": ..., \"comment\": ...} is required.",
                    List.of(new Problem.FieldError("to", "one of " + Arrays.toString(IncidentState.values()))));
        }
        IncidentState to = state("to", body.to());
        if (to == null) {
            throw ProblemException.unprocessable("Name the new state.",
                    List.of(new Problem.FieldError("to", "one of " + Arrays.toString(IncidentState.values()))));
        }
        IncidentState expectedFrom = state("from", body.from());
        String comment = comment(body.comment());
        if (comment == null && Transitions.needsComment(to)) {
            throw ProblemException.unprocessable(to + " needs a reason.",
                    List.of(new Problem.FieldError("comment", "required for " + to)));
        }
        String municipality = workflow.municipality(k).orElseThrow(IncidentResource::notFound);
        if (!caller.maySee(municipality)) {
            throw new ProblemException(403, "Forbidden", "Only officials of the incident's municipality may change it.");
        }
        IncidentWorkflow.Change change = workflow.change(k, municipality, expectedFrom, to, comment, caller.name());
        return Response.status(Response.Status.CREATED).entity(new TransitionResult(k, change.to(), change)).build();
    }

    /** An incident key as given; one that cannot exist answers 404 (400 for control characters). */
    private static String key(String key) {
        String k = Params.text("key", key, Integer.MAX_VALUE);
        if (k == null || k.length() > MAX_KEY) {
            throw notFound();
        }
        return k;
    }

    private static IncidentState state(String field, String value) {
        String v = Params.text(field, value, 32);
        if (v == null) {
            return null;
        }
        return Arrays.stream(IncidentState.values()).filter(s -> s.name().equals(v)).findFirst()
                .orElseThrow(() -> ProblemException.unprocessable("Unknown state.",
                        List.of(new Problem.FieldError(field, "one of " + Arrays.toString(IncidentState.values())))));
    }

    /** The reason: line breaks allowed, other control characters not (400), at most {@link #MAX_COMMENT} characters. */
    private static String comment(String value) {
        if (value == null) {
            return null;
        }
        Params.text("comment", value.replace('\n', ' ').replace('\r', ' '), MAX_COMMENT);
        String v = value.strip();
        return v.isEmpty() ? null : v;
    }

    private static ProblemException notFound() {
        return ProblemException.notFound("No such incident.");
    }
}
