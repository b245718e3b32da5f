package ru.civicpulse.reporting.sql;

import ru.civicpulse.common.sql.Sql;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a question covers, as SQL over the read model's shared column names: the caller's
 * municipalities, the optional filters, a span of residents' messages, the rollup rows of a cover
 * of calendar periods. Analytics and message search both read through it.
 */
public final class ScopeSql {

    /** The scope and filters of a question: {@code Optional.empty()} = all municipalities, null = no filter. */
    public interface Scope {
        Optional<Set<String>> municipalities();

        String district();

        String source();

        String group();
    }

    /** Official replies are never counted as residents' messages. */
    public static final String NOT_REPLY = "kind <> 'OFFICIAL_REPLY'";

    private ScopeSql() {
    }

    /** The caller's scope and the optional filters, each as {@code and ...}; empty when there are none. */
    public static Sql filters(Scope q, String alias) {
        Sql sql = new Sql("");
        q.municipalities().ifPresent(m -> sql.append("and " + alias + "municipality = any(?)", m));
        if (q.district() != null) {
            sql.append("and " + alias + "district = ?", q.district());
        }
        if (q.source() != null) {
            sql.append("and " + alias + "source = ?", q.source());
        }
        if (q.group() != null) {
            sql.append("and " + alias + "grp = ?", q.group());
        }
        return sql;
    }

    /** Residents' messages published in {@code [from, to)} within the scope and filters. */
    public static Sql facts(Scope q, Instant from, Instant to, String alias) {
        return new Sql(alias + NOT_REPLY + " and " + alias + "published_at >= ? and " + alias + "published_at < ?",
                from, to).append(filters(q, alias));
    }

    /** The rows of the given kinds of period among the pieces of a cover: one index range per kind. */
    public static Sql periods(List<CalendarPeriod.Piece> pieces, CalendarPeriod... kinds) {
        Sql sql = new Sql("(false");
        for (CalendarPeriod kind : kinds) {
            sql.append("or period = ? and period_start = any(?::text[]::date[])", kind.code(), CalendarPeriod.starts(pieces, kind));
        }
        return sql.append(")");
    }
}
