package ru.civicpulse.ingestion.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import ru.civicpulse.common.Problem.FieldError;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.contracts.MessageKind;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.ingestion.config.IngestionConfig;
import ru.civicpulse.ingestion.message.NewMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a REST client may claim about the messages it submits, looked up by the client id of its
 * token ({@code azp}) in {@code civicpulse.ingestion.clients}: a client must not pass its messages
 * off as VK posts (taking the real post's id before VK delivers it) or as an administration's
 * official reply (closing a resident's emergency). A client not configured may submit source API
 * only, for any municipality, and no official reply.
 */
@ApplicationScoped
public class ClientPolicy {
    private static final IngestionConfig.Client UNCONFIGURED = new IngestionConfig.Client() {
        @Override
        public Set<Source> sources() {
            return Set.of(Source.API);
        }

        @Override
        public Set<String> municipalities() {
            return Set.of();
        }

        @Override
        public boolean officialReplies() {
            return false;
        }
    };

    @Inject
    IngestionConfig config;
    @Inject
    SecurityIdentity identity;

    /** Refuses the whole request with 403 if any message claims what the caller's client may not. */
    void check(List<NewMessage> messages, List<Integer> indexes, boolean batch) {
        String clientId = clientId();
        IngestionConfig.Client client = clientId == null ? null : config.clients().get(clientId);
        boolean configured = client != null;
        IngestionConfig.Client allowed = configured ? client : UNCONFIGURED;
        List<FieldError> errors = new ArrayList<>();
        for (int k = 0; k < messages.size(); k++) {
            NewMessage m = messages.get(k);
            String prefix = batch ? "messages[" + indexes.get(k) + "]." : "";
            if (!allowed.sources().contains(m.source())) {
                errors.add(new FieldError(prefix + "source", "this client may not submit source " + m.source()));
            }
            if (configured && !allowed.municipalities().contains(m.municipality())) {
                errors.add(new FieldError(prefix + "municipality", "this client may not submit for " + m.municipality()));
            }
            if (m.kind() == MessageKind.OFFICIAL_REPLY && !allowed.officialReplies()) {
                errors.add(new FieldError(prefix + "kind", "this client may not send official replies"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(403, "Forbidden", "The client may not submit these messages.",
                    errors.size() > 20 ? errors.subList(0, 20) : errors);
        }
    }

    private String clientId() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object azp = jwt.getClaim("azp");
            return azp == null ? null : azp.toString().replace("\"", "");
        }
        return null;
    }
}
