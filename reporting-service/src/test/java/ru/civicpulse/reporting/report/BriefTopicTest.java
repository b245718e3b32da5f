package ru.civicpulse.reporting.report;

import org.junit.jupiter.api.Test;
import ru.civicpulse.reporting.analytics.TopicBriefs;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One topic's page content from its figures: what is asked, quoted, decided and still open, as a reader sees it. */
class BriefTopicTest {
    static final LocalDate MONDAY = LocalDate.of(2024, 9, 2);
    static final Instant AT = Instant.parse("2024-09-03T07:00:00Z");

    @Test
    void questionsAreCountedQuotesMaskedAndCleaned() {
        TopicBriefs.TopicBrief figures = new TopicBriefs.TopicBrief("roads/potholes", "Ямы и состояние дорожного покрытия",
                "roads", "Дороги", 6, 5, 3, 1.0, 0.5, 12.0,
                List.of(new TopicBriefs.DayCount(MONDAY.plusDays(1), 4), new TopicBriefs.DayCount(MONDAY.plusDays(3), 2)),
                List.of(new TopicBriefs.DistrictCount("sovetsky", "Советский район", 6)), 2, 5.5,
                List.of(new TopicBriefs.Decision("inc-1", "Советский район", "DECISION_TAKEN", "Ремонт до 20\u0001 сентября", AT)),
                1,
                List.of(new TopicBriefs.Message("Когда засыплют яму у остановки?", AT, false),
                        new TopicBriefs.Message("когда засыплют яму у остановки\u0000", AT, true),
                        new TopicBriefs.Message("Яма у остановки, звоните +7 903 555 12 34 или pishite@example.ru", AT, false),
                        new TopicBriefs.Message("Опасно\uFFFF ездить, [id123|Иван Петров] чуть не разбил машину", AT, false)));

        BriefContent.Topic page = BriefAssembler.topic(2, figures, MONDAY, MONDAY.plusDays(6), 10);

        assertThat(page.title()).isEqualTo("Ямы и состояние дорожного покрытия");
        assertThat(page.questionCount()).isEqualTo(2);
        assertThat(page.questions()).containsExactly(new BriefContent.Count("Когда засыплют яму у остановки?", 2));
        assertThat(page.unansweredQuestions()).isEqualTo(1);
        assertThat(page.quotes()).containsExactlyInAnyOrder(
                "Яма у остановки, звоните [телефон скрыт] или [e-mail скрыт]",
                "Опасно ездить, [упоминание скрыто] чуть не разбил машину");
        assertThat(page.decisions()).singleElement().satisfies(d -> {
            assertThat(d.comment()).isEqualTo("Ремонт до 20 сентября");
            assertThat(d.state()).isEqualTo("Принято решение");
        });
        assertThat(page.days()).hasSize(7).extracting(BriefContent.Day::count).containsExactly(0L, 4L, 0L, 2L, 0L, 0L, 0L);
        assertThat(page.trend()).contains("Предыдущий период: 3").contains("+100,0 %");
        assertThat(page.answered()).contains("33,3 %").contains("5,5 ч");
        assertThat(page.places()).containsExactly(new BriefContent.Count("Советский район", 6));
    }
}
