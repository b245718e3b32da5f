package ru.civicpulse.common.sql;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.civicpulse.testsupport.EmbeddedPostgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The statement helper against a real PostgreSQL: what each call returns and how values travel. */
class SqlTest {
    private static Connection c;

    record Item(UUID id, String name, Instant at, LocalDate day, Double score, List<String> tags) {
    }

    @BeforeAll
    static void connect() throws SQLException {
        c = DriverManager.getConnection(EmbeddedPostgres.database("sql_helper"), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
        new Sql("create table if not exists items (id uuid primary key, name text not null unique, at timestamptz, "
                + "day date, score double precision, tags text[])").update(c);
    }

    @AfterAll
    static void close() throws SQLException {
        c.close();
    }

    @BeforeEach
    void empty() throws SQLException {
        new Sql("truncate items").update(c);
    }

    private static Item read(java.sql.ResultSet rs) throws SQLException {
        return new Item(rs.getObject("id", UUID.class), rs.getString("name"), Sql.instant(rs, "at"),
                rs.getObject("day", LocalDate.class), Sql.nullableDouble(rs, "score"),
                List.of((String[]) rs.getArray("tags").getArray()));
    }

    @Test
    void copiedRowsArriveAsWrittenWhateverTheyHold() throws SQLException {
        new Sql("create table if not exists copied (id uuid, name text, at timestamptz, day date, score double precision, ok boolean)")
                .update(c);
        new Sql("truncate copied").update(c);
        // what residents write: tabs, line breaks, backslashes, COPY's own markers, quotes, emoji
        List<String> names = List.of("tab\there", "two\nlines\r\n", "back\\slash \\N \\.", "\\N", "\\.", "«кавычки» \"q\" 'a' 😀", "");
        List<Object[]> rows = new java.util.ArrayList<>();
        Instant at = Instant.parse("2024-03-31T00:30:00.123456Z");
        for (String name : names) {
            rows.add(new Object[]{UUID.randomUUID(), name, at, LocalDate.of(2024, 3, 31), 1.0e-7, true});
        }
        rows.add(new Object[]{UUID.randomUUID(), null, null, null, null, null});

        assertThat(Sql.copyRows(c, "copied", List.of("id", "name", "at", "day", "score", "ok"), rows)).isEqualTo(rows.size());

        List<String> stored = new Sql("select name from copied where name is not null").list(c, rs -> rs.getString("name"));
        assertThat(stored).containsExactlyInAnyOrderElementsOf(names);
        long allNull = new Sql("select count(*) n from copied where name is null and at is null and day is null and score is null and ok is null")
                .one(c, rs -> rs.getLong("n"));
        assertThat(allNull).isEqualTo(1);
        List<Object> typed = new Sql("select at, day, score, ok from copied where name = ''")
                .one(c, rs -> List.of(Sql.instant(rs, "at"), rs.getObject("day", LocalDate.class), rs.getDouble("score"), rs.getBoolean("ok")));
        assertThat(typed).containsExactly(at, LocalDate.of(2024, 3, 31), 1.0e-7, true);
        assertThatThrownBy(() -> Sql.copyRows(c, "copied", List.of("id", "name"), List.<Object[]>of(new Object[]{UUID.randomUUID(), List.of("x")})))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBatchRunsOncePerRowAndTellsWhichRowsChangedSomething() throws SQLException {
        UUID first = UUID.randomUUID();
        Instant at = Instant.parse("2024-03-31T00:30:00.123456Z");
        int[] counts = Sql.batch("insert into items (id, name, at, day, score, tags) values (?, ?, ?, ?, ?, ?) on conflict do nothing")
                .add(first, "first", at, LocalDate.of(2024, 3, 31), 0.5, List.of("a", "b"))
                .add(UUID.randomUUID(), "first", null, null, null, List.of()) // same name: skipped
                .add(UUID.randomUUID(), "second", null, null, null, List.of())
                .execute(c);

        assertThat(counts).containsExactly(1, 0, 1);
        List<Item> items = new Sql("select * from items order by name").list(c, SqlTest::read);
        assertThat(items).extracting(Item::name).containsExactly("first", "second");
        assertThat(items.get(0)).isEqualTo(new Item(first, "first", at, LocalDate.of(2024, 3, 31), 0.5, List.of("a", "b")));
        assertThat(items.get(1).at()).isNull();
        assertThat(items.get(1).score()).isNull();
    }

    @Test
    void anEmptyBatchDoesNotTouchTheDatabase() throws SQLException {
        Sql.Batch batch = Sql.batch("insert into no_such_table values (?)");
        assertThat(batch.isEmpty()).isTrue();
        assertThat(batch.execute(c)).isEmpty();
    }

    @Test
    void optionalIsTheFirstRowOrEmpty() throws SQLException {
        insert("one", 1.0);
        insert("two", null);

        assertThat(new Sql("select name from items where name = ?", "one").optional(c, rs -> rs.getString("name"))).contains("one");
        assertThat(new Sql("select name from items where name = ?", "none").optional(c, rs -> rs.getString("name"))).isEmpty();
        assertThat(new Sql("select name from items order by name desc").optional(c, rs -> rs.getString("name"))).contains("two");
        // a null column reads as no value
        Optional<Double> score = new Sql("select score from items where name = ?", "two").optional(c, rs -> Sql.nullableDouble(rs, "score"));
        assertThat(score).isEmpty();
    }

    @Test
    void oneIsTheRowAStatementAlwaysReturns() throws SQLException {
        insert("one", 1.0);
        insert("two", 2.0);

        String countAndTotal = new Sql("select count(*) as n, sum(score) as total from items")
                .one(c, rs -> rs.getLong("n") + ":" + rs.getDouble("total"));
        assertThat(countAndTotal).isEqualTo("2:3.0");
        assertThatThrownBy(() -> new Sql("select name from items where name = ?", "none").one(c, rs -> rs.getString("name")))
                .isInstanceOf(SQLException.class).hasMessageContaining("no row");
    }

    @Test
    void updateTellsHowManyRowsItTouched() throws SQLException {
        insert("one", 1.0);
        insert("two", 2.0);
        insert("three", 3.0);

        assertThat(new Sql("update items set score = score * 2 where score >= ?", 2.0).update(c)).isEqualTo(2);
        assertThat(new Sql("delete from items where name = any (?)", List.of("one", "none")).update(c)).isEqualTo(1);
        double total = new Sql("select sum(score) as total from items").one(c, rs -> rs.getDouble("total"));
        assertThat(total).isEqualTo(10.0);
    }

    @Test
    void appendedFragmentsKeepTheirParametersInOrder() throws SQLException {
        insert("one", 1.0);
        insert("two", 2.0);
        insert("three", 3.0);

        Sql query = new Sql("select name from items where score >= ?", 2.0)
                .append(new Sql("and name <> ?", "three"))
                .append("order by name limit ?", 5);
        assertThat(query.list(c, rs -> rs.getString("name"))).containsExactly("two");
    }

    private static void insert(String name, Double score) throws SQLException {
        new Sql("insert into items (id, name, score, tags) values (?, ?, ?, ?)", UUID.randomUUID(), name, score, List.of()).update(c);
    }
}
