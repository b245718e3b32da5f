package ru.civicpulse.classification.domain;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import ru.civicpulse.classification.config.ClassificationConfig;
import ru.civicpulse.classification.persistence.ModelRepository;
import ru.civicpulse.classifier.MessageAnalyzer;
import ru.civicpulse.classifier.TopicModel;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.contracts.EventJson;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The model every replica classifies with. The database's active flag is the truth: each
 * replica polls it every few seconds and swaps its analyzer in place when it changes, so an
 * activation (or a rollback) reaches all replicas without a restart.
 */
@ApplicationScoped
public class ModelRegistry {
    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    /** A loaded model with its analyzer (thread-safe). */
    public record ActiveModel(String version, TopicModel model, MessageAnalyzer analyzer) {
    }

    @Inject
    ModelRepository models;

    @Inject
    ClassificationConfig config;

    private volatile ActiveModel active;

    void onStart(@Observes StartupEvent event) {
        seedDefault();
        refresh();
    }

    /** The default model from the classifier jar enters the registry on first start; it becomes active only if nothing is. */
    void seedDefault() {
        TopicModel model = TopicModel.loadDefault();
        String version = model.info().version();
        QuarkusTransaction.requiringNew().run(() -> {
            if (!models.exists(version)) {
                models.insert(version, infoJson(model), serialise(model), false);
            }
            if (models.activeVersion().isEmpty()) {
                models.activate(version);
                LOG.infof("Seeded the model registry with the default model %s", version);
            }
        });
    }

    /** Follows the active version in the database (synchronised with activate, so a stale read never wins). */
    @Scheduled(every = "${civicpulse.classification.model.poll-interval:PT3S}", skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public synchronized void refresh() {
        models.activeVersion().ifPresent(version -> {
            ActiveModel current = active;
            if (current == null || !current.version().equals(version)) {
                load(version);
            }
        });
    }

    public ActiveModel current() {
        ActiveModel current = active;
        if (current == null) {
            refresh();
            current = active;
        }
        if (current == null) {
            throw new ProblemException(503, "Service Unavailable", "No active model is loaded yet.");
        }
        return current;
    }

    /** Activates a stored version (rollback = activating an earlier one) and switches this replica at once. */
    public synchronized ActiveModel activate(String version) {
        boolean found = QuarkusTransaction.requiringNew().call(() -> models.activate(version));
        if (!found) {
            throw ProblemException.notFound("No model version " + version + ".");
        }
        return load(version);
    }

    private synchronized ActiveModel load(String version) {
        if (active != null && active.version().equals(version)) {
            return active;
        }
        byte[] bytes = models.bytes(version).orElseThrow(() -> ProblemException.notFound("No model version " + version + "."));
        try {
            TopicModel model = TopicModel.load(new ByteArrayInputStream(bytes));
            active = new ActiveModel(version, model, new MessageAnalyzer(model, config.reviewThreshold()));
            LOG.infof("Classifying with model %s", version);
            return active;
        } catch (IOException e) {
            throw new UncheckedIOException("Model " + version + " cannot be read", e);
        }
    }

    public static byte[] serialise(TopicModel model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            model.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String infoJson(TopicModel model) {
        try {
            return EventJson.mapper().writeValueAsString(model.info());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
