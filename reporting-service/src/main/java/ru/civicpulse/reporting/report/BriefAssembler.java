package ru.civicpulse.reporting.report;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.common.text.PiiMasker;
import ru.civicpulse.contracts.Municipalities;
import ru.civicpulse.contracts.Municipality;
import ru.civicpulse.contracts.Taxonomy;
import ru.civicpulse.reporting.analytics.AnalyticsQuery;
import ru.civicpulse.reporting.analytics.AnalyticsService;
import ru.civicpulse.reporting.analytics.TopicBriefs;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The live-broadcast brief of a municipality and period: the top worries by concern score, and
 * per worry the residents' questions (near-duplicates counted together), quotes, trend, places,
 * replies, decisions and what is still open.
 */
@ApplicationScoped
public class BriefAssembler {
    /** Quotes per topic. */
    static final int QUOTES = 3;
    /** Longest question or quote shown; longer ones end with «…». */
    static final int MAX_TEXT = 400;
    static final String METHODOLOGY = "Темы упорядочены по показателю озабоченности, как инциденты в отчётах: число разных"
            + " авторов × (1 + рост / 2, рост от 0 до 2 — сообщений во второй половине периода на одно в первой минус 1)"
            + " × (1 + доля негативных) × (1 + доля срочных, не более 1). Вопрос — сообщение со знаком вопроса или с"
            + " вопросительным словом в начале предложения («когда», «почему», «будет ли»…); похожие формулировки"
            + " (не менее 60 % общих основ слов) объединены, показана одна из них и их число. Тексты обезличены:"
            + " телефоны, адреса почты и упоминания людей скрыты. Сравнение — с предыдущим периодом той же длины.";

    @Inject
    AnalyticsService analytics;

    @Inject
    ReportRepository repository;

    @Inject
    ReportConfig config;

    public BriefContent assemble(Report brief, Instant generatedAt) {
        AnalyticsQuery query = new AnalyticsQuery(brief.from(), brief.to(), Optional.of(Set.of(brief.municipality())),
                null, null, brief.group());
        ReportConfig.Brief settings = config.brief();
        List<TopicBriefs.TopicBrief> topics = analytics.topicBriefs(query, brief.executor(), settings.topicCount(),
                settings.messagesPerTopic());
        LocalDate firstDay = brief.firstDay();
        LocalDate lastDay = brief.lastDay();
        List<BriefContent.Topic> pages = new ArrayList<>();
        for (TopicBriefs.TopicBrief t : topics) {
            pages.add(topic(pages.size() + 1, t, firstDay, lastDay, settings.questions()));
        }
        String municipality = Municipalities.byCode(brief.municipality()).map(Municipality::label).orElse(brief.municipality());
        return new BriefContent(text("Прямой эфир: о чём спрашивают жители. " + municipality),
                ReportFormat.day(firstDay) + " – " + ReportFormat.day(lastDay),
                ReportFormat.moment(generatedAt), filters(brief), METHODOLOGY, pages);
    }

    private String filters(Report brief) {
        List<String> parts = new ArrayList<>();
        if (brief.group() != null) {
            parts.add("тема: " + Taxonomy.groupLabel(brief.group()));
        }
        if (brief.executor() != null) {
            parts.add("исполнитель: " + repository.executorName(brief.executor(), brief.municipality()).orElse("—"));
        }
        return parts.isEmpty() ? null : text("Только " + String.join("; ", parts));
    }

    static BriefContent.Topic topic(int rank, TopicBriefs.TopicBrief t, LocalDate firstDay, LocalDate lastDay, int questionGroups) {
        List<String> questions = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        long unanswered = 0;
        for (TopicBriefs.Message m : t.texts()) {
            String shown = text(m.text());
            if (shown.isBlank()) {
                continue;
            }
            if (BriefQuestions.isQuestion(shown)) {
                questions.add(shown);
                unanswered += m.answered() ? 0 : 1;
            } else {
                statements.add(shown);
            }
        }
        List<BriefContent.Count> asked = BriefQuestions.group(questions).stream().limit(questionGroups)
                .map(g -> new BriefContent.Count(g.representative(), g.count())).toList();
        List<String> quotes = BriefQuestions.group(statements).stream().limit(QUOTES)
                .map(BriefQuestions.Group::representative).toList();

        Map<LocalDate, Long> perDay = new HashMap<>();
        t.daily().forEach(d -> perDay.put(d.day(), d.count()));
        List<BriefContent.Day> days = new ArrayList<>();
        for (LocalDate d = firstDay; !d.isAfter(lastDay); d = d.plusDays(1)) {
            days.add(new BriefContent.Day(ReportFormat.shortDay(d), perDay.getOrDefault(d, 0L)));
        }
        List<BriefContent.Count> places = t.districts().stream().limit(3)
                .map(d -> new BriefContent.Count(d.label(), d.count())).toList();
        String trend = "Предыдущий период: " + t.previousMessages() + " сообщ., изменение "
                + ReportFormat.change(ReportFormat.change(t.messages(), t.previousMessages()));
        String answered = "Ответ получили " + ReportFormat.share(t.messages() == 0 ? null : (double) t.answered() / t.messages())
                + " сообщений (" + t.answered() + " из " + t.messages() + "), медиана времени до первого ответа "
                + ReportFormat.hours(t.medianReplyHours());
        List<BriefContent.Decision> decisions = t.decisions().stream().map(d -> new BriefContent.Decision(
                ReportFormat.moment(d.changedAt()), "RESOLVED".equals(d.state()) ? "Решено" : "Принято решение",
                text(d.districtLabel()), d.comment() == null ? ReportFormat.NONE : text(d.comment()))).toList();
        return new BriefContent.Topic(rank, text(t.topicLabel()), text(t.groupLabel()),
                t.messages() + " сообщ. от " + t.uniqueAuthors() + " авторов, негативных " + ReportFormat.share(t.negativeShare()),
                trend, days, places, questions.size(), asked, quotes, answered, decisions, t.openIncidents(), unanswered);
    }

    /** Resident or official text as a document shows it: masked like at intake, cleaned for XML, shortened. */
    static String text(String s) {
        String v = ReportText.clean(PiiMasker.mask(s == null ? "" : s)).strip();
        if (v.length() <= MAX_TEXT) {
            return v;
        }
        int end = MAX_TEXT - 1;
        if (Character.isHighSurrogate(v.charAt(end - 1))) {
            end--;
        }
        return v.substring(0, end) + "…";
    }
}
