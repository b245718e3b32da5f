package ru.civicpulse.classification.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;
import ru.civicpulse.classification.persistence.FeedbackRepository;
import ru.civicpulse.classification.persistence.JobRepository;
import ru.civicpulse.classification.persistence.ModelRepository;
import ru.civicpulse.classifier.LabelledText;
import ru.civicpulse.classifier.ProgressListener;
import ru.civicpulse.classifier.TopicModel;
import ru.civicpulse.classifier.TopicModelTrainer;
import ru.civicpulse.classifier.TrainingOptions;

import java.util.List;
import java.util.UUID;

/**
 * Trains models in the background. Job state lives in the database, so any replica answers
 * for it; a trained model is stored inactive until an administrator activates it.
 */
@ApplicationScoped
public class TrainingService {
    private static final Logger LOG = Logger.getLogger(TrainingService.class);

    @Inject
    ManagedExecutor executor;

    @Inject
    JobRepository jobs;

    @Inject
    ModelRepository models;

    @Inject
    FeedbackRepository feedback;

    public UUID start(List<LabelledText> data, boolean includeFeedback, String requestedBy) {
        UUID id = UUID.randomUUID();
        jobs.create(id, includeFeedback, requestedBy);
        executor.runAsync(() -> run(id, data, includeFeedback));
        return id;
    }

    void run(UUID id, List<LabelledText> data, boolean includeFeedback) {
        try {
            List<LabelledText> corrections = List.of();
            if (includeFeedback) {
                jobs.progress(id, "feedback", 0);
                corrections = feedback.examples();
            }
            jobs.progress(id, "training", 0);
            // analysts' corrections count TrainingOptions.correctionWeight times each (the classifier README)
            TopicModel model = new TopicModelTrainer().train(data, corrections, TrainingOptions.defaults(), new JobProgress(id));
            jobs.progress(id, "storing", 0.99);
            String version = model.info().version();
            // The same data and options give the same version: storing it again is a no-op.
            models.insert(version, ModelRegistry.infoJson(model), ModelRegistry.serialise(model), false);
            jobs.done(id, version);
            LOG.infof("Training job %s produced model %s from %d examples", id, version, data.size() + corrections.size());
        } catch (RuntimeException | Error e) {
            LOG.warnf(e, "Training job %s failed", id);
            jobs.failed(id, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** Writes progress at most every 2 % or on a stage change, to keep the database quiet. */
    private final class JobProgress implements ProgressListener {
        private final UUID id;
        private String stage = "";
        private double written = -1;

        JobProgress(UUID id) {
            this.id = id;
        }

        @Override
        public synchronized void progress(String stage, double fraction) {
            double clamped = Math.max(0, Math.min(0.98, fraction));
            if (!stage.equals(this.stage) || clamped - written >= 0.02) {
                this.stage = stage;
                this.written = clamped;
                jobs.progress(id, stage, clamped);
            }
        }
    }
}
