package ru.civicpulse.reporting.analytics;

import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.contracts.Taxonomy;
import ru.civicpulse.reporting.sql.CalendarPeriod;
import ru.civicpulse.reporting.sql.ScopeSql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Response times as of {@code now}. Whole days come from response_monthly and response_daily (per
 * month or day and key: messages, sorted waits, and for days the sorted publication times of
 * unanswered ones), partial days from the facts; median and p90 are exact over the united waits
 * (to the second), overdue messages are counted by binary search.
 */
final class ResponseRollups {

    /** The tallied waits and how many messages are overdue. */
    record Totals(ResponseTallies tallies, long overdue) {
    }

    private final ReportingConfig config;
    private final Instant now;

    ResponseRollups(ReportingConfig config, Instant now) {
        this.config = config;
        this.now = now;
    }

    Totals totals(Connection c, AnalyticsQuery query) throws SQLException {
        ResponseTallies tallies = new ResponseTallies();
        long[] overdue = {0};
        if (query.hasWholeDays()) {
            // A month whose every deadline has passed answers from response_monthly (all its
            // unanswered messages are overdue); the other whole days from response_daily.
            Duration longest = Stream.concat(Stream.of(config.responseDeadline(), config.emergencyDeadline()),
                    config.groupDeadlines().values().stream()).max(Comparator.naturalOrder()).orElseThrow();
            List<LocalDate> months = new ArrayList<>();
            List<LocalDate> days = new ArrayList<>();
            for (CalendarPeriod.Piece piece : CalendarPeriod.cover(query.wholeDaysFrom(), query.wholeDaysEnd())) {
                LocalDate end = piece.period().end(piece.start());
                if (piece.period() == CalendarPeriod.MONTH && end.atStartOfDay(CalendarPeriod.ZONE).toInstant().plus(longest).isBefore(now)) {
                    months.add(piece.start());
                } else {
                    piece.start().datesUntil(end).forEach(days::add);
                }
            }
            if (!months.isEmpty()) {
                new Sql("select municipality, grp, messages, unanswered, array_send(waits) waits from response_monthly"
                        + " where month = any(?::text[]::date[])", months).append(ScopeSql.filters(query, "")).binaryResults()
                        .list(c, rs -> {
                            tallies.add(rs.getString("grp"), rs.getString("municipality"), rs.getInt("messages"),
                                    Sql.intArray(rs, "waits"));
                            overdue[0] += rs.getInt("unanswered");
                            return null;
                        });
            }
            if (!days.isEmpty()) {
                new Sql("select day, municipality, grp, messages, array_send(waits) waits, array_send(open_emergency) open_emergency,"
                        + " array_send(open_other) open_other from response_daily where day = any(?::text[]::date[])", days)
                        .append(ScopeSql.filters(query, "")).binaryResults()
                        .list(c, rs -> {
                            String group = rs.getString("grp");
                            tallies.add(group, rs.getString("municipality"), rs.getInt("messages"), Sql.intArray(rs, "waits"));
                            Instant midnight = rs.getObject("day", LocalDate.class).atStartOfDay(CalendarPeriod.ZONE).toInstant();
                            overdue[0] += countBefore(Sql.intArray(rs, "open_emergency"), midnight, now.minus(config.deadlineFor(group, "EMERGENCY")))
                                    + countBefore(Sql.intArray(rs, "open_other"), midnight, now.minus(config.deadlineFor(group, "NONE")));
                            return null;
                        });
            }
        }
        for (AnalyticsQuery.Span span : query.partialDays()) {
            new Sql("select municipality, grp, urgency, published_at, reply_seconds from response_facts"
                    + " where published_at >= ? and published_at < ?",
                    span.from(), span.to()).append(ScopeSql.filters(query, ""))
                    .list(c, rs -> {
                        String group = rs.getString("grp");
                        int wait = rs.getInt("reply_seconds");
                        int[] waits = rs.wasNull() ? new int[0] : new int[]{wait};
                        tallies.add(group, rs.getString("municipality"), 1, waits);
                        if (waits.length == 0 && Sql.instant(rs, "published_at")
                                .plus(config.deadlineFor(group, rs.getString("urgency"))).isBefore(now)) {
                            overdue[0]++;
                        }
                        return null;
                    });
        }
        return new Totals(tallies, overdue[0]);
    }

    /** How many of the sorted offsets (milliseconds after {@code midnight}) fall before {@code cutoff}. */
    private static int countBefore(int[] sortedMillis, Instant midnight, Instant cutoff) {
        long limit = Duration.between(midnight, cutoff).toMillis();
        if (limit <= 0) {
            return 0;
        }
        if (limit > Integer.MAX_VALUE) {
            return sortedMillis.length;
        }
        int i = Arrays.binarySearch(sortedMillis, (int) limit);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && sortedMillis[i - 1] == limit) {
            i--;
        }
        return i;
    }

    /**
     * The overdue messages with the earliest deadlines (at most {@link Rows#LIST_LIMIT}). Within one
     * deadline (EMERGENCY, a group with its own, the rest) deadline order is publication order, so
     * each class is read from the index of unanswered messages up to its cut-off and the lists merged.
     */
    List<ResponsesResult.Overdue> overdue(Connection c, AnalyticsQuery q) throws SQLException {
        List<String> ownDeadline = new ArrayList<>(config.groupDeadlines().keySet());
        List<Sql> classes = new ArrayList<>();
        List<Duration> deadlines = new ArrayList<>();
        classes.add(new Sql("and urgency = 'EMERGENCY'"));
        deadlines.add(config.emergencyDeadline());
        for (String group : ownDeadline) {
            classes.add(new Sql("and urgency <> 'EMERGENCY' and grp = ?", group));
            deadlines.add(config.groupDeadlines().get(group));
        }
        classes.add(new Sql("and urgency <> 'EMERGENCY' and grp <> all(?)", ownDeadline));
        deadlines.add(config.responseDeadline());
        record Candidate(UUID id, Instant deadline) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            Duration deadline = deadlines.get(i);
            Instant end = q.to().isBefore(now.minus(deadline)) ? q.to() : now.minus(deadline);
            if (!q.from().isBefore(end)) {
                continue;
            }
            new Sql("select message_id, published_at from messages where first_reply_at is null and " + ScopeSql.NOT_REPLY
                    + " and published_at >= ? and published_at < ?", q.from(), end)
                    .append(ScopeSql.filters(q, "")).append(classes.get(i))
                    .append("order by published_at, message_id limit " + Rows.LIST_LIMIT)
                    .list(c, rs -> candidates.add(new Candidate(rs.getObject("message_id", UUID.class),
                            Sql.instant(rs, "published_at").plus(deadline))));
        }
        // PostgreSQL orders uuids by their bytes, as their text does
        candidates.sort(Comparator.comparing(Candidate::deadline).thenComparing(x -> x.id().toString()));
        List<Candidate> first = candidates.subList(0, Math.min(Rows.LIST_LIMIT, candidates.size()));
        if (first.isEmpty()) {
            return List.of();
        }
        Map<UUID, ResponsesResult.Overdue> rows = new HashMap<>();
        Map<UUID, Instant> deadlineOf = new HashMap<>();
        first.forEach(x -> deadlineOf.put(x.id(), x.deadline()));
        new Sql("select message_id, municipality, district, grp, urgency, text, published_at from messages where message_id = any(?::uuid[])",
                first.stream().map(Candidate::id).toList())
                .list(c, rs -> {
                    UUID id = rs.getObject("message_id", UUID.class);
                    Instant deadline = deadlineOf.get(id);
                    return rows.put(id, new ResponsesResult.Overdue(id, rs.getString("municipality"),
                            Rows.emptyToNull(rs.getString("district")), rs.getString("grp"), Taxonomy.groupLabel(rs.getString("grp")),
                            rs.getString("urgency"), rs.getString("text"), Sql.instant(rs, "published_at"), deadline,
                            Rows.hours(Duration.between(deadline, now))));
                });
        return first.stream().map(x -> rows.get(x.id())).toList();
    }
}
