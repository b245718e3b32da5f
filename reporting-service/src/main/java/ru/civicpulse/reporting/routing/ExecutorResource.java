package ru.civicpulse.reporting.routing;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import ru.civicpulse.contracts.Municipalities;
import ru.civicpulse.contracts.Municipality;
import ru.civicpulse.contracts.Taxonomy;
import ru.civicpulse.reporting.web.Params;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The executor directory. Region admins manage it; analysts read all of it, a city official only
 * its own municipalities' executors (others are absent from lists and 404 by id).
 */
@Path("/api/v1/executors")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "routing")
public class ExecutorResource {
    static final int MAX_NAME = 200;
    static final int MAX_CONTACT = 300;
    /** A year: longer deadlines are typing errors. */
    static final int MAX_DEADLINE_HOURS = 8760;
    static final int DEFAULT_DEADLINE_HOURS = 120;
    static final Set<String> CONTACT_KEYS = Set.of("phone", "email", "address", "site");

    /** {@code deadlines}: hours per taxonomy group; {@code defaultDeadlineHours}: for other groups (120 when absent). */
    public record ExecutorRequest(String municipality, String name, String kind, List<String> districts,
                                  Map<String, String> contacts, Map<String, Integer> deadlines, Integer defaultDeadlineHours) {
    }

    @Inject
    ExecutorDirectory directory;

    @Inject
    Caller caller;

    @GET
    @RolesAllowed({Roles.REGION_ANALYST, Roles.REGION_ADMIN, Roles.CITY_OFFICIAL})
    @Operation(summary = "Executors in the caller's municipalities, optionally of one municipality and kind")
    @APIResponse(responseCode = "200", description = "Executors by municipality and name")
    @APIResponse(responseCode = "422", description = "Unknown municipality or kind")
    public List<ExecutorDirectory.Executor> list(@QueryParam("municipality") String municipality, @QueryParam("kind") String kind) {
        String m = Params.municipality(municipality);
        ExecutorDirectory.Kind k = kind("kind", Params.text("kind", kind, 64));
        return directory.list(caller.municipalityScope(), m, k);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.REGION_ANALYST, Roles.REGION_ADMIN, Roles.CITY_OFFICIAL})
    @Operation(summary = "One executor")
    @APIResponse(responseCode = "200", description = "The executor")
    @APIResponse(responseCode = "404", description = "No such executor in the caller's municipalities")
    public ExecutorDirectory.Executor get(@PathParam("id") UUID id) {
        return directory.find(id, caller.municipalityScope()).orElseThrow(ExecutorResource::notFound);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.REGION_ADMIN)
    @Operation(summary = "Add an executor to a municipality's directory")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "409", description = "The municipality already has an executor of this name")
    @APIResponse(responseCode = "422", description = "Unknown municipality, district, group or kind; bad name or deadline")
    public Response create(ExecutorRequest body) {
        ExecutorDirectory.Executor created = directory.create(fields(body, null));
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.REGION_ADMIN)
    @Operation(summary = "Replace an executor's name, kind, districts, contacts and deadlines (its municipality stays)")
    @APIResponse(responseCode = "200", description = "Updated")
    @APIResponse(responseCode = "404", description = "No such executor")
    @APIResponse(responseCode = "409", description = "The municipality already has an executor of this name")
    @APIResponse(responseCode = "422", description = "Invalid fields, or another municipality")
    public ExecutorDirectory.Executor update(@PathParam("id") UUID id, ExecutorRequest body) {
        ExecutorDirectory.Executor existing = directory.find(id, caller.municipalityScope()).orElseThrow(ExecutorResource::notFound);
        return directory.update(id, fields(body, existing.municipality())).orElseThrow(ExecutorResource::notFound);
    }

    /** Checks a request; {@code municipality} is the existing executor's (null when creating). */
    private static ExecutorDirectory.Fields fields(ExecutorRequest body, String municipality) {
        if (body == null) {
            throw invalid("A body with municipality, name and kind is required.", "name", "required");
        }
        String m = Params.municipality(body.municipality());
        if (m == null && municipality == null) {
            throw invalid("Name the municipality.", "municipality", "a municipality code");
        }
        if (municipality != null && m != null && !m.equals(municipality)) {
            throw invalid("An executor stays in its municipality.", "municipality", "must be " + municipality);
        }
        String code = municipality != null ? municipality : m;
        String name = Params.text("name", body.name(), MAX_NAME);
        if (name == null || name.length() < 2) {
            throw invalid("Name the executor.", "name", "2.." + MAX_NAME + " characters");
        }
        ExecutorDirectory.Kind kind = kind("kind", Params.text("kind", body.kind(), 64));
        if (kind == null) {
            throw invalid("Name the kind of executor.", "kind", "one of " + Arrays.toString(ExecutorDirectory.Kind.values()));
        }
        return new ExecutorDirectory.Fields(code, name, kind, districts(code, body.districts()), contacts(body.contacts()),
                deadlines(body.deadlines()), hours("defaultDeadlineHours", body.defaultDeadlineHours() == null
                        ? DEFAULT_DEADLINE_HOURS : body.defaultDeadlineHours()));
    }

    private static List<String> districts(String municipality, List<String> districts) {
        if (districts == null) {
            return List.of();
        }
        Municipality m = Municipalities.byCode(municipality).orElseThrow();
        Set<String> result = new LinkedHashSet<>();
        for (String d : districts) {
            String v = Params.text("districts", d, 64);
            if (v == null || m.districts().stream().noneMatch(x -> x.code().equals(v))) {
                throw invalid("Unknown district.", "districts", "district codes of " + municipality);
            }
            result.add(v);
        }
        return new ArrayList<>(result);
    }

    private static Map<String, String> contacts(Map<String, String> contacts) {
        Map<String, String> result = new LinkedHashMap<>();
        if (contacts == null) {
            return result;
        }
        for (Map.Entry<String, String> e : contacts.entrySet()) {
            if (!CONTACT_KEYS.contains(e.getKey())) {
                throw invalid("Unknown contact.", "contacts", "keys " + CONTACT_KEYS.stream().sorted().toList());
            }
            String v = Params.text("contacts", e.getValue(), MAX_CONTACT);
            if (v != null) {
                result.put(e.getKey(), v);
            }
        }
        return result;
    }

    private static Map<String, Integer> deadlines(Map<String, Integer> deadlines) {
        Map<String, Integer> result = new LinkedHashMap<>();
        if (deadlines == null) {
            return result;
        }
        for (Map.Entry<String, Integer> e : deadlines.entrySet()) {
            if (!Taxonomy.isGroup(e.getKey())) {
                throw invalid("Unknown group.", "deadlines", "taxonomy group codes");
            }
            result.put(e.getKey(), hours("deadlines", e.getValue()));
        }
        return result;
    }

    private static int hours(String field, Integer hours) {
        if (hours == null || hours < 1 || hours > MAX_DEADLINE_HOURS) {
            throw invalid("A deadline is a whole number of hours.", field, "1.." + MAX_DEADLINE_HOURS);
        }
        return hours;
    }

    static ExecutorDirectory.Kind kind(String field, String value) {
        if (value == null) {
            return null;
        }
        return Arrays.stream(ExecutorDirectory.Kind.values()).filter(k -> k.name().equals(value)).findFirst()
                .orElseThrow(() -> invalid("Unknown kind.", field, "one of " + Arrays.toString(ExecutorDirectory.Kind.values())));
    }

    static ProblemException invalid(String detail, String field, String accepts) {
        return ProblemException.unprocessable(detail, List.of(new Problem.FieldError(field, accepts)));
    }

    private static ProblemException notFound() {
        return ProblemException.notFound("No such executor.");
    }
}
