package ru.civicpulse.reporting.routing;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import ru.civicpulse.common.Problem;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.common.sql.Sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Routing rules ({@code routing_rules}): created and retired, never changed or deleted, since every
 * route names the rule that chose it. Each change re-routes the municipality's current period in
 * its own transaction ({@link Router#reroute}).
 */
@ApplicationScoped
public class RoutingRules {

    /** A rule as the API shows it; {@code why} is what a route chosen by it says. */
    @RegisterForReflection
    public record RuleView(UUID id, String municipality, Router.ExecutorRef executor, String group, String topic,
                           String district, String addressFragment, int priority,
                           @JsonProperty("default") boolean isDefault, String createdBy, Instant createdAt,
                           Instant retiredAt, String why) {
    }

    /** A rule and how many routes its creation or retirement changed. */
    @RegisterForReflection
    public record Change(RuleView rule, Router.Rerouted rerouted) {
    }

    /** What a client sets of a new rule (checked by the resource). */
    public record NewRule(String municipality, UUID executorId, String group, String topic, String district,
                          String addressFragment, int priority, boolean isDefault) {
    }

    private static final String VIEW = "select r.*, e.name executor_name from routing_rules r join executors e on e.id = r.executor_id";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Router router;

    /** Rules within the scope, optionally of one municipality; retired ones only when asked. Most specific first. */
    @Transactional
    public List<RuleView> list(Optional<Set<String>> scope, String municipality, boolean withRetired) {
        Sql sql = new Sql(VIEW + " where true");
        scope.ifPresent(s -> sql.append("and r.municipality = any(?)", s));
        if (municipality != null) {
            sql.append("and r.municipality = ?", municipality);
        }
        if (!withRetired) {
            sql.append("and r.retired_at is null");
        }
        // in the engine's precedence, so the list reads in the order rules are tried (defaults last)
        Comparator<RuleView> order = Comparator.comparing(RuleView::municipality).thenComparing(v -> v.retiredAt() != null)
                .thenComparing(RuleView::isDefault).thenComparing(RoutingRules::rule, RoutingEngine.PRECEDENCE);
        return Sql.onConnection(dataSource, "Could not list routing rules", c -> sql.list(c, RoutingRules::view)).stream().sorted(order).toList();
    }

    /** The rule if it exists within the scope. */
    @Transactional
    public Optional<RuleView> find(UUID id, Optional<Set<String>> scope) {
        Sql sql = new Sql(VIEW + " where r.id = ?", id);
        scope.ifPresent(s -> sql.append("and r.municipality = any(?)", s));
        return Sql.onConnection(dataSource, "Could not read routing rule " + id, c -> sql.optional(c, RoutingRules::view));
    }

    /** Creates a rule and re-routes its municipality's current period. 422: executor elsewhere; 409: a second default. */
    @Transactional
    public Change create(NewRule r, String createdBy) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UUID id = UUID.randomUUID();
        return Sql.onConnection(dataSource, "Could not create routing rule", c -> {
            router.lockExclusively(c, r.municipality());
            Optional<String> home = new Sql("select municipality from executors where id = ?", r.executorId())
                    .optional(c, rs -> rs.getString("municipality"));
            if (home.isEmpty() || !home.get().equals(r.municipality())) {
                throw ProblemException.unprocessable("The executor must belong to the rule's municipality.",
                        List.of(new Problem.FieldError("executorId", "an executor of " + r.municipality())));
            }
            if (r.isDefault() && new Sql("select 1 from routing_rules where municipality = ? and is_default and retired_at is null",
                    r.municipality()).optional(c, rs -> 1).isPresent()) {
                throw ProblemException.conflict("The municipality already has an active default rule; retire it first.");
            }
            new Sql("""
                    insert into routing_rules (id, municipality, executor_id, grp, topic, district, address_fragment, priority,
                                               is_default, created_by, created_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", id, r.municipality(), r.executorId(), r.group(), r.topic(),
                    r.district(), r.addressFragment(), r.priority(), r.isDefault(), createdBy, now).update(c);
            Router.Rerouted rerouted = router.reroute(c, r.municipality());
            return new Change(new Sql(VIEW + " where r.id = ?", id).one(c, RoutingRules::view), rerouted);
        });
    }

    /** Retires a rule (within the scope) and re-routes its municipality's current period; empty when there is none. */
    @Transactional
    public Optional<Change> retire(UUID id, Optional<Set<String>> scope) {
        Optional<RuleView> rule = find(id, scope);
        if (rule.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Sql.onConnection(dataSource, "Could not retire routing rule " + id, c -> {
            router.lockExclusively(c, rule.get().municipality());
            int retired = new Sql("update routing_rules set retired_at = ? where id = ? and retired_at is null",
                    Instant.now().truncatedTo(ChronoUnit.MICROS), id).update(c);
            if (retired == 0) {
                throw ProblemException.conflict("The rule is already retired.");
            }
            Router.Rerouted rerouted = router.reroute(c, rule.get().municipality());
            return new Change(new Sql(VIEW + " where r.id = ?", id).one(c, RoutingRules::view), rerouted);
        }));
    }

    /** The engine's view of a {@code routing_rules} row. */
    static RoutingEngine.Rule rule(ResultSet rs) throws SQLException {
        return new RoutingEngine.Rule(rs.getObject("id", UUID.class), rs.getObject("executor_id", UUID.class),
                rs.getString("grp"), rs.getString("topic"), rs.getString("district"), rs.getString("address_fragment"),
                rs.getInt("priority"), rs.getBoolean("is_default"), Sql.instant(rs, "created_at"));
    }

    private static RoutingEngine.Rule rule(RuleView v) {
        return new RoutingEngine.Rule(v.id(), v.executor().id(), v.group(), v.topic(), v.district(), v.addressFragment(),
                v.priority(), v.isDefault(), v.createdAt());
    }

    private static RuleView view(ResultSet rs) throws SQLException {
        RoutingEngine.Rule rule = rule(rs);
        return new RuleView(rule.id(), rs.getString("municipality"),
                new Router.ExecutorRef(rule.executorId(), rs.getString("executor_name")), rule.group(), rule.topic(),
                rule.district(), rule.addressFragment(), rule.priority(), rule.isDefault(), rs.getString("created_by"),
                rule.createdAt(), Sql.instant(rs, "retired_at"), rule.why());
    }
}
