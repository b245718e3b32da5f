package ru.civicpulse.reporting.models;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import ru.civicpulse.common.ProblemException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * classification-service's model registry, called on behalf of the signed-in user: each request
 * carries the caller's own access token (the dashboard session's, or the bearer token a script
 * sent), so classification-service checks the same person's roles again. Its answers, errors
 * included (problem+json), are passed back as they are.
 */
@ApplicationScoped
public class ClassificationModels {
    private static final Logger LOG = Logger.getLogger(ClassificationModels.class);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Inject
    ClassificationConfig config;

    @Inject
    SecurityIdentity identity;

    /** Sends {@code method path} (path below {@code /api/v1/models}) with an optional body of the given type. */
    public Response call(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.url()).resolve("/api/v1/models" + path))
                .timeout(config.timeout())
                .header(HttpHeaders.ACCEPT, "application/json, application/problem+json")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken());
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header(HttpHeaders.CONTENT_TYPE, contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw unavailable("The classification service did not answer in time.");
        } catch (ConnectException e) {
            throw unavailable("The classification service cannot be reached.");
        } catch (IOException e) {
            LOG.warnf("Calling the classification service failed: %s", e.getClass().getSimpleName());
            throw unavailable("The classification service cannot be reached.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("The call to the classification service was interrupted.");
        }
        Response.ResponseBuilder response = Response.status(answer.statusCode()).entity(answer.body());
        answer.headers().firstValue(HttpHeaders.CONTENT_TYPE).ifPresent(type -> response.header(HttpHeaders.CONTENT_TYPE, type));
        answer.headers().firstValue(HttpHeaders.LOCATION).ifPresent(value -> response.header(HttpHeaders.LOCATION, value));
        answer.headers().firstValue("Retry-After").ifPresent(value -> response.header("Retry-After", value));
        return response.build();
    }

    private String accessToken() {
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (token == null) {
            // @RolesAllowed lets only token-authenticated callers in; nothing to pass on otherwise
            throw new ProblemException(401, "Unauthorized", "Sign in again.");
        }
        return token.getToken();
    }

    private static ProblemException unavailable(String detail) {
        return new ProblemException(502, "Bad Gateway", detail);
    }
}
