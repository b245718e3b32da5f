package ru.civicpulse.reporting.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import ru.civicpulse.common.ProblemException;

/**
 * A {@code Content-Type} that is not a media type at all (e.g. {@code json}) would fail while the
 * request is matched to a resource method taking several media types, which answers 500. It is the
 * client's malformed header: 400 problem, before matching.
 */
public class ContentTypeCheck {

    @ServerRequestFilter(preMatching = true)
    public void check(ContainerRequestContext request) {
        String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (type == null) {
            return;
        }
        try {
            MediaType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("The Content-Type header is not a media type.");
        }
    }
}
