package ru.civicpulse.reporting.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BriefQuestionsTest {

    @Test
    void questionsAreRecognisedWithAndWithoutAQuestionMark() {
        assertThat(List.of(
                "Когда отремонтируют тротуар?",
                "когда уже дадут горячую воду",
                "Почему третий день нет отопления",
                "Сколько можно терпеть эту яму!",
                "Дом 5 по Пушкинской. Кто отвечает за уборку снега",
                "Будет ли ремонт дороги в этом году",
                "Планируется ли освещение во дворе.",
                "Двор залит, что делать жителям",
                "Подскажите, куда обращаться по поводу мусора",
                "Как долго ещё ждать автобус 5А",
                "Разве так можно обращаться с людьми",
                "Неужели нельзя убрать контейнеры от окон",
                "Где можно получить справку о перерасчёте"))
                .allSatisfy(q -> assertThat(BriefQuestions.isQuestion(q)).as(q).isTrue());
    }

    @Test
    void statementsAreNotQuestions() {
        assertThat(List.of(
                "Нет горячей воды в доме на Ленинском проспекте",
                "Когда идёт дождь, двор затапливает",
                "Как и обещали, ничего не сделано",
                "Кто-то сломал лавочку у подъезда",
                "Мусор не вывозят неделю, контейнеры переполнены",
                "Спасибо, что быстро убрали снег",
                "Где-то рядом пахнет газом",
                "Подробности тут: https://example.org/news?id=5",
                "",
                "Жалоба на управляющую компанию. Когда звонишь, никто не берёт трубку"))
                .allSatisfy(s -> assertThat(BriefQuestions.isQuestion(s)).as(s).isFalse());
    }

    @Test
    void rephrasingsOfOneQuestionAreCountedTogether() {
        List<BriefQuestions.Group> groups = BriefQuestions.group(List.of(
                "Когда дадут горячую воду?",
                "Когда отремонтируют тротуар?",
                "когда же дадут горячую воду на Ленинском?",
                "Когда отремонтируют дорогу?",
                "Когда дадут горячую воду??",
                "Почему нет горячей воды"));
        assertThat(groups.get(0).count()).isEqualTo(3);
        assertThat(groups.get(0).members()).allMatch(m -> m.toLowerCase().contains("дадут горячую воду"));
        assertThat(groups.get(0).representative()).isIn("Когда дадут горячую воду?", "Когда дадут горячую воду??");
        // different questions of one topic stay apart: sidewalk and road, "when" and "why"
        assertThat(groups).hasSize(4);
        assertThat(groups.subList(1, 4)).allMatch(g -> g.count() == 1);
    }

    @Test
    void similarityIsJaccardOverStems() {
        assertThat(BriefQuestions.jaccard(BriefQuestions.stems("Когда дадут горячую воду"),
                BriefQuestions.stems("Когда же дадут горячую воду на Ленинском"))).isEqualTo(0.8);
        assertThat(BriefQuestions.jaccard(BriefQuestions.stems("Когда отремонтируют тротуар"),
                BriefQuestions.stems("Когда отремонтируют дорогу"))).isEqualTo(0.5);
    }
}
