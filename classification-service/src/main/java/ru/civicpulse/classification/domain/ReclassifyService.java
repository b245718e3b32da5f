package ru.civicpulse.classification.domain;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import ru.civicpulse.classification.persistence.MessageRepository;
import ru.civicpulse.contracts.EventJson;
import ru.civicpulse.contracts.MessageIngested;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Re-classifies the stored messages of a period with the active model, page by page. */
@ApplicationScoped
public class ReclassifyService {
    private static final Logger LOG = Logger.getLogger(ReclassifyService.class);
    private static final int PAGE = 200;

    public record Result(String modelVersion, int messages, int reclassified, int unchanged, int failed) {
    }

    @Inject
    MessageRepository messages;

    @Inject
    ClassificationService classification;

    @Inject
    ModelRegistry registry;

    public Result reclassify(Instant from, Instant to) {
        String version = registry.current().version();
        Instant afterPublished = Instant.EPOCH;
        UUID afterId = new UUID(0, 0);
        int total = 0;
        ClassificationService.Outcome outcome = ClassificationService.Outcome.NONE;
        while (true) {
            List<MessageRepository.StoredMessage> page = messages.page(from, to, afterPublished, afterId, PAGE);
            if (page.isEmpty()) {
                break;
            }
            List<MessageIngested> batch = new ArrayList<>(page.size());
            for (MessageRepository.StoredMessage stored : page) {
                batch.add(parse(stored.payload()));
            }
            // One transaction per page: a long period never holds locks for long.
            outcome = outcome.plus(QuarkusTransaction.requiringNew().call(() -> classification.classifyAll(batch, false,
                    (m, e) -> LOG.warnf(e, "Message %s could not be re-classified", m.messageId()))));
            total += page.size();
            MessageRepository.StoredMessage last = page.get(page.size() - 1);
            afterPublished = last.publishedAt();
            afterId = last.messageId();
        }
        return new Result(version, total, outcome.classified(), outcome.unchanged(), outcome.failed());
    }

    private static MessageIngested parse(String payload) {
        try {
            return EventJson.mapper().readValue(payload, MessageIngested.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
