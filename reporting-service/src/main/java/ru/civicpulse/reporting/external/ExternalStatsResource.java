package ru.civicpulse.reporting.external;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import ru.civicpulse.common.Caller;
import ru.civicpulse.common.Problem;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.common.Roles;
import ru.civicpulse.contracts.Municipalities;
import ru.civicpulse.contracts.Taxonomy;
import ru.civicpulse.reporting.analytics.SourceComparison;
import ru.civicpulse.reporting.external.ExternalStatsRepository.Row;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Statistics published by other sources (e.g. a regional centre's counts per group), uploaded as
 * CSV ({@code periodStart,periodEnd,municipality,group,count} with that header) or a JSON array of
 * objects with those fields. A PUT replaces the source's whole set; {@code periodEnd} is inclusive.
 */
@Path("/api/v1/external-stats")
@Tag(name = "external statistics")
public class ExternalStatsResource {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final int MAX_ROWS = 100_000;

    public record Uploaded(String source, int rows, long total) {
    }

    @Inject
    ExternalStatsRepository repository;

    @Inject
    Caller caller;

    @PUT
    @Path("/{source}")
    @Consumes("text/csv")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.REGION_ANALYST, Roles.REGION_ADMIN})
    @Operation(summary = "Replace a source's statistics from CSV")
    @APIResponse(responseCode = "200", description = "Stored")
    @APIResponse(responseCode = "422", description = "A row is invalid (the answer lists which)")
    @APIResponse(responseCode = "413", description = "More than 100000 rows")
    public Uploaded putCsv(@PathParam("source") String source, String body) {
        List<String> lines = body == null ? List.of() : body.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw ProblemException.unprocessable("The CSV is empty.", List.of(new Problem.FieldError("body", "header and rows required")));
        }
        List<String> header = split(lines.get(0));
        List<String> expected = List.of("periodStart", "periodEnd", "municipality", "group", "count");
        int[] at = new int[expected.size()];
        for (int i = 0; i < expected.size(); i++) {
            at[i] = header.indexOf(expected.get(i));
            if (at[i] < 0) {
                throw ProblemException.unprocessable("The CSV header lacks " + expected.get(i) + ".",
                        List.of(new Problem.FieldError("header", "needs " + String.join(",", expected))));
            }
        }
        checkSize(lines.size() - 1);
        List<String[]> raw = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = split(line);
            String[] v = new String[expected.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = at[i] < cells.size() ? cells.get(at[i]) : null;
            }
            raw.add(v);
        }
        return store(source, raw);
    }

    @PUT
    @Path("/{source}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.REGION_ANALYST, Roles.REGION_ADMIN})
    @Operation(summary = "Replace a source's statistics from a JSON array")
    @APIResponse(responseCode = "200", description = "Stored")
    @APIResponse(responseCode = "400", description = "Not JSON")
    @APIResponse(responseCode = "422", description = "A row is invalid (the answer lists which)")
    public Uploaded putJson(@PathParam("source") String source, JsonNode body) {
        if (body == null || !body.isArray()) {
            throw ProblemException.unprocessable("The body must be a JSON array of rows.", List.of(new Problem.FieldError("body", "array")));
        }
        checkSize(body.size());
        List<String[]> raw = new ArrayList<>();
        for (JsonNode n : body) {
            raw.add(new String[]{text(n, "periodStart"), text(n, "periodEnd"), text(n, "municipality"), text(n, "group"), text(n, "count")});
        }
        return store(source, raw);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.REGION_ANALYST, Roles.REGION_ADMIN, Roles.CITY_OFFICIAL})
    @Operation(summary = "Uploaded sources with their row counts and periods, within the municipalities you may see")
    @APIResponse(responseCode = "200", description = "Sources")
    public List<ExternalStatsRepository.SourceSummary> sources() {
        return repository.sources(caller.municipalityScope());
    }

    private Uploaded store(String source, List<String[]> raw) {
        if (!NAME.matcher(source).matches() || SourceComparison.OWN_SOURCE.equals(source)) {
            throw ProblemException.unprocessable("Invalid source name.",
                    List.of(new Problem.FieldError("source", "lower-case letters, digits, '-'; not '" + SourceComparison.OWN_SOURCE + "'")));
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        Map<String, Row> rows = new LinkedHashMap<>();
        for (int i = 0; i < raw.size() && errors.size() < 20; i++) {
            String[] v = raw.get(i);
            String where = "rows[" + i + "].";
            try {
                LocalDate start = LocalDate.parse(v[0].trim());
                LocalDate end = LocalDate.parse(v[1].trim());
                long count = Long.parseLong(v[4].trim());
                String municipality = v[2] == null ? "" : v[2].trim();
                String group = v[3] == null ? "" : v[3].trim();
                if (end.isBefore(start)) {
                    errors.add(new Problem.FieldError(where + "periodEnd", "before periodStart"));
                } else if (Municipalities.byCode(municipality).isEmpty()) {
                    errors.add(new Problem.FieldError(where + "municipality", "unknown municipality " + municipality));
                } else if (!Taxonomy.isGroup(group)) {
                    errors.add(new Problem.FieldError(where + "group", "unknown group " + group));
                } else if (count < 0) {
                    errors.add(new Problem.FieldError(where + "count", "negative"));
                } else {
                    // the same line twice adds up rather than failing the upload
                    rows.merge(start + "|" + end + "|" + municipality + "|" + group, new Row(start, end, municipality, group, count),
                            (a, b) -> new Row(start, end, municipality, group, a.count() + b.count()));
                }
            } catch (NullPointerException | DateTimeParseException | NumberFormatException e) {
                errors.add(new Problem.FieldError(where.substring(0, where.length() - 1),
                        "needs ISO dates periodStart/periodEnd and an integer count"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.unprocessable("Some rows are invalid; nothing was stored.", errors);
        }
        repository.replace(source, rows.values(), caller.name());
        return new Uploaded(source, rows.size(), rows.values().stream().mapToLong(Row::count).sum());
    }

    private static void checkSize(int rows) {
        if (rows > MAX_ROWS) {
            throw ProblemException.tooLarge("At most " + MAX_ROWS + " rows per upload.");
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Splits one CSV line (comma or semicolon, optional double quotes). */
    static List<String> split(String line) {
        char sep = line.indexOf(';') >= 0 && line.indexOf(',') < 0 ? ';' : ',';
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (ch == sep && !quoted) {
                out.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        out.add(cell.toString().trim());
        if (!out.isEmpty() && out.get(0).startsWith("\uFEFF")) {
            out.set(0, out.get(0).substring(1));
        }
        return out;
    }
}
