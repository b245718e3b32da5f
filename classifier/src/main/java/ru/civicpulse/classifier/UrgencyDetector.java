package ru.civicpulse.classifier;

import java.time.Instant;
import java.time.Month;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import ru.civicpulse.classifier.text.TextNormalizer;
import ru.civicpulse.contracts.Urgency;
import ru.civicpulse.contracts.UrgencyLevel;

/**
 * Finds signs of danger or loss of a vital service. Patterns work on normalised text (lower case,
 * ё→е, squeezed letters) with word beginnings, so declensions, shouting and stretched letters match;
 * "near" rules allow up to three words between the two parts. Loss of heating or water is an
 * emergency in the cold season (October–April, Moscow time) and elevated otherwise.
 */
public final class UrgencyDetector {
    private static final ZoneId ZONE = ZoneId.of("Europe/Moscow");
    private static final String WORD = "[а-яa-z0-9-]*";
    private static final String GAP = "[^а-яa-z0-9]+(?:[а-яa-z0-9-]+[^а-яa-z0-9]+){0,3}?";
    private static final String START = "(?<![а-яa-z0-9])";

    private enum Level { ELEVATED, EMERGENCY, SEASONAL }

    private record Rule(String reason, Level level, Pattern pattern) {
    }

    private static final List<Rule> RULES = List.of(
            rule("gas-smell", Level.EMERGENCY,
                    near("запах|пахн|пахет|воня|вонь|утечк|утечь", "газ"), near("газ", "пахн|воня|утечк|травит")),
            rule("fire", Level.EMERGENCY,
                    "пожар", "возгоран", "задымлен", "горит (?:дом|квартир|подъезд|подвал|машин|крыш|здани|балкон)",
                    near("дым", "подъезд|подвал|квартир|окн|крыш|здани"), "огонь"),
            rule("collapse", Level.EMERGENCY,
                    "обруш", "обвал", "рухнул", "рухнет", "провал(?:ился|илась|илось)", near("трещин", "стен|фундамент|дом|потол|балкон"),
                    near("аварийн", "дом|здани|балкон|состоян")),
            rule("burst-pipe", Level.EMERGENCY,
                    near("прорвал|прорыв|порыв|лопнул|разорвал|свищ", "труб|стояк|батаре|кран|водопровод|отоплен|горяч"),
                    near("хлещ|фонтан|бьет", "вод|кипят|труб"), "кипят[а-я]* (?:течет|хлещ|льет|заливает)"),
            rule("sparking-wires", Level.EMERGENCY,
                    "искрит", "искрят", "искрение", "искры", near("оголен|голые|торчат", "провод|кабел"),
                    near("бьет", "ток")),
            rule("fallen-wires", Level.EMERGENCY,
                    near("оборван|оборвал|обрыв|порван|упал|упали|лежат|лежит|висят|висит|провис", "провод|кабел|лэп"),
                    near("провод|кабел", "на земле|на дорог|на тротуар|оборван|провис"),
                    near("упал|упала|падает|наклонил", "столб|опор")),
            rule("no-heating", Level.SEASONAL,
                    near("нет|отключ|не работа|не греют|не греет|холодн|ледян|еле теплы|чуть теплы|без", "отоплен|батаре|радиатор"),
                    near("отоплен|батаре|радиатор", "нет|отключ|не работа|не греют|не греет|холодн|ледян|не включ|не дали|не дают"),
                    "не топ(?:ят|ит|ят)", "(?:в квартире|дома) (?:холодно|\\+?1[0-6] градус)", "замерза", "мерзнем"),
            rule("no-water", Level.SEASONAL,
                    near("нет|отключ|без|не дают|не дали|отсутств", "(?:горяч[а-я]* |холодн[а-я]* )?вод[аыу]?(?:[^а-я]|$)|водоснабжен|гвс|хвс"),
                    near("вод[аыу]?(?:[^а-я]|$)|водоснабжен", "нет|отключ|отсутств")),
            rule("no-electricity", Level.ELEVATED,
                    near("нет|отключ|без|пропал|вырубил|не дают", "свет[ау]?(?:[^а-я]|$)|электричеств|электроэнерги|электроснабжен")),
            rule("icicles", Level.ELEVATED,
                    "сосул", near("налед|глыб|снег|лед", "крыш|кровл|карниз|падает|свис|висит|свеша")),
            rule("flooding", Level.ELEVATED,
                    "затоп", "потоп", "подтоп", near("залил|залива|заливают|течет|льет|капает", "потол|сверху|с крыш|квартир|подвал|стен"),
                    "течет с потолка", near("вод", "в подвале|в подъезде")),
            rule("open-hatch", Level.ELEVATED,
                    near("открыт|без крышк|нет крышк|провал", "люк"), near("люк", "открыт|без крышк|нет крышк")),
            rule("stuck-in-elevator", Level.EMERGENCY,
                    near("застрял|застряла|застряли|заперт", "лифт")),
            rule("danger-to-children", Level.ELEVATED,
                    near("дет[иейям]|ребен|ребят|школьник", "опасн|упад|упал|травм|пострада|угроз|рискуют|могут"),
                    near("опасн|угроз", "дет[иейям]|ребен|школьник")),
            rule("danger-to-life", Level.EMERGENCY,
                    near("угроз|опасн|риск", "жизн"), "погиб", "смертел", "может убить", "убьет", "насмерть"));

    /** Runs a rule only when its words occur in the text: most texts trigger none or one. */
    private static final RegexPrefilter PREFILTER = new RegexPrefilter(RULES.stream().map(Rule::pattern).toList());

    /** The rules' patterns, in order (for tests). */
    static List<Pattern> patterns() {
        return RULES.stream().map(Rule::pattern).toList();
    }

    public Urgency detect(String text, Instant publishedAt) {
        if (text == null || text.isBlank()) {
            return new Urgency(UrgencyLevel.NONE, List.of());
        }
        return detectNormalized(TextNormalizer.normalize(text), publishedAt);
    }

    /** {@link #detect} on a text already put through {@link TextNormalizer#normalize}. */
    Urgency detectNormalized(String norm, Instant publishedAt) {
        if (norm.isEmpty()) {
            return new Urgency(UrgencyLevel.NONE, List.of());
        }
        boolean[] may = PREFILTER.candidates(norm);
        UrgencyLevel level = UrgencyLevel.NONE;
        List<String> reasons = new ArrayList<>(2);
        for (int i = 0; i < RULES.size(); i++) {
            Rule r = RULES.get(i);
            if (may[i] && r.pattern().matcher(norm).find()) {
                reasons.add(r.reason());
                UrgencyLevel l = switch (r.level()) {
                    case EMERGENCY -> UrgencyLevel.EMERGENCY;
                    case ELEVATED -> UrgencyLevel.ELEVATED;
                    case SEASONAL -> isColdSeason(publishedAt == null ? Instant.now() : publishedAt)
                            ? UrgencyLevel.EMERGENCY : UrgencyLevel.ELEVATED;
                };
                if (l.compareTo(level) > 0) {
                    level = l;
                }
            }
        }
        return new Urgency(level, reasons);
    }

    static boolean isColdSeason(Instant at) {
        Month m = at.atZone(ZONE).getMonth();
        return m.getValue() >= Month.OCTOBER.getValue() || m.getValue() <= Month.APRIL.getValue();
    }

    private static Rule rule(String reason, Level level, String... alternatives) {
        return new Rule(reason, level, Pattern.compile(START + "(?:(?:" + String.join(")|(?:", alternatives) + "))"));
    }

    /** a then b (or b then a is written as a separate rule), up to three words apart. */
    private static String near(String a, String b) {
        return "(?:" + a + ")" + WORD + GAP + "(?:" + b + ")";
    }
}
