package ru.civicpulse.reporting.readmodel;

import ru.civicpulse.common.sql.Sql;
import ru.civicpulse.reporting.sql.CalendarPeriod;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Changes response_daily and response_monthly by what a batch changed in its messages' response
 * facts. Each resident's message contributes one {@link Entry} (view {@code response_facts}): its
 * wait if answered, else its publication offset among the open emergencies or the other open
 * messages. The consumer reads the entries of the batch's messages before and after its writes; an
 * entry that left a bucket is taken out of its arrays (a multiset difference), one that arrived is
 * added, and the arrays stay sorted. Only the rows of changed buckets are written, in key order,
 * and only what changed is read: a bucket is never grouped again from its messages.
 */
final class ResponseWriter {

    /** The array of a response_daily row that holds an entry. */
    enum Slot {
        WAIT("waits"), OPEN_EMERGENCY("open_emergency"), OPEN_OTHER("open_other");

        final String column;

        Slot(String column) {
            this.column = column;
        }
    }

    /** What one message contributes: its bucket, the array and the value there. */
    record Entry(BucketKey bucket, Slot slot, int value) {
    }

    /** How one bucket changes: its message count, and per array the values that leave and arrive. */
    static final class Change {
        private int messages;
        private final Map<Slot, List<Integer>> gone = new EnumMap<>(Slot.class);
        private final Map<Slot, List<Integer>> come = new EnumMap<>(Slot.class);

        void leave(Entry e) {
            messages--;
            gone.computeIfAbsent(e.slot(), s -> new ArrayList<>()).add(e.value());
        }

        void arrive(Entry e) {
            messages++;
            come.computeIfAbsent(e.slot(), s -> new ArrayList<>()).add(e.value());
        }

        private List<Integer> gone(Slot s) {
            return gone.getOrDefault(s, List.of());
        }

        private List<Integer> come(Slot s) {
            return come.getOrDefault(s, List.of());
        }

        private int open(Map<Slot, List<Integer>> values) {
            return values.getOrDefault(Slot.OPEN_EMERGENCY, List.of()).size() + values.getOrDefault(Slot.OPEN_OTHER, List.of()).size();
        }
    }

    private ResponseWriter() {
    }

    /**
     * The response entries of those of {@code ids} that are residents' messages, by message id;
     * with {@code lock}, their rows are locked in id order.
     */
    static Map<UUID, Entry> entries(Connection c, Collection<UUID> ids, boolean lock) throws SQLException {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return new Sql("select message_id, day, municipality, district, grp, source, urgency, reply_seconds, after_midnight"
                + " from response_facts where message_id = any(?::uuid[]) order by message_id" + (lock ? " for update" : ""), ids)
                .list(c, rs -> {
                    int wait = rs.getInt("reply_seconds");
                    boolean answered = !rs.wasNull();
                    Slot slot = answered ? Slot.WAIT : "EMERGENCY".equals(rs.getString("urgency")) ? Slot.OPEN_EMERGENCY : Slot.OPEN_OTHER;
                    return Map.entry(rs.getObject("message_id", UUID.class),
                            new Entry(BucketKey.of(rs), slot, answered ? wait : rs.getInt("after_midnight")));
                }).stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Adds to {@code days} what changed for each message between {@code before} and {@code after}. */
    static void collect(Map<UUID, Entry> before, Map<UUID, Entry> after, SortedMap<BucketKey, Change> days) {
        before.forEach((id, old) -> {
            if (!old.equals(after.get(id))) {
                days.computeIfAbsent(old.bucket(), k -> new Change()).leave(old);
            }
        });
        after.forEach((id, now) -> {
            if (!now.equals(before.get(id))) {
                days.computeIfAbsent(now.bucket(), k -> new Change()).arrive(now);
            }
        });
    }

    /** The column's array changed by the next parameter's values (gone) and {@code come} (function in V106). */
    private static String changed(String column, String come) {
        return "sorted_multiset_change(" + column + ", ?::integer[], " + come + ")";
    }

    private static final String SORTED = "sorted_multiset_change('{}', '{}', ?::integer[])";

    private static final String DAY_KEY = "day, municipality, district, grp, source";
    private static final String MONTH_KEY = "month, municipality, district, grp, source";

    /** Parameters: the key, the count's change, the arriving values per slot, then the leaving values per slot. */
    private static final String UPSERT_DAY = "insert into response_daily as r (" + DAY_KEY
            + ", messages, waits, open_emergency, open_other) values (?, ?, ?, ?, ?, ?, " + SORTED + ", " + SORTED + ", " + SORTED + ")"
            + " on conflict (" + DAY_KEY + ") do update set messages = r.messages + excluded.messages, "
            + List.of(Slot.values()).stream().map(s -> s.column + " = " + changed("r." + s.column, "excluded." + s.column))
            .collect(Collectors.joining(", "));

    /** Parameters: the key, the changes of messages and unanswered, the arriving waits, then the leaving ones. */
    private static final String UPSERT_MONTH = "insert into response_monthly as r (" + MONTH_KEY
            + ", messages, unanswered, waits) values (?, ?, ?, ?, ?, ?, ?, " + SORTED + ")"
            + " on conflict (" + MONTH_KEY + ") do update set messages = r.messages + excluded.messages,"
            + " unanswered = r.unanswered + excluded.unanswered, waits = " + changed("r.waits", "excluded.waits");

    /**
     * Writes the changed days in key order, then their months (summed from the days' changes), and
     * deletes the rows left without messages (so "no row" and "none" never disagree).
     */
    static void write(Connection c, SortedMap<BucketKey, Change> changed) throws SQLException {
        // collect() enters a bucket only for an entry that left or arrived: every change here writes
        if (changed.isEmpty()) {
            return;
        }
        Sql.Batch upsertDays = Sql.batch(UPSERT_DAY);
        SortedMap<BucketKey, Change> months = new TreeMap<>();
        for (var day : changed.entrySet()) {
            Change change = day.getValue();
            List<Object> params = day.getKey().addTo(new ArrayList<>());
            params.add(change.messages);
            for (Slot s : Slot.values()) {
                params.add(change.come(s));
            }
            for (Slot s : Slot.values()) {
                params.add(change.gone(s));
            }
            upsertDays.add(params.toArray());

            Change month = months.computeIfAbsent(day.getKey().in(CalendarPeriod.MONTH), k -> new Change());
            month.messages += change.messages;
            change.gone.forEach((s, values) -> month.gone.computeIfAbsent(s, k -> new ArrayList<>()).addAll(values));
            change.come.forEach((s, values) -> month.come.computeIfAbsent(s, k -> new ArrayList<>()).addAll(values));
        }
        upsertDays.execute(c);

        Sql.Batch upsertMonths = Sql.batch(UPSERT_MONTH);
        for (var month : months.entrySet()) {
            Change change = month.getValue();
            List<Object> params = month.getKey().addTo(new ArrayList<>());
            params.add(change.messages);
            params.add(change.open(change.come) - change.open(change.gone));
            params.add(change.come(Slot.WAIT));
            params.add(change.gone(Slot.WAIT));
            upsertMonths.add(params.toArray());
        }
        upsertMonths.execute(c);

        // Sql binds a collection as text[]; the cast makes it the date[] the key columns compare with
        new Sql("delete from response_daily where messages <= 0 and day = any(?::date[])",
                changed.keySet().stream().map(BucketKey::day).distinct().toList()).update(c);
        new Sql("delete from response_monthly where messages <= 0 and month = any(?::date[])",
                months.keySet().stream().map(BucketKey::day).distinct().toList()).update(c);
    }
}
