package ru.civicpulse.reporting.routing;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.common.Roles;
import ru.civicpulse.contracts.Municipalities;
import ru.civicpulse.contracts.Taxonomy;
import ru.civicpulse.contracts.TopicDefinition;
import ru.civicpulse.reporting.web.Params;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Routing rules (precedence: {@link RoutingEngine}). Region admins create and retire them; analysts
 * read all, a city official its own municipalities' rules. Each change answers how many open
 * incidents and messages of the current period ({@link Router#PERIOD}) it re-routed.
 */
@Path("/api/v1/routing/rules")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "routing")
public class RoutingRuleResource {
    static final int MAX_FRAGMENT = 200;
    static final int MAX_PRIORITY = 1000;

    /**
     * Conditions left out (or null) match anything; {@code topic} is a topic code ({@code <group>/<topic>});
     * {@code default}: the municipality's fallback, with no conditions.
     */
    public record RuleRequest(String municipality, String executorId, String group, String topic, String district,
                              String addressFragment, Integer priority, @JsonProperty("default") Boolean isDefault) {
    }

    @Inject
    RoutingRules rules;

    @Inject
    Caller caller;

    @GET
    @RolesAllowed({Roles.REGION_ANALYST, Roles.REGION_ADMIN, Roles.CITY_OFFICIAL})
    @Operation(summary = "Active routing rules in the caller's municipalities, in the order they are tried (retired ones too with retired=true)")
    @APIResponse(responseCode = "200", description = "Rules, most specific first, each municipality's default last")
    @APIResponse(responseCode = "422", description = "Unknown municipality")
    public List<RoutingRules.RuleView> list(@QueryParam("municipality") String municipality, @QueryParam("retired") String retired) {
        String m = Params.municipality(municipality);
        String r = Params.text("retired", retired, 8);
        if (r != null && !r.equals("true") && !r.equals("false")) {
            throw ExecutorResource.invalid("Parameter retired is true or false.", "retired", "true or false");
        }
        return rules.list(caller.municipalityScope(), m, "true".equals(r));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.REGION_ANALYST, Roles.REGION_ADMIN, Roles.CITY_OFFICIAL})
    @Operation(summary = "One routing rule")
    @APIResponse(responseCode = "200", description = "The rule")
    @APIResponse(responseCode = "404", description = "No such rule in the caller's municipalities")
    public RoutingRules.RuleView get(@PathParam("id") UUID id) {
        return rules.find(id, caller.municipalityScope()).orElseThrow(RoutingRuleResource::notFound);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.REGION_ADMIN)
    @Operation(summary = "Create a routing rule; re-routes the open incidents and messages of the last 7 days")
    @APIResponse(responseCode = "201", description = "Created, with the numbers of incidents and messages re-routed")
    @APIResponse(responseCode = "409", description = "The municipality already has an active default rule")
    @APIResponse(responseCode = "422", description = "Unknown municipality, group, topic or district; executor of another municipality")
    public Response create(RuleRequest body) {
        RoutingRules.Change change = rules.create(newRule(body), caller.name());
        return Response.status(Response.Status.CREATED).entity(change).build();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.REGION_ADMIN)
    @Operation(summary = "Retire a routing rule (it is kept: routes name it); re-routes the open incidents and messages of the last 7 days")
    @APIResponse(responseCode = "200", description = "Retired, with the numbers of incidents and messages re-routed")
    @APIResponse(responseCode = "404", description = "No such rule")
    @APIResponse(responseCode = "409", description = "Already retired")
    public RoutingRules.Change retire(@PathParam("id") UUID id) {
        return rules.retire(id, caller.municipalityScope()).orElseThrow(RoutingRuleResource::notFound);
    }

    private static RoutingRules.NewRule newRule(RuleRequest body) {
        if (body == null) {
            throw ExecutorResource.invalid("A body with municipality and executorId is required.", "municipality", "required");
        }
        String municipality = Params.municipality(body.municipality());
        if (municipality == null) {
            throw ExecutorResource.invalid("Name the municipality.", "municipality", "a municipality code");
        }
        UUID executor = uuid(Params.text("executorId", body.executorId(), 64));
        String group = Params.group(body.group());
        String topic = topic(group, Params.text("topic", body.topic(), 128));
        if (topic != null) {
            group = Taxonomy.topic(topic).map(TopicDefinition::group).orElseThrow();
        }
        String district = Params.text("district", body.district(), 64);
        if (district != null && Municipalities.byCode(municipality).orElseThrow().districts().stream()
                .noneMatch(d -> d.code().equals(district))) {
            throw ExecutorResource.invalid("Unknown district.", "district", "a district code of " + municipality);
        }
        String fragment = Params.text("addressFragment", body.addressFragment(), MAX_FRAGMENT);
        if (fragment != null && fragment.length() < 3) {
            throw ExecutorResource.invalid("An address fragment this short matches almost anything.", "addressFragment",
                    "3.." + MAX_FRAGMENT + " characters");
        }
        int priority = body.priority() == null ? 0 : body.priority();
        if (Math.abs(priority) > MAX_PRIORITY) {
            throw ExecutorResource.invalid("Priority out of range.", "priority", -MAX_PRIORITY + ".." + MAX_PRIORITY);
        }
        boolean isDefault = Boolean.TRUE.equals(body.isDefault());
        if (isDefault && (group != null || district != null || fragment != null)) {
            throw ExecutorResource.invalid("A default rule has no conditions.", "default",
                    "no group, topic, district or addressFragment with default");
        }
        return new RoutingRules.NewRule(municipality, executor, group, topic, district, fragment, priority, isDefault);
    }

    /** A topic code: {@code <group>/<topic>}, or {@code <topic>} of the given group. */
    private static String topic(String group, String value) {
        if (value == null) {
            return null;
        }
        String code = value.contains("/") || group == null ? value : group + "/" + value;
        Optional<TopicDefinition> known = Taxonomy.topic(code).filter(t -> group == null || t.group().equals(group));
        return known.map(TopicDefinition::code).orElseThrow(() -> ExecutorResource.invalid("Unknown topic.", "topic",
                group == null ? "a topic code <group>/<topic>" : "a topic code of group " + group));
    }

    private static UUID uuid(String value) {
        if (value != null) {
            try {
                return UUID.fromString(value);
            } catch (IllegalArgumentException e) {
                // answered below
            }
        }
        throw ExecutorResource.invalid("Name the executor.", "executorId", "the id of an executor of the municipality");
    }

    private static ProblemException notFound() {
        return ProblemException.notFound("No such routing rule.");
    }
}
