package ru.civicpulse.ingestion.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.Blocking;
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
import ru.civicpulse.common.Problem.FieldError;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.common.Roles;
import ru.civicpulse.common.ratelimit.RateLimitClass;
import ru.civicpulse.common.ratelimit.RateLimited;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.ingestion.config.IngestionConfig;
import ru.civicpulse.ingestion.domain.GroupCommit;
import ru.civicpulse.ingestion.domain.IntakeService;
import ru.civicpulse.ingestion.domain.MessageRules;
import ru.civicpulse.ingestion.domain.Pseudonymizer;
import ru.civicpulse.ingestion.message.NewMessage;
import ru.civicpulse.ingestion.message.StoredMessage;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/messages")
@Tag(name = "Messages")
@Blocking
public class MessagesResource {
    static final String CHANNEL = "api";

    @Inject
    IntakeService intake;
    @Inject
    GroupCommit group;
    @Inject
    IngestionConfig config;
    @Inject
    Pseudonymizer pseudonymizer;
    @Inject
    ru.civicpulse.ingestion.persistence.MessageRepository messages;
    @Inject
    MessageRules rules;
    @Inject
    ClientPolicy policy;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitClass.INTAKE)
    @APIResponse(responseCode = "429", description = "Too many requests from this client; retry after Retry-After seconds")
    @RolesAllowed({Roles.INGEST_CLIENT, Roles.REGION_ADMIN})
    @Operation(summary = "Submit one message, or {\"messages\": [...]} with up to 1,000",
            description = "Each item is accepted (stored and published once), a duplicate of a message already taken in "
                    + "(same source and sourceMessageId), or rejected with its field errors. inReplyTo is the parent's "
                    + "sourceMessageId in the same source; authorId is pseudonymised, phones and e-mails in text are masked.")
    @APIResponse(responseCode = "202", description = "Per-item results")
    @APIResponse(responseCode = "400", description = "Unreadable body")
    @APIResponse(responseCode = "401", description = "Missing or invalid token")
    @APIResponse(responseCode = "403", description = "Role may not submit messages, or the client may not claim a message's "
            + "source, municipality or official-reply kind")
    @APIResponse(responseCode = "413", description = "Body too large, more than 1,000 items or a text over 10,000 characters")
    @APIResponse(responseCode = "422", description = "No valid item")
    public Response submit(InputStream body) throws IOException {
        JsonNode root = EventJson.mapper().readTree(LimitedBody.read(body, config.maxBodyBytes()));
        if (root == null || !root.isObject()) {
            throw ProblemException.badRequest("Expected a message object or {\"messages\": [...]}.");
        }
        List<JsonNode> items = new ArrayList<>();
        if (root.has("messages")) {
            JsonNode array = root.get("messages");
            if (!array.isArray()) {
                throw ProblemException.badRequest("\"messages\" must be an array.");
            }
            if (array.size() > config.maxBatchSize()) {
                throw ProblemException.tooLarge("At most " + config.maxBatchSize() + " messages per request.");
            }
            array.forEach(items::add);
        } else {
            items.add(root);
        }
        for (JsonNode item : items) {
            JsonNode text = item.get("text");
            if (text != null && text.isTextual() && text.asText().length() > config.maxTextLength()) {
                throw ProblemException.tooLarge("A message text may have at most " + config.maxTextLength() + " characters.");
            }
        }
        return Response.accepted(process(items, root.has("messages"))).build();
    }

    private IntakeResponse process(List<JsonNode> items, boolean batch) {
        MessageRequestParser parser = new MessageRequestParser(pseudonymizer, rules);
        List<MessageRequestParser.Parsed> parsed = items.stream().map(parser::parse).toList();
        List<NewMessage> valid = new ArrayList<>();
        List<Integer> validIndexes = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            if (parsed.get(i).message() != null) {
                valid.add(parsed.get(i).message());
                validIndexes.add(i);
            }
        }
        policy.check(valid, validIndexes, batch);
        intake.countRejected(CHANNEL, items.size() - valid.size());
        if (valid.isEmpty()) {
            List<FieldError> errors = new ArrayList<>();
            for (int i = 0; i < parsed.size(); i++) {
                String prefix = batch ? "messages[" + i + "]." : "";
                for (FieldError e : parsed.get(i).errors()) {
                    errors.add(new FieldError(prefix + e.field(), e.message()));
                }
            }
            throw ProblemException.unprocessable("No valid message in the request.", errors);
        }
        // one message shares a transaction with other requests' single messages; a batch has its own
        List<IntakeService.Outcome> outcomes = valid.size() == 1
                ? List.of(group.take(new IntakeService.Single(valid.get(0), CHANNEL, null)).orElseThrow())
                : intake.take(valid, CHANNEL);
        List<IntakeResponse.ItemResult> results = new ArrayList<>(items.size());
        int accepted = 0;
        int duplicates = 0;
        int next = 0;
        for (int i = 0; i < parsed.size(); i++) {
            MessageRequestParser.Parsed p = parsed.get(i);
            if (p.message() == null) {
                results.add(new IntakeResponse.ItemResult(i, IntakeResponse.Status.rejected, null, p.errors()));
                continue;
            }
            IntakeService.Outcome outcome = outcomes.get(next++);
            if (outcome.accepted()) {
                accepted++;
            } else {
                duplicates++;
            }
            results.add(new IntakeResponse.ItemResult(i, outcome.accepted() ? IntakeResponse.Status.accepted
                    : IntakeResponse.Status.duplicate, outcome.messageId(), List.of()));
        }
        return new IntakeResponse(accepted, duplicates, items.size() - valid.size(), results);
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.REGION_ANALYST)
    @Operation(summary = "A stored message as ingestion keeps it (masked text, pseudonymous author, current revision)")
    @APIResponse(responseCode = "200", description = "The message")
    @APIResponse(responseCode = "401", description = "Missing or invalid token")
    @APIResponse(responseCode = "403", description = "Role may not read messages")
    @APIResponse(responseCode = "404", description = "No such message")
    public StoredMessage get(@PathParam("id") UUID id) {
        return messages.find(id).orElseThrow(() -> ProblemException.notFound("No such message."));
    }


}
