package ru.civicpulse.contracts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rubricator: 17 groups aligned with the group names regional management centres publish,
 * so reports compare line by line with theirs, and the finer topics under each group.
 * Codes are stable; labels are user-facing Russian.
 */
public final class Taxonomy {
    public static final String OTHER = "other";

    private static final Map<String, TopicGroup> GROUPS = new LinkedHashMap<>();
    private static final Map<String, TopicDefinition> TOPICS = new LinkedHashMap<>();

    static {
        group("housing-utilities", "ЖКХ",
                "heating", "Отопление",
                "hot-water", "Горячее водоснабжение",
                "cold-water", "Холодное водоснабжение",
                "sewerage", "Канализация и засоры",
                "roof-leak", "Протечки кровли",
                "entrance-repair", "Подъезды и ремонт МКД",
                "elevators", "Лифты",
                "management-company", "Работа управляющей компании",
                "utility-bills", "Начисления за коммунальные услуги",
                "capital-repair", "Капитальный ремонт");
        group("improvement", "Благоустройство",
                "yard-improvement", "Благоустройство дворов",
                "playgrounds", "Детские и спортивные площадки",
                "street-lighting", "Уличное освещение",
                "snow-ice-removal", "Уборка снега и наледи",
                "greenery", "Зелёные насаждения и деревья",
                "parks-public-spaces", "Парки, скверы и общественные пространства",
                "stray-animals", "Безнадзорные животные",
                "hatches-hazards", "Открытые люки и опасные объекты",
                "illegal-ads", "Незаконная реклама и надписи");
        group("roads", "Дороги",
                "potholes", "Ямы и состояние дорожного покрытия",
                "road-repair", "Ремонт дорог",
                "sidewalks", "Тротуары",
                "traffic-lights", "Светофоры и дорожные знаки",
                "road-markings", "Дорожная разметка и пешеходные переходы",
                "parking", "Парковки",
                "traffic-jams", "Пробки и организация движения",
                "road-snow", "Уборка дорог от снега");
        group("public-transport", "Общественный транспорт",
                "routes-schedule", "Маршруты и расписание",
                "intervals", "Интервалы движения",
                "vehicle-condition", "Состояние транспорта",
                "drivers-conduct", "Поведение водителей и кондукторов",
                "fares-payment", "Оплата проезда и льготы",
                "stops", "Остановки");
        group("waste", "Мусор и ТКО",
                "container-sites", "Контейнерные площадки",
                "waste-collection", "Вывоз мусора",
                "illegal-dumps", "Несанкционированные свалки",
                "bulky-waste", "Крупногабаритный мусор",
                "waste-fees", "Плата за вывоз ТКО",
                "separate-collection", "Раздельный сбор");
        group("healthcare", "Здравоохранение",
                "doctor-appointments", "Запись к врачу и очереди",
                "clinics", "Работа поликлиник",
                "hospitals", "Больницы и стационары",
                "ambulance", "Скорая помощь",
                "medicines", "Лекарственное обеспечение",
                "staff-shortage", "Нехватка медицинских кадров");
        group("education-children", "Образование и дети",
                "kindergartens", "Детские сады",
                "schools", "Школы",
                "school-transport", "Подвоз и дорога в школу",
                "school-meals", "Школьное питание",
                "additional-education", "Кружки и дополнительное образование",
                "children-safety", "Безопасность детей");
        group("social-protection", "Социальная защита",
                "benefits-payments", "Пособия и выплаты",
                "large-families", "Многодетные семьи",
                "disabled-people", "Люди с инвалидностью и доступная среда",
                "elderly-care", "Помощь пожилым",
                "low-income", "Малоимущие и материальная помощь");
        group("safety", "Безопасность и правопорядок",
                "public-order", "Общественный порядок",
                "crime", "Преступления и правонарушения",
                "fire-safety", "Пожарная безопасность",
                "emergencies", "Чрезвычайные ситуации",
                "drunk-noise", "Шум и нарушения тишины");
        group("ecology", "Экология",
                "air-pollution", "Загрязнение воздуха и запахи",
                "water-bodies", "Водоёмы и реки",
                "tree-felling", "Вырубка деревьев",
                "industrial-emissions", "Промышленные выбросы",
                "noise-pollution", "Шумовое загрязнение");
        group("energy-gas-telecom", "Энергоснабжение, газ и связь",
                "power-outage", "Отключения электроэнергии",
                "gas-supply", "Газоснабжение",
                "gasification", "Газификация",
                "mobile-internet", "Мобильная связь и интернет",
                "tv-radio", "Телевидение и радио");
        group("construction", "Строительство и архитектура",
                "infill-construction", "Точечная застройка",
                "construction-sites", "Стройплощадки и нарушения",
                "defrauded-buyers", "Обманутые дольщики",
                "unauthorized-buildings", "Самовольные постройки",
                "emergency-housing", "Аварийное жильё и расселение");
        group("culture-sport", "Культура, спорт, досуг",
                "cultural-events", "Культурные мероприятия",
                "sports-facilities", "Спортивные объекты",
                "libraries-museums", "Библиотеки, музеи, дома культуры",
                "heritage", "Объекты культурного наследия",
                "leisure", "Досуг и отдых");
        group("trade-economy", "Торговля, экономика и работа",
                "illegal-trade", "Несанкционированная торговля",
                "prices", "Цены",
                "employment", "Работа и занятость",
                "consumer-rights", "Права потребителей",
                "small-business", "Малый бизнес");
        group("public-services", "Госуслуги, МФЦ и работа власти",
                "mfc", "МФЦ и документы",
                "gosuslugi", "Госуслуги онлайн",
                "officials-work", "Работа чиновников и ведомств",
                "appeals-handling", "Рассмотрение обращений",
                "land-property", "Земля и имущество");
        group("svo-support", "Поддержка участников СВО и семей",
                "svo-payments", "Выплаты участникам СВО и семьям",
                "svo-family-help", "Помощь семьям участников СВО",
                "svo-veterans", "Ветераны СВО: реабилитация и работа",
                "svo-volunteering", "Сборы и волонтёрская помощь");
        group(OTHER, "Прочее / не обращение",
                "gratitude", "Благодарности",
                "offtopic", "Не обращение",
                "spam-ads", "Реклама и спам",
                "other", "Прочее");
    }

    private Taxonomy() {
    }

    private static void group(String code, String label, String... topicCodesAndLabels) {
        List<TopicDefinition> topics = new ArrayList<>();
        for (int i = 0; i < topicCodesAndLabels.length; i += 2) {
            TopicDefinition topic = new TopicDefinition(code + "/" + topicCodesAndLabels[i], topicCodesAndLabels[i + 1], code);
            topics.add(topic);
            TOPICS.put(topic.code(), topic);
        }
        GROUPS.put(code, new TopicGroup(code, label, topics));
    }

    /** The 17 groups in their published order. */
    public static List<TopicGroup> groups() {
        return List.copyOf(GROUPS.values());
    }

    public static Optional<TopicGroup> group(String code) {
        return Optional.ofNullable(GROUPS.get(code));
    }

    /** Topic by its full code {@code <group>/<topic>}. */
    public static Optional<TopicDefinition> topic(String code) {
        return Optional.ofNullable(TOPICS.get(code));
    }

    public static List<TopicDefinition> topics() {
        return List.copyOf(TOPICS.values());
    }

    public static boolean isGroup(String code) {
        return GROUPS.containsKey(code);
    }

    /** Russian label of a group code; the code itself for labels outside this taxonomy (operator-trained models). */
    public static String groupLabel(String code) {
        TopicGroup group = GROUPS.get(code);
        return group == null ? code : group.label();
    }
}
