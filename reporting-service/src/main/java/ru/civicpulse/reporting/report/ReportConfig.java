package ru.civicpulse.reporting.report;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Report settings ({@code civicpulse.reporting.reports.*}). */
@ConfigMapping(prefix = "civicpulse.reporting.reports")
public interface ReportConfig {

    Weekly weekly();

    /** Longest period one report may cover. */
    @WithDefault("P92D")
    Duration maxPeriod();

    /** On-demand reports one user may have waiting (QUEUED or RUNNING); one more answers 429. */
    @WithDefault("3")
    int maxQueuedPerUser();

    /** The Retry-After of that 429: about how long a report takes to generate. */
    @WithDefault("PT30S")
    Duration queueRetryAfter();

    /** Incidents listed in a report. */
    @WithDefault("10")
    int incidents();

    /** A RUNNING job older than this is taken over (its instance is presumed dead). */
    @WithDefault("PT15M")
    Duration staleAfter();

    /** How often queued reports are looked for (a scheduler interval such as {@code 2s}). */
    @WithDefault("2s")
    String pollInterval();

    /** The live-broadcast brief. */
    Brief brief();

    interface Brief {
        /** Topics in a brief (the top worries by concern score), one page each; not named "topics", which means Kafka topics here. */
        @WithDefault("5")
        int topicCount();

        /** Groups of near-duplicate questions listed per topic, largest first. */
        @WithDefault("10")
        int questions();

        /** Newest residents' messages of a topic read for its questions and quotes. */
        @WithDefault("500")
        int messagesPerTopic();
    }

    interface Weekly {
        /** Municipalities that get last week's report every Monday at 07:00 Moscow time. */
        Optional<List<String>> municipalities();
    }
}
