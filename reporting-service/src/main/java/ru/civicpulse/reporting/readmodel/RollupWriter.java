package ru.civicpulse.reporting.readmodel;

import ru.civicpulse.reporting.sql.CalendarPeriod;
import ru.civicpulse.common.sql.Sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Adds a batch's day deltas to one rollup table: summed per period of the table's kinds, upserted in
 * key order, then the rows they emptied deleted (so "no row" and "zero" never disagree). A day
 * delta that is zero is left out; a period's sum of non-zero day deltas is written even when it is zero.
 *
 * @param <V> what the table sums per key
 */
final class RollupWriter<V> {

    /** Messages per day and tone. */
    static final RollupWriter<Long> DAILY = new RollupWriter<>("rollup_daily", false, "tone", List.of("count"),
            List.of(CalendarPeriod.DAY), Long::sum, d -> d == 0, d -> new long[]{d});
    /** Messages per ISO week or month and tone. */
    static final RollupWriter<Long> PERIODS = new RollupWriter<>("rollup_periods", true, "tone", List.of("count"),
            List.of(CalendarPeriod.WEEK, CalendarPeriod.MONTH), Long::sum, d -> d == 0, d -> new long[]{d});
    /** Messages, needing review and confidence per day, ISO week or month and model version. */
    static final RollupWriter<ModelDelta> MODELS = new RollupWriter<>("model_rollup", true, "model_version",
            List.of("messages", "needs_review", "confidence_micros"), List.of(CalendarPeriod.values()),
            ModelDelta::plus, ModelDelta::isZero, d -> new long[]{d.messages(), d.needsReview(), d.confidenceMicros()});

    private final String table;
    /** Whether rows are keyed by (period, period_start) rather than by day alone. */
    private final boolean periodColumn;
    private final String detailColumn;
    private final List<String> valueColumns;
    private final List<CalendarPeriod> periods;
    private final BinaryOperator<V> plus;
    private final Predicate<V> zero;
    private final Function<V, long[]> values;

    private RollupWriter(String table, boolean periodColumn, String detailColumn, List<String> valueColumns,
                         List<CalendarPeriod> periods, BinaryOperator<V> plus, Predicate<V> zero, Function<V, long[]> values) {
        this.table = table;
        this.periodColumn = periodColumn;
        this.detailColumn = detailColumn;
        this.valueColumns = valueColumns;
        this.periods = periods;
        this.plus = plus;
        this.zero = zero;
        this.values = values;
    }

    /** Applies deltas keyed by day ({@link CalendarPeriod#DAY} keys). */
    void write(Connection c, SortedMap<RollupKey, V> dayDeltas) throws SQLException {
        SortedMap<RollupKey, V> rows = new TreeMap<>();
        dayDeltas.forEach((key, delta) -> {
            if (!zero.test(delta)) {
                periods.forEach(p -> rows.merge(key.in(p), delta, plus));
            }
        });
        if (rows.isEmpty()) {
            return;
        }
        String key = (periodColumn ? "period, period_start" : "day") + ", municipality, district, grp, source, " + detailColumn;
        int columns = (periodColumn ? 7 : 6) + valueColumns.size();
        Sql.Batch up = Sql.batch("insert into " + table + " (" + key + ", " + String.join(", ", valueColumns)
                + ") values (" + String.join(", ", Collections.nCopies(columns, "?")) + ") on conflict (" + key
                + ") do update set " + valueColumns.stream().map(v -> v + " = " + table + "." + v + " + excluded." + v)
                .collect(Collectors.joining(", ")));
        for (var row : rows.entrySet()) {
            List<Object> params = new ArrayList<>(columns);
            if (periodColumn) {
                params.add(row.getKey().period().code());
            }
            row.getKey().bucket().addTo(params);
            params.add(row.getKey().detail());
            for (long v : values.apply(row.getValue())) {
                params.add(v);
            }
            up.add(params.toArray());
        }
        up.execute(c);
        String days = periodColumn
                ? "period in (" + periods.stream().map(p -> "'" + p.code() + "'").collect(Collectors.joining(", ")) + ") and period_start"
                : "day";
        // Sql binds a collection as text[]; the cast makes it the date[] the key column compares with
        new Sql("delete from " + table + " where " + valueColumns.get(0) + " <= 0 and " + days + " = any(?::date[])",
                rows.keySet().stream().map(k -> k.bucket().day()).distinct().toList()).update(c);
    }
}
