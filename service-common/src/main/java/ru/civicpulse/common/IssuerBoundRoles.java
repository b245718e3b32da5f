package ru.civicpulse.common;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Roles count only from the identity provider they belong to: {@code region-analyst} and
 * {@code region-admin} from the regional centre's realm, {@code city-official} from the city
 * administration's realm, {@code ingest-client} (machine clients) from either. A token is verified
 * by the OIDC tenant its issuer selects; any CivicPulse role that tenant's organisation may not
 * grant is dropped from the identity before an endpoint's {@code @RolesAllowed} or {@link Caller}
 * looks at it. So a city realm that hands out {@code region-analyst} (by mistake or by a city
 * administrator's choice) gains nothing: that token has no region role here.
 * <p>
 * Identities that did not come from an OIDC tenant (no {@code tenant-id} attribute) are left as
 * they are; a tenant of neither organisation keeps none of the CivicPulse roles.
 */
@ApplicationScoped
public class IssuerBoundRoles implements SecurityIdentityAugmentor {
    private static final Logger LOG = Logger.getLogger(IssuerBoundRoles.class);
    /** The identity attribute in which Quarkus OIDC records the tenant that verified the token. */
    static final String TENANT_ID_ATTRIBUTE = "tenant-id";

    @ConfigMapping(prefix = "civicpulse.roles")
    public interface Config {
        /** OIDC tenants that verify tokens of the regional centre's identity provider. */
        @WithDefault("region,region-web")
        Set<String> regionTenants();

        /** OIDC tenants that verify tokens of the city administration's identity provider. */
        @WithDefault("city,city-web")
        Set<String> cityTenants();
    }

    @Inject
    Config config;

    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getAttribute(TENANT_ID_ATTRIBUTE) instanceof String tenant)) {
            return Uni.createFrom().item(identity);
        }
        Roles.Organisation organisation = config.regionTenants().contains(tenant) ? Roles.Organisation.REGION
                : config.cityTenants().contains(tenant) ? Roles.Organisation.CITY : null;
        Set<String> kept = new LinkedHashSet<>();
        for (String role : identity.getRoles()) {
            if (!Roles.ALL.contains(role) || organisation != null && Roles.grantableBy(organisation).contains(role)) {
                kept.add(role);
            } else if (reported.add(tenant + "/" + role)) {
                LOG.warnf("A token verified by OIDC tenant '%s' carries role '%s', which %s does not grant: "
                        + "the role is ignored (reported once per tenant and role)", tenant, role,
                        organisation == null ? "a tenant of neither organisation" : "the " + organisation.label() + " realm");
            }
        }
        if (kept.size() == identity.getRoles().size()) {
            return Uni.createFrom().item(identity);
        }
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addRoles(kept)
                .addPermissionChecker(identity::checkPermission);
        return Uni.createFrom().item(builder.build());
    }
}
