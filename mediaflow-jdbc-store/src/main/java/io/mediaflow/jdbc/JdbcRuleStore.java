package io.mediaflow.jdbc;

import io.mediaflow.api.rule.RuleCounters;
import io.mediaflow.api.store.RuleArguments;
import io.mediaflow.api.store.RuleCount;
import io.mediaflow.api.store.RuleStore;
import io.mediaflow.api.store.StoredRule;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The rules of a {@link JdbcStorage} (schema V6): one row per rule, its latest revision with its
 * counters. A save is a compare-and-set on the revision, the first an insert that inserts nothing
 * when the id is taken, every later one {@code UPDATE … WHERE id = ? AND revision = ?}, which the
 * database serialises on the row.
 *
 * <p>Every save, switch and removal adds one to the single row of {@code rule_changes} in its own
 * transaction ({@link #changeCount()}), and on PostgreSQL notifies the channel {@code
 * <tablePrefix>rules} there too, so the notification goes out when the change commits and only
 * then. {@link #onChange} listens on that channel over a connection of its own (see {@link
 * WorkSignals}); on H2 and MariaDB it does nothing and engines poll the change count.
 *
 * <p>{@link #count} adds a whole batch in one transaction, one statement per rule in the order of
 * their ids (two batches lock shared rules in the same order), each an increment of the stored
 * counters rather than a write of values read before: counts from many threads all add up.
 */
final class JdbcRuleStore implements RuleStore {

  private static final String COLUMNS =
      "id, revision, enabled, definition, created_at, updated_at, executions, successes,"
          + " failures, skipped, last_run, last_error";

  private final Transactions db;
  private final WorkSignals signals;
  private final String insert;
  private final String update;
  private final String switchOver;
  private final String revision;
  private final String find;
  private final String list;
  private final String remove;
  private final String count;
  private final String changed;
  private final String firstChange;
  private final String changeCount;
  private final String notify; // null where the dialect cannot
  private final String countInOne; // likewise

  JdbcRuleStore(Transactions db, Dialect dialect, Tables t, WorkSignals signals) {
    this.db = db;
    this.signals = signals;
    String rules = t.rules();
    // a look for the id in the same statement: no error for an id taken, the common conflict
    this.insert =
        "INSERT INTO "
            + rules
            + " (id, revision, enabled, definition, created_at, updated_at) SELECT ?, 1, ?, ?, ?, ?"
            + dialect.fromNoTable()
            + " WHERE NOT EXISTS (SELECT 1 FROM "
            + rules
            + " WHERE id = ?)"
            + dialect.onConflictDoNothing();
    this.update =
        "UPDATE "
            + rules
            + " SET revision = revision + 1, enabled = ?, definition = ?, updated_at = ?"
            + " WHERE id = ? AND revision = ?";
    this.switchOver =
        "UPDATE "
            + rules
            + " SET revision = revision + 1, enabled = ?, updated_at = ? WHERE id = ? AND enabled <> ?";
    this.revision = "SELECT revision FROM " + rules + " WHERE id = ?";
    this.find = "SELECT " + COLUMNS + " FROM " + rules + " WHERE id = ?";
    this.list = "SELECT " + COLUMNS + " FROM " + rules + " ORDER BY id LIMIT ? OFFSET ?";
    this.remove = "DELETE FROM " + rules + " WHERE id = ?";
    // lastRun only forward (Long.MIN_VALUE: none given); lastError only when given (flag 1)
    this.count =
        "UPDATE "
            + rules
            + " SET executions = executions + ?, successes = successes + ?,"
            + " failures = failures + ?, skipped = skipped + ?,"
            + " last_run = CASE WHEN COALESCE(last_run, ?) < ? THEN ? ELSE last_run END,"
            + " last_error = CASE WHEN ? = 1 THEN ? ELSE last_error END WHERE id = ?";
    this.changed =
        "UPDATE " + t.ruleChanges() + " SET change_count = change_count + 1 WHERE id = 1";
    this.firstChange = "INSERT INTO " + t.ruleChanges() + " (id, change_count) VALUES (1, 1)";
    this.changeCount = "SELECT change_count FROM " + t.ruleChanges() + " WHERE id = 1";
    this.notify = dialect.notifyStatement(WorkSignals.rulesChannel(t)).orElse(null);
    this.countInOne = dialect.countRulesInOneStatement(t).orElse(null);
  }

  @Override
  public StoredRule save(
      String id, String definition, boolean enabled, int expectedRevision, Instant now) {
    RuleArguments.checkSave(id, definition, expectedRevision, now);
    long micros = Rows.micros(now);
    // 16 creators racing on MariaDB can deadlock on the key's gap locks: the loser runs again
    return db.tx(
        "saveRule",
        null,
        c -> {
          int changedRows =
              expectedRevision == 0
                  ? create(c, id, definition, enabled, micros)
                  : Sql.update(c, update, enabled, definition, micros, id, expectedRevision);
          if (changedRows != 1) {
            int actual = Sql.first(c, revision, rs -> rs.getInt(1), id).orElse(0);
            throw RuleArguments.conflict(id, expectedRevision, actual);
          }
          changed(c);
          // the same transaction holds the row's lock: this reads the row it wrote
          return Sql.first(c, find, JdbcRuleStore::rule, id).orElseThrow();
        });
  }

  /** The first revision, unless the id is taken (then 0 rows). */
  private int create(Connection c, String id, String definition, boolean enabled, long micros)
      throws SQLException {
    try {
      return Sql.update(c, insert, id, enabled, definition, micros, micros, id);
    } catch (SQLException e) {
      if (Transactions.isIntegrityViolation(e)) {
        return 0; // another creator inserted the id between our look and our insert
      }
      throw e;
    }
  }

  @Override
  public Optional<StoredRule> setEnabled(String id, boolean enabled, Instant now) {
    RuleArguments.checkId(id);
    Objects.requireNonNull(now, "now");
    long micros = Rows.micros(now);
    return db.tx(
        "setRuleEnabled",
        null,
        c -> {
          Sql.update(c, switchOver, enabled, micros, id, enabled);
          Optional<StoredRule> rule = Sql.first(c, find, JdbcRuleStore::rule, id);
          if (rule.isPresent()) {
            changed(c); // a switch to the state it had moves the count too: engines just reload
          }
          return rule;
        });
  }

  @Override
  public Optional<StoredRule> find(String id) {
    RuleArguments.checkId(id);
    return db.auto("findRule", null, c -> Sql.first(c, find, JdbcRuleStore::rule, id));
  }

  @Override
  public List<StoredRule> list(int page, int size) {
    RuleArguments.checkPage(page, size);
    long offset = (long) page * size;
    return db.auto(
        "listRules", null, c -> Sql.list(c, list, JdbcRuleStore::rule, List.of(size, offset)));
  }

  @Override
  public boolean remove(String id) {
    RuleArguments.checkId(id);
    return db.tx(
        "removeRule",
        null,
        c -> {
          if (Sql.update(c, remove, id) == 0) {
            return false;
          }
          changed(c);
          return true;
        });
  }

  /**
   * One transaction: the counts of each rule summed first (the latest {@code lastRun}, the last
   * {@code lastError} given), then one increment per rule in the order of their ids, as one JDBC
   * batch. A rule that does not exist matches no row and is left out.
   */
  @Override
  public void count(List<RuleCount> counts) {
    List<RuleCount> copy = List.copyOf(counts);
    if (copy.isEmpty()) {
      return;
    }
    Map<String, RuleCount> byRule = new TreeMap<>();
    for (RuleCount n : copy) {
      byRule.merge(n.ruleId(), n, JdbcRuleStore::sum);
    }
    if (countInOne != null) {
      countInOne(byRule.values());
      return;
    }
    db.tx(
        "countRules",
        null,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(count)) {
            for (RuleCount n : byRule.values()) {
              long lastRun = n.lastRun().map(Rows::micros).orElse(Long.MIN_VALUE);
              Sql.bind(
                  ps,
                  Sql.args(
                      n.executions(),
                      n.successes(),
                      n.failures(),
                      n.skipped(),
                      Long.MIN_VALUE,
                      lastRun,
                      lastRun,
                      n.lastError().isPresent() ? 1 : 0,
                      n.lastError().map(RuleArguments::cutError).orElse(""),
                      n.ruleId()));
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  /**
   * The counts as arrays in one round trip, in id order ({@link Dialect#countRulesInOneStatement}).
   */
  private void countInOne(Collection<RuleCount> counts) {
    int n = counts.size();
    String[] ids = new String[n];
    Long[] executions = new Long[n];
    Long[] successes = new Long[n];
    Long[] failures = new Long[n];
    Long[] skipped = new Long[n];
    Long[] lastRuns = new Long[n];
    Boolean[] hasError = new Boolean[n];
    String[] errors = new String[n];
    int i = 0;
    for (RuleCount r : counts) {
      ids[i] = r.ruleId();
      executions[i] = r.executions();
      successes[i] = r.successes();
      failures[i] = r.failures();
      skipped[i] = r.skipped();
      lastRuns[i] = r.lastRun().map(Rows::micros).orElse(null);
      hasError[i] = r.lastError().isPresent();
      errors[i] = r.lastError().map(RuleArguments::cutError).orElse(null);
      i++;
    }
    db.autoRetrying(
        "countRules",
        null,
        c -> {
          Sql.executeAll(
              c,
              countInOne,
              Sql.args(
                  c.createArrayOf("varchar", ids),
                  c.createArrayOf("bigint", executions),
                  c.createArrayOf("bigint", successes),
                  c.createArrayOf("bigint", failures),
                  c.createArrayOf("bigint", skipped),
                  c.createArrayOf("bigint", lastRuns),
                  c.createArrayOf("boolean", hasError),
                  c.createArrayOf("text", errors)));
          return null;
        });
  }

  /** Two counts of one rule as one: the numbers added, the later run, the later error. */
  private static RuleCount sum(RuleCount a, RuleCount b) {
    Optional<Instant> lastRun = a.lastRun();
    if (b.lastRun().isPresent()
        && (lastRun.isEmpty() || b.lastRun().get().isAfter(lastRun.get()))) {
      lastRun = b.lastRun();
    }
    return new RuleCount(
        a.ruleId(),
        a.executions() + b.executions(),
        a.successes() + b.successes(),
        a.failures() + b.failures(),
        a.skipped() + b.skipped(),
        lastRun,
        b.lastError().isPresent() ? b.lastError() : a.lastError());
  }

  @Override
  public long changeCount() {
    return db.auto(
        "ruleChangeCount", null, c -> Sql.first(c, changeCount, rs -> rs.getLong(1)).orElse(0L));
  }

  /**
   * On PostgreSQL: {@code LISTEN}s on {@code <tablePrefix>rules} over one connection of its own,
   * held until the storage closes; the listener runs on that connection's thread after each batch
   * of notifications, and after a reconnect (changes made meanwhile told nobody). Elsewhere it does
   * nothing.
   */
  @Override
  public void onChange(Runnable listener) {
    signals.add(listener);
  }

  /** Moves the change count, and tells other nodes at commit where the dialect can. */
  private void changed(Connection c) throws SQLException {
    if (Sql.update(c, changed) == 0) {
      try {
        Sql.update(c, firstChange); // the row was deleted by hand
      } catch (SQLException e) {
        if (!Transactions.isIntegrityViolation(e)) {
          throw e;
        }
        Sql.update(c, changed);
      }
    }
    if (notify != null) {
      try (PreparedStatement ps = c.prepareStatement(notify)) {
        ps.execute();
      }
    }
  }

  private static StoredRule rule(ResultSet rs) throws SQLException {
    long lastRun = rs.getLong(11);
    Optional<Instant> run = rs.wasNull() ? Optional.empty() : Optional.of(Rows.instant(lastRun));
    return new StoredRule(
        rs.getString(1),
        rs.getInt(2),
        rs.getBoolean(3),
        rs.getString(4),
        new RuleCounters(
            rs.getLong(7),
            rs.getLong(8),
            rs.getLong(9),
            rs.getLong(10),
            run,
            Optional.ofNullable(rs.getString(12))),
        Rows.instant(rs.getLong(5)),
        Rows.instant(rs.getLong(6)));
  }
}
