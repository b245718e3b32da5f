package ru.civicpulse.classification.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import ru.civicpulse.common.sql.Sql;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Open incidents per municipality, district and topic group. Call inside a transaction. */
@ApplicationScoped
public class IncidentRepository {

    /** An incident's bucket: the place and topic group its messages share. */
    public record Bucket(String municipality, String district, String group) {
        /** The lock name, also the order buckets are locked in. */
        public String name() {
            return municipality + "|" + district + "|" + group;
        }
    }

    public record Incident(String key, long simhash, Instant firstSeen, Instant lastSeen) {
    }

    /** Incidents of {@code bucket} whose time span, widened by the window, covers [from, to]. */
    public record Window(Bucket bucket, Instant from, Instant to) {
    }

    /** An incident to create: a new one carries its bucket. */
    public record NewIncident(Bucket bucket, Incident incident) {
    }

    /** At most this many incidents, the latest seen first, are candidates for one message. */
    public static final int CANDIDATES = 500;

    @Inject
    AgroalDataSource dataSource;

    /**
     * Serialises incident assignment for the buckets across all replicas until the transaction ends
     * (transaction-scoped advisory locks: they also cover the "no row yet" case, which row locks
     * cannot). One statement takes them in the order given: callers give the names sorted, so two
     * transactions never wait on each other in a cycle.
     */
    public void lockBuckets(List<String> sortedNames) {
        if (sortedNames.isEmpty()) {
            return;
        }
        Sql.onConnection(dataSource, "Could not lock the incident buckets", c -> new Sql(
                "select pg_advisory_xact_lock(hashtextextended(b, 0)) from unnest(?::text[]) with ordinality as t(b, n) order by n",
                sortedNames).list(c, rs -> Boolean.TRUE));
    }

    /**
     * For each window: its bucket's incidents whose time span, widened by the window, covers it, the
     * {@link #CANDIDATES} latest seen (answer {@code i} is window {@code i}'s), newest first.
     *
     * <p>Windows of one bucket overlap (a batch's messages are minutes apart), so each bucket is read
     * once, for the union of its windows, and every window takes the incidents that cover it from
     * that list in its order. That list is a prefix of the bucket's order, so a window that finds
     * {@link #CANDIDATES} in it has its answer; only a window that finds fewer in a list that was
     * cut at {@link #CANDIDATES} is read again on its own.
     */
    public List<List<Incident>> candidates(List<Window> windows) {
        Map<Bucket, Window> unions = new LinkedHashMap<>();
        for (Window w : windows) {
            unions.merge(w.bucket(), w, (a, b) -> new Window(a.bucket(), min(a.from(), b.from()), max(a.to(), b.to())));
        }
        Map<Bucket, List<Incident>> byBucket = new HashMap<>();
        List<Window> unionList = List.copyOf(unions.values());
        List<List<Incident>> read = latestCovering(unionList);
        for (int i = 0; i < unionList.size(); i++) {
            byBucket.put(unionList.get(i).bucket(), read.get(i));
        }
        List<List<Incident>> found = new ArrayList<>(windows.size());
        List<Integer> again = new ArrayList<>();
        for (Window w : windows) {
            List<Incident> all = byBucket.get(w.bucket());
            List<Incident> covering = all.stream()
                    .filter(i -> !i.lastSeen().isBefore(w.from()) && !i.firstSeen().isAfter(w.to()))
                    .limit(CANDIDATES).toList();
            if (covering.size() < CANDIDATES && all.size() >= CANDIDATES) {
                again.add(found.size());
            }
            found.add(covering);
        }
        if (!again.isEmpty()) {
            List<List<Incident>> exact = latestCovering(again.stream().map(windows::get).toList());
            for (int i = 0; i < again.size(); i++) {
                found.set(again.get(i), exact.get(i));
            }
        }
        return found;
    }

    /** For each window, in one statement, the {@link #CANDIDATES} latest seen incidents that cover it, newest first. */
    private List<List<Incident>> latestCovering(List<Window> windows) {
        List<List<Incident>> found = new ArrayList<>(windows.size());
        if (windows.isEmpty()) {
            return found;
        }
        for (int i = 0; i < windows.size(); i++) {
            found.add(new ArrayList<>());
        }
        Sql query = new Sql("""
                select w.n, i.incident_key, i.simhash, i.first_seen, i.last_seen
                from unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[]) with ordinality
                    as w(municipality, district, topic_group, from_at, to_at, n)
                cross join lateral (
                    select incident_key, simhash, first_seen, last_seen from incidents
                    where municipality = w.municipality and district = w.district and topic_group = w.topic_group
                      and last_seen >= w.from_at and first_seen <= w.to_at
                    order by last_seen desc, incident_key limit ?) i
                order by w.n, i.last_seen desc, i.incident_key""",
                windows.stream().map(w -> w.bucket().municipality()).toList(),
                windows.stream().map(w -> w.bucket().district()).toList(),
                windows.stream().map(w -> w.bucket().group()).toList(),
                windows.stream().map(Window::from).toList(),
                windows.stream().map(Window::to).toList(),
                CANDIDATES);
        Sql.onConnection(dataSource, "Could not read incidents", c -> query.list(c, rs -> found.get(rs.getInt("n") - 1).add(
                new Incident(rs.getString("incident_key"), rs.getLong("simhash"), Sql.instant(rs, "first_seen"),
                        Sql.instant(rs, "last_seen")))));
        return found;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Creates the incidents with one batched statement; an existing key is kept as it is. */
    public void create(List<NewIncident> created) {
        Sql.Batch batch = Sql.batch("insert into incidents (incident_key, municipality, district, topic_group, simhash, "
                + "first_seen, last_seen) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing");
        for (NewIncident n : created) {
            Incident i = n.incident();
            batch.add(i.key(), n.bucket().municipality(), n.bucket().district(), n.bucket().group(), i.simhash(),
                    i.firstSeen(), i.lastSeen());
        }
        if (batch.isEmpty()) {
            return;
        }
        Sql.onConnection(dataSource, "Could not store the incidents", batch::execute);
    }

    /** Widens the incidents' time spans to cover the given ones, with one batched statement. */
    public void touch(List<Incident> touched) {
        Sql.Batch batch = Sql.batch("update incidents set last_seen = greatest(last_seen, ?), first_seen = least(first_seen, ?) "
                + "where incident_key = ?");
        for (Incident i : touched) {
            batch.add(i.lastSeen(), i.firstSeen(), i.key());
        }
        if (batch.isEmpty()) {
            return;
        }
        Sql.onConnection(dataSource, "Could not store the incidents", batch::execute);
    }
}
