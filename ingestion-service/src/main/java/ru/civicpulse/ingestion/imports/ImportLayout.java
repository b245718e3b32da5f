package ru.civicpulse.ingestion.imports;

import ru.civicpulse.contracts.Source;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which columns of an export hold what. The two known exports are recognised from their
 * header; any other table can be imported by naming its columns.
 *
 * @param name             what to call the layout in answers and audit rows
 * @param idColumn         the record's number in the source system (becomes sourceMessageId)
 * @param municipalityColumn -1 when the municipality comes from the request
 * @param addressColumn    -1 when there is none
 * @param executorColumn   the body the source system routed the record to («Исполнитель»); -1 when there is none
 */
public record ImportLayout(String name, Source source, int idColumn, int textColumn, int dateColumn,
                           int municipalityColumn, int addressColumn, int executorColumn) {

    public static final String INCIDENT_MANAGEMENT = "incident-management";
    public static final String POS = "pos";
    public static final String GENERIC = "generic";
    /** Headers of the executor column in both known exports, the most specific first. */
    private static final String[] EXECUTOR_HEADERS = {"исполнитель", "исполнитель (организация)", "ответственный исполнитель",
            "ответственный", "организация-исполнитель"};

    /** «Инцидент Менеджмент»: incidents with their number, creation date, text and municipality. */
    public static Optional<ImportLayout> incidentManagement(List<String> header) {
        int id = find(header, "номер инцидента");
        int text = find(header, "текст инцидента");
        int date = find(header, "дата создания", "дата регистрации");
        if (id < 0 || text < 0 || date < 0) {
            return Optional.empty();
        }
        return Optional.of(new ImportLayout(INCIDENT_MANAGEMENT, Source.INCIDENT_IMPORT, id, text, date,
                find(header, "муниципалитет", "муниципальное образование"), find(header, "адрес"),
                find(header, EXECUTOR_HEADERS)));
    }

    /** Платформа обратной связи (ПОС): residents' messages with their number, date and text. */
    public static Optional<ImportLayout> pos(List<String> header) {
        int id = find(header, "номер сообщения", "номер обращения", "id сообщения", "идентификатор сообщения");
        int text = find(header, "текст сообщения", "текст обращения", "текст", "описание");
        int date = find(header, "дата создания", "дата подачи", "дата поступления", "дата регистрации");
        if (id < 0 || text < 0 || date < 0) {
            return Optional.empty();
        }
        return Optional.of(new ImportLayout(POS, Source.POS, id, text, date,
                find(header, "муниципалитет", "муниципальное образование", "муниципальный район"), find(header, "адрес"),
                find(header, EXECUTOR_HEADERS)));
    }

    /** Recognises a known export from its header. */
    public static Optional<ImportLayout> recognise(List<String> header) {
        return incidentManagement(header).or(() -> pos(header));
    }

    /**
     * A table described by the request: column names for id, text and date (and optionally
     * municipality, address and executor). Empty when a named column is not in the header.
     */
    public static Optional<ImportLayout> generic(List<String> header, Source source, String idColumn, String textColumn,
                                                 String dateColumn, String municipalityColumn, String addressColumn,
                                                 String executorColumn) {
        int id = find(header, idColumn);
        int text = find(header, textColumn);
        int date = find(header, dateColumn);
        if (id < 0 || text < 0 || date < 0) {
            return Optional.empty();
        }
        return Optional.of(new ImportLayout(GENERIC, source, id, text, date,
                municipalityColumn == null ? -1 : find(header, municipalityColumn),
                addressColumn == null ? -1 : find(header, addressColumn),
                executorColumn == null ? -1 : find(header, executorColumn)));
    }

    private static int find(List<String> header, String... names) {
        for (String name : names) {
            if (name == null) {
                continue;
            }
            for (int i = 0; i < header.size(); i++) {
                if (normalise(header.get(i)).equals(normalise(name))) {
                    return i;
                }
            }
        }
        return -1;
    }

    static String normalise(String s) {
        return s == null ? "" : s.strip().toLowerCase(Locale.ROOT).replace('ё', 'е').replaceAll("\\s+", " ");
    }
}
