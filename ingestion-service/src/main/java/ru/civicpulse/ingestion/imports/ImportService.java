package ru.civicpulse.ingestion.imports;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.common.Problem.FieldError;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.contracts.MessageKind;
import ru.civicpulse.contracts.Municipalities;
import ru.civicpulse.contracts.Municipality;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.ingestion.config.IngestionConfig;
import ru.civicpulse.ingestion.domain.IntakeService;
import ru.civicpulse.ingestion.domain.MessageRules;
import ru.civicpulse.ingestion.message.NewMessage;
import ru.civicpulse.ingestion.persistence.ImportRunRepository;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Imports an export file row by row: recognises the layout from the header, maps each row to an
 * appeal (source id = the record's number, so re-importing a file adds nothing), and stores them
 * in batches, each batch one transaction with its outbox rows.
 */
@ApplicationScoped
public class ImportService {
    static final String CHANNEL = "import";
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ImportService.class);
    // strict: 30.02.2026 is refused, not moved to 28 February
    private static final List<DateTimeFormatter> LOCAL_FORMATS = List.of(
            strict("dd.MM.uuuu H:mm[:ss]"),
            strict("dd.MM.uuuu, H:mm[:ss]"),
            strict("uuuu-MM-dd H:mm[:ss]"),
            DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("[\\s\\u00A0\\u2007\\u202F]+");
    private static final List<DateTimeFormatter> DATE_FORMATS = List.of(
            strict("dd.MM.uuuu"), DateTimeFormatter.ISO_LOCAL_DATE);

    @Inject
    IngestionConfig config;
    @Inject
    IntakeService intake;
    @Inject
    ImportRunRepository runs;
    @Inject
    MessageRules rules;

    private static DateTimeFormatter strict(String pattern) {
        return DateTimeFormatter.ofPattern(pattern).withResolverStyle(java.time.format.ResolverStyle.STRICT);
    }

    /** What the caller asked for besides the file. All optional for a known export. */
    public record Request(String fileName, String municipality, Source source, String idColumn, String textColumn,
                          String dateColumn, String municipalityColumn, String addressColumn, String executorColumn,
                          String requestedBy) {
        boolean generic() {
            return idColumn != null || textColumn != null || dateColumn != null;
        }
    }

    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Rejection(long line, String reason) {
    }

    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Result(UUID importId, String layout, Source source, long rowsRead, long accepted, long duplicates,
                         long rejected, List<Rejection> rejections) {
    }

    public Result importFile(Path file, Request request) throws IOException {
        if (request.municipality() != null && Municipalities.byCode(request.municipality()).isEmpty()) {
            throw ProblemException.unprocessable("Unknown municipality.",
                    List.of(new FieldError("municipality", "unknown municipality code")));
        }
        Run run = new Run(request);
        int maxCell = config.imports().maxCellLength();
        int maxColumns = config.imports().maxColumns();
        try {
            if (isZip(file)) {
                XlsxReader.read(file, run::row, maxCell, maxColumns);
            } else {
                try (Reader reader = new java.io.InputStreamReader(Files.newInputStream(file),
                        StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE))) {
                    CsvReader.read(new java.io.BufferedReader(reader), run::row, maxCell, maxColumns);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (run.layout == null) {
            throw ProblemException.unprocessable("The file has no header row.", List.of());
        }
        run.flush();
        runs.finished(run.id, (int) run.rowsRead, (int) run.accepted, (int) run.duplicates, (int) run.rejected, Instant.now());
        // the file name is the uploader's and may name a person: the import id finds it in import_runs
        LOG.infof("Import %s (%s): %d rows, %d accepted, %d duplicates, %d rejected in %d ms", run.id, run.layout.name(),
                run.rowsRead, run.accepted, run.duplicates, run.rejected,
                java.time.Duration.between(run.started, Instant.now()).toMillis());
        return new Result(run.id, run.layout.name(), run.layout.source(), run.rowsRead, run.accepted, run.duplicates,
                run.rejected, List.copyOf(run.rejections));
    }

    private static boolean isZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(2);
            return magic.length == 2 && magic[0] == 'P' && magic[1] == 'K';
        }
    }

    /** One import in progress: the layout once the header is seen, the current batch, the counts. */
    private final class Run {
        final UUID id = UUID.randomUUID();
        final Instant started = Instant.now();
        final Request request;
        ImportLayout layout;
        final List<NewMessage> batch = new ArrayList<>();
        final List<Rejection> rejections = new ArrayList<>();
        long rowsRead;
        long accepted;
        long duplicates;
        long rejected;

        Run(Request request) {
            this.request = request;
        }

        void row(long line, List<String> cells) {
            if (layout == null) {
                layout = layoutOf(cells);
                runs.started(id, fileName(request.fileName()), layout.source().name(), layout.name(), request.municipality(),
                        request.requestedBy(), Instant.now());
                return;
            }
            rowsRead++;
            String problem = oversize(cells);
            if (problem == null) {
                problem = map(cells);
            }
            if (problem != null) {
                rejected++;
                intake.countRejected(CHANNEL, 1);
                if (rejections.size() < config.imports().maxListedRejections()) {
                    rejections.add(new Rejection(line, problem));
                }
            }
            if (batch.size() >= config.imports().batchSize()) {
                flush();
            }
        }

        private ImportLayout layoutOf(List<String> header) {
            if (request.generic()) {
                Source source = request.source() == null ? Source.INCIDENT_IMPORT : request.source();
                return ImportLayout.generic(header, source, request.idColumn(), request.textColumn(), request.dateColumn(),
                        request.municipalityColumn(), request.addressColumn(), request.executorColumn()).orElseThrow(() ->
                        ProblemException.unprocessable("The named columns are not all in the header " + quoteHeader(header) + ".", List.of(
                                new FieldError("idColumn/textColumn/dateColumn", "must name columns of the header row"))));
            }
            ImportLayout known = ImportLayout.recognise(header).orElseThrow(() -> ProblemException.unprocessable(
                    "Not a known export (Инцидент Менеджмент or ПОС); name the columns with idColumn, textColumn and dateColumn. "
                            + "Header found: " + quoteHeader(header) + ".", List.of()));
            return request.source() == null ? known : new ImportLayout(known.name(), request.source(), known.idColumn(),
                    known.textColumn(), known.dateColumn(), known.municipalityColumn(), known.addressColumn(),
                    known.executorColumn());
        }

        private String oversize(List<String> cells) {
            if (cells.size() > config.imports().maxColumns()) {
                return "more than " + config.imports().maxColumns() + " columns";
            }
            for (String cell : cells) {
                if (cell != null && cell.length() > config.imports().maxCellLength()) {
                    return "a cell longer than " + config.imports().maxCellLength() + " characters";
                }
            }
            return null;
        }

        /**
         * A header for an answer: at most 20 columns, each quoted within the quoting limit. A header
         * that is not text (a binary file read as CSV) is named as such: its bytes are not echoed.
         */
        private String quoteHeader(List<String> header) {
            if (header.stream().anyMatch(Run::notText)) {
                return "not readable text (is the file a UTF-8 CSV or an XLSX export?)";
            }
            List<String> shown = header.stream().limit(20).map(Run.this::quote).toList();
            return shown + (header.size() > 20 ? " and " + (header.size() - 20) + " more columns" : "");
        }

        /** Undecodable bytes (U+FFFD) or control characters other than tab. */
        private static boolean notText(String cell) {
            return cell != null && cell.chars().anyMatch(c -> c == '\uFFFD' || (Character.isISOControl(c) && c != '\t'));
        }

        /** A cell's value as a rejection may quote it: NUL-free and cut at civicpulse.ingestion.imports.max-quoted-length. */
        private String quote(String value) {
            String v = NewMessage.withoutNul(value == null ? "" : value);
            int max = config.imports().maxQuotedLength();
            return v.length() <= max ? v : v.substring(0, max) + "…";
        }

        /** Adds the row to the batch, or says why it cannot be taken in. */
        private String map(List<String> cells) {
            String id = cell(cells, layout.idColumn());
            String text = cell(cells, layout.textColumn());
            String date = cell(cells, layout.dateColumn());
            if (id == null) {
                return "no record number";
            }
            if (id.length() > 200) {
                return "record number longer than 200 characters";
            }
            if (text == null) {
                return "no text";
            }
            if (text.length() > config.maxTextLength()) {
                return "text longer than " + config.maxTextLength() + " characters";
            }
            Instant publishedAt = parseDate(date);
            if (publishedAt == null) {
                return date == null ? "no date" : "unreadable date '" + quote(date) + "'";
            }
            String municipality = request.municipality() != null ? request.municipality()
                    : municipalityOf(cell(cells, layout.municipalityColumn())).orElse(null);
            if (municipality == null) {
                return "unknown municipality '" + quote(Optional.ofNullable(cell(cells, layout.municipalityColumn())).orElse(""))
                        + "'; pass ?municipality=<code>";
            }
            NewMessage message = new NewMessage(layout.source(), id, MessageKind.APPEAL, layout.name(), null, null, null, text,
                    publishedAt, municipality, null, cell(cells, layout.addressColumn()), List.of(),
                    collapsed(cell(cells, layout.executorColumn())));
            List<FieldError> broken = rules.check(message);
            if (!broken.isEmpty()) {
                return broken.get(0).field() + " " + broken.get(0).message();
            }
            batch.add(message);
            return null;
        }

        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            for (IntakeService.Outcome outcome : intake.take(List.copyOf(batch), CHANNEL)) {
                if (outcome.accepted()) {
                    accepted++;
                } else {
                    duplicates++;
                }
            }
            batch.clear();
        }
    }

    private static String fileName(String name) {
        String n = NewMessage.withoutNul(name);
        return n == null || n.length() <= 255 ? n : n.substring(0, 255);
    }

    private static String cell(List<String> cells, int column) {
        if (column < 0 || column >= cells.size() || cells.get(column) == null) {
            return null;
        }
        String value = cells.get(column).strip();
        return value.isEmpty() ? null : value;
    }

    /** Runs of whitespace (no-break spaces of spreadsheets too) as one space, trimmed; null stays null. */
    static String collapsed(String value) {
        if (value == null) {
            return null;
        }
        String v = WHITESPACE.matcher(value).replaceAll(" ").strip();
        return v.isEmpty() ? null : v;
    }

    private Instant parseDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException ignored) {
            // not an instant with offset; try local forms below
        } catch (java.time.DateTimeException ignored) {
            return null;
        }
        for (DateTimeFormatter format : LOCAL_FORMATS) {
            try {
                return LocalDateTime.parse(value, format).atZone(config.imports().zone()).toInstant();
            } catch (DateTimeParseException ignored) {
                // next form
            }
        }
        for (DateTimeFormatter format : DATE_FORMATS) {
            try {
                return LocalDate.parse(value, format).atStartOfDay(config.imports().zone()).toInstant();
            } catch (DateTimeParseException ignored) {
                // next form
            }
        }
        return null;
    }

    /** A municipality by code or by its Russian name inside longer official names ("городской округ город Воронеж"). */
    static Optional<String> municipalityOf(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip().toLowerCase(Locale.ROOT).replace('ё', 'е');
        Optional<Municipality> byCode = Municipalities.byCode(v);
        if (byCode.isPresent()) {
            return Optional.of(byCode.get().code());
        }
        // longest names first, so "Нововоронеж" is not taken for "Воронеж"
        return Municipalities.all().stream()
                .sorted((a, b) -> b.label().length() - a.label().length())
                .filter(m -> v.contains(m.label().toLowerCase(Locale.ROOT).replace('ё', 'е')))
                .map(Municipality::code)
                .findFirst();
    }
}
