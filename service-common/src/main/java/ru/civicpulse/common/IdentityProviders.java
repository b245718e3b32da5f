package ru.civicpulse.common;

import io.quarkus.oidc.OIDCException;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.common.runtime.OidcEndpointAccessException;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.oidc.runtime.TenantConfigBean;
import io.quarkus.oidc.runtime.TenantConfigContext;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * The OIDC tenants' identity providers (the organisations' Keycloak realms) as this service
 * reaches them.
 * <p>
 * A tenant whose provider cannot be reached when the service starts has no metadata and no keys,
 * so it cannot verify any token. Quarkus tries to connect it once more on the first request whose
 * issuer it must resolve and then gives up for good (a restart was needed). This bean connects
 * such tenants again every {@code civicpulse.oidc.reconnect-interval} until they are reachable,
 * and tells {@link ProblemMappers} whether a failed authentication is the provider's outage
 * (answered 503 with {@code Retry-After}) rather than a bad token (401).
 * <p>
 * Tenants that did connect keep the keys they fetched: during a later outage tokens signed with
 * those keys still verify; only a token with a key id the service has not seen needs the provider.
 */
@ApplicationScoped
public class IdentityProviders {
    private static final Logger LOG = Logger.getLogger(IdentityProviders.class);

    @ConfigMapping(prefix = "civicpulse.oidc")
    public interface Config {
        /**
         * How often a tenant whose identity provider could not be reached is connected again;
         * also the {@code Retry-After} of the 503 answers given meanwhile.
         */
        @WithDefault("PT10S")
        Duration reconnectInterval();
    }

    @Inject
    Instance<TenantConfigBean> tenantConfigs;

    @Inject
    Vertx vertx;

    @Inject
    Config config;

    private final Set<String> connecting = ConcurrentHashMap.newKeySet();
    private final Set<String> reportedUnreachable = ConcurrentHashMap.newKeySet();
    private volatile long timerId = -1;

    void start(@Observes StartupEvent event) {
        if (!tenantConfigs.isResolvable()) {
            return;
        }
        for (TenantConfigContext tenant : tenants()) {
            if (!tenant.ready()) {
                reportUnreachable(tenant, null);
            }
        }
        timerId = vertx.setPeriodic(config.reconnectInterval().toMillis(), id -> reconnect());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** The tenants that have not reached their identity provider yet. */
    public List<String> unreachableTenants() {
        return unreachable(false);
    }

    /** The tenants that accept bearer tokens (not web-app ones) but have not reached their identity provider yet. */
    public List<String> unreachableBearerTenants() {
        return unreachable(true);
    }

    private List<String> unreachable(boolean bearerOnly) {
        List<String> result = new ArrayList<>();
        if (tenantConfigs.isResolvable()) {
            for (TenantConfigContext tenant : tenants()) {
                if (!tenant.ready() && !(bearerOnly && OidcUtils.isWebApp(tenant.oidcConfig()))) {
                    result.add(tenantId(tenant));
                }
            }
        }
        return result;
    }

    /** Seconds a client should wait before trying again: the next reconnection attempt. */
    public long retryAfterSeconds() {
        return Math.max(1, (config.reconnectInterval().toMillis() + 999) / 1000);
    }

    /**
     * The cause that shows {@code failure} (an authentication failure or an {@link OIDCException})
     * happened because an identity provider could not be reached or failed (no connection,
     * time-out, its own 5xx), or {@code null} when it is something else, such as a bad token.
     */
    public static Throwable unreachableCause(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof IOException || t instanceof TimeoutException
                    || t instanceof OidcEndpointAccessException access && access.getErrorStatus() >= 500) {
                return t;
            }
        }
        return null;
    }

    /** Connects again the tenants that have not reached their provider; one attempt per tenant at a time. */
    void reconnect() {
        for (TenantConfigContext tenant : tenants()) {
            String id = tenantId(tenant);
            if (tenant.ready() || !connecting.add(id)) {
                continue;
            }
            tenant.initialize().subscribe().with(
                    connected -> afterAttempt(tenant, null),
                    failure -> afterAttempt(tenant, failure));
        }
    }

    private void afterAttempt(TenantConfigContext tenant, Throwable failure) {
        String id = tenantId(tenant);
        connecting.remove(id);
        if (tenant.ready()) {
            if (reportedUnreachable.remove(id)) {
                LOG.infof("Identity provider of OIDC tenant '%s' is reachable again: its tokens are verified again", id);
            }
        } else {
            LOG.debugf(failure, "Identity provider of OIDC tenant '%s' is still unreachable", id);
            reportUnreachable(tenant, failure);
        }
    }

    private void reportUnreachable(TenantConfigContext tenant, Throwable failure) {
        String id = tenantId(tenant);
        if (reportedUnreachable.add(id)) {
            LOG.warnf("Identity provider of OIDC tenant '%s' (%s) is unreachable: requests with its tokens are answered "
                            + "503 until it is back; connecting again every %ds",
                    id, tenant.oidcConfig().authServerUrl().orElse("no auth-server-url"), retryAfterSeconds());
        }
    }

    private List<TenantConfigContext> tenants() {
        TenantConfigBean bean = tenantConfigs.get();
        List<TenantConfigContext> result = new ArrayList<>();
        if (bean.getDefaultTenant() != null) {
            result.add(bean.getDefaultTenant());
        }
        result.addAll(bean.getStaticTenantsConfig().values());
        result.removeIf(tenant -> tenant.oidcConfig() == null || !tenant.oidcConfig().tenantEnabled());
        return result;
    }

    private static String tenantId(TenantConfigContext tenant) {
        OidcTenantConfig config = tenant.oidcConfig();
        return config.tenantId().orElse(OidcUtils.DEFAULT_TENANT_ID);
    }
}
