package ru.civicpulse.reporting.report;

import java.util.List;

/**
 * What the live-broadcast brief shows, as the text a reader sees (Russian, numbers formatted,
 * residents' text masked and cleaned): the template only lays it out.
 *
 * @param filters the group and executor the brief is limited to, or null
 */
public record BriefContent(String title, String period, String generatedAt, String filters, String methodology,
                           List<Topic> topics) {

    /** One worry, one page. */
    public record Topic(int rank, String title, String group, String volume, String trend, List<Day> days,
                        List<Count> places, long questionCount, List<Count> questions, List<String> quotes,
                        String answered, List<Decision> decisions, long openIncidents, long unansweredQuestions) {
    }

    /** A day of the period and its messages. */
    public record Day(String day, long count) {
    }

    /** A text (a question, a district) and how many messages it stands for. */
    public record Count(String text, long count) {
    }

    /** An incident of the topic decided or resolved, with the official's comment. */
    public record Decision(String date, String state, String place, String comment) {
    }
}
