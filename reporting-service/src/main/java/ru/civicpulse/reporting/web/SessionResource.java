package ru.civicpulse.reporting.web;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import ru.civicpulse.common.Caller;
import ru.civicpulse.contracts.Municipalities;
import ru.civicpulse.common.Roles;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Dashboard sign-in (authorization code flow per organisation) and "who am I" for any caller. */
@Path("/")
@Tag(name = "session")
@Authenticated
public class SessionResource {
    @Inject
    SecurityIdentity identity;

    @Inject
    Caller caller;

    /**
     * Reached only after a successful sign-in: {@link DashboardTenantResolver} selects the
     * organisation's web-app tenant for this path, and Quarkus runs the authorization code flow
     * (redirect to the organisation's identity provider and back here) before calling this method.
     * Signing in to one organisation ends a dashboard session with the other in this browser.
     */
    @GET
    @Path("dashboard/login/{organisation}")
    @Operation(summary = "Sign in to the dashboard with the organisation's identity provider (browser only)")
    public Response login(@PathParam("organisation") String organisation, @Context HttpHeaders headers) {
        Organisation signedIn = Organisation.fromPathSegment(organisation).orElseThrow(NotFoundException::new);
        Response.ResponseBuilder response = Response.seeOther(URI.create("/dashboard/"));
        for (Organisation other : Organisation.values()) {
            if (other == signedIn) {
                continue;
            }
            // The session may be split into several cookies (q_session_<tenant>_chunk_N): expire them all.
            headers.getCookies().keySet().stream()
                    .filter(name -> name.startsWith(DashboardTenantResolver.SESSION_COOKIE + other.webTenant()))
                    .forEach(name -> response.cookie(new NewCookie.Builder(name).path("/").maxAge(0).value("").build()));
        }
        return response.build();
    }

    public record Me(String name, String organisation, String organisationLabel, List<String> roles,
                     List<MunicipalityRef> municipalities, boolean allMunicipalities) {
    }

    /** @param districts the municipality's city districts (the workspace's district filter and map) */
    public record MunicipalityRef(String code, String label, List<DistrictRef> districts) {
    }

    public record DistrictRef(String code, String label) {
    }

    @GET
    @Path("api/v1/me")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The caller: name, organisation, roles and the municipalities (with their districts) they may see (all known ones for region roles)")
    public Me me() {
        Organisation organisation = Organisation.fromTenant(identity.getAttribute("tenant-id")).orElse(null);
        Set<String> roles = new TreeSet<>(identity.getRoles());
        roles.retainAll(Set.of(Roles.REGION_ANALYST, Roles.REGION_ADMIN, Roles.CITY_OFFICIAL));
        return new Me(caller.name(),
                organisation == null ? null : organisation.code(),
                organisation == null ? null : organisation.label(),
                List.copyOf(roles),
                Municipalities.all().stream().filter(m -> caller.maySee(m.code()))
                        .map(m -> new MunicipalityRef(m.code(), m.label(), m.districts().stream()
                                .map(d -> new DistrictRef(d.code(), d.label())).toList())).toList(),
                caller.municipalityScope().isEmpty());
    }
}
