package io.mediaflow.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;

/**
 * PostgreSQL: a claim is one statement ({@code FOR UPDATE SKIP LOCKED} in a CTE, then {@code UPDATE
 * … RETURNING}), so it costs one round trip and never waits on another node's locks.
 */
final class PostgresDialect implements Dialect {

  @Override
  public Database database() {
    return Database.POSTGRESQL;
  }

  @Override
  public String schemaFolder() {
    return "postgresql";
  }

  /**
   * The claim walks {@code jobs_ready} in claim order and stops after its limit, however many jobs
   * wait. The planner chooses that from its statistics, and statistics taken while the queue was
   * short (or never, on a new table) say few jobs wait: it then reads every waiting job through a
   * bitmap scan and sorts them, per claim (57 ms at 33,000 waiting against 0.04 ms; {@code
   * docs/storage.md}, "The claim's plan"). So the claim is planned with sorting ruled out, which
   * leaves the ordered walk: {@code set_config(…, true)} holds for the statement's transaction,
   * which the claim shares (sent together, one implicit transaction), and the pooled connection
   * keeps its own setting.
   */
  @Override
  public Optional<String> claimInOneStatement(Tables t, String set, String where) {
    // the CTE is evaluated once, so the rows locked are exactly the rows updated
    return Optional.of(
        "SELECT set_config('enable_sort', 'off', true); WITH c AS (SELECT id FROM "
            + t.jobs()
            + " WHERE "
            + where
            + " ORDER BY priority DESC, scheduled_at, id LIMIT ? FOR UPDATE SKIP LOCKED) UPDATE "
            + t.jobs()
            + " j SET "
            + set
            + " FROM c WHERE j.id = c.id RETURNING j.*, EXISTS (SELECT 1 FROM "
            + t.jobStates()
            + " s WHERE s.job_id = j.id) AS "
            + STATE_COLUMN);
  }

  @Override
  public String selectForClaim(Tables t, String where) {
    return "SELECT id FROM "
        + t.jobs()
        + " WHERE "
        + where
        + " ORDER BY priority DESC, scheduled_at, id LIMIT ? FOR UPDATE SKIP LOCKED";
  }

  @Override
  public String tokenExpression() {
    return "(CAST(? AS TEXT) || j.id)"; // j: the claim statement's alias
  }

  @Override
  public boolean updateReturning() {
    return true;
  }

  @Override
  public String insertJob(Tables t, String columns, String placeholders) {
    return "INSERT INTO "
        + t.jobs()
        + " ("
        + columns
        + ") VALUES ("
        + placeholders
        + ") ON CONFLICT (idempotency_key) DO NOTHING";
  }

  /**
   * The insert in a data-modifying CTE, so that the notification goes out (at commit) only when the
   * row went in; a clash on the idempotency key returns no row.
   */
  @Override
  public Optional<String> insertJobAndNotify(Tables t, String columns, String placeholders) {
    return Optional.of(
        "WITH i AS ("
            + insertJob(t, columns, placeholders)
            + " RETURNING 1) SELECT pg_notify('"
            + WorkSignals.channel(t)
            + "', '') FROM i");
  }

  @Override
  public String insertScheduleIfAbsent(Tables t) {
    return "INSERT INTO "
        + t.schedules()
        + " (id, next_fire_at, version) VALUES (?, ?, 1) ON CONFLICT (id) DO NOTHING";
  }

  @Override
  public String upsertWebhook(Tables t) {
    return "INSERT INTO "
        + t.webhooks()
        + " ("
        + JdbcWebhookStore.COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE"
        + " SET url = EXCLUDED.url, patterns = EXCLUDED.patterns, secret = EXCLUDED.secret,"
        + " secrets = EXCLUDED.secrets, active = EXCLUDED.active,"
        + " description = EXCLUDED.description, created_at = EXCLUDED.created_at,"
        + " ordered = EXCLUDED.ordered, rate_per_second = EXCLUDED.rate_per_second,"
        + " allowed_addresses = EXCLUDED.allowed_addresses";
  }

  /**
   * Data-modifying CTEs: the job's change and its parent's run in one statement, in auto-commit, so
   * a child's completion still costs one round trip. Should the change wake the parent, idle
   * workers are told at commit.
   */
  @Override
  public Optional<String> updateWithParent(Tables t, String update, String parentSet) {
    return Optional.of(
        "WITH done AS ("
            + update
            + " RETURNING *), parent AS (UPDATE "
            + t.jobs()
            + " p SET "
            + parentSet
            + " FROM done WHERE p.id = done.parent_id RETURNING p.state) SELECT done.*, "
            + notifyIfWoken(t)
            + " AS woken FROM done");
  }

  /**
   * The completions joined to the arrays, their parents counted per parent in the same statement:
   * for jobs without a parent the statement costs what a batch of updates did, in one round trip.
   * Sent after the plan settings of {@link #BY_PRIMARY_KEYS}, the state compared as an expression:
   * statistics taken while no job ran make the planner read every running job through the index on
   * the state and hash them instead (a walk as long as the cluster's running jobs, per batch).
   */
  @Override
  public Optional<String> completeAllInOneStatement(
      Tables t, String completedSet, String parentSet) {
    return Optional.of(
        BY_PRIMARY_KEYS
            + completedFromArrays(
                t,
                completedSet,
                JobSql.NO_LIMIT.replace("limit_key", "j.limit_key"),
                "j.id, j.parent_id")
            + ", "
            + parentsCounted(t, parentSet));
  }

  /**
   * Sent first, in the same round trip and implicit transaction, by statements that join arrays to
   * tables by primary key: no sequential, bitmap, hash or merge access for that transaction, so the
   * plan is index lookups in the arrays' order whatever the statistics say (and rows are locked in
   * that order).
   */
  private static final String BY_PRIMARY_KEYS =
      "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off',"
          + " true), set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin',"
          + " 'off', true); ";

  /**
   * The counts of many rules from arrays in one statement, rows changed in the arrays' order (ids
   * sorted by the caller): a burst of 10,000 rule runs counted 20 a transaction was 10,000
   * statements of a JDBC batch, now 500.
   */
  @Override
  public Optional<String> countRulesInOneStatement(Tables t) {
    return Optional.of(
        BY_PRIMARY_KEYS
            + "UPDATE "
            + t.rules()
            + " r SET executions = r.executions + v.e, successes = r.successes + v.s,"
            + " failures = r.failures + v.f, skipped = r.skipped + v.k,"
            + " last_run = CASE WHEN v.lr IS NOT NULL AND (r.last_run IS NULL OR r.last_run < v.lr)"
            + " THEN v.lr ELSE r.last_run END,"
            + " last_error = CASE WHEN v.has_error THEN v.err ELSE r.last_error END"
            + " FROM unnest(CAST(? AS VARCHAR[]), CAST(? AS BIGINT[]), CAST(? AS BIGINT[]),"
            + " CAST(? AS BIGINT[]), CAST(? AS BIGINT[]), CAST(? AS BIGINT[]), CAST(? AS BOOLEAN[]),"
            + " CAST(? AS TEXT[])) AS v(id, e, s, f, k, lr, has_error, err) WHERE r.id = v.id");
  }

  /**
   * Three statements sent together, one implicit transaction, one round trip (against seven for the
   * same work statement by statement): the plan settings, the counters locked in key order, then
   * the completion with the places given back and the parents counted. The completion re-reads each
   * job's key under the lock ({@code EXISTS} on a counter with nothing buffered), so a job whose
   * key changed or has buffered jobs is left out, not completed wrongly.
   *
   * <p>The plans are pinned to the primary keys (no sequential, bitmap, hash or merge access, and
   * the job's state and key compared as expressions): statistics taken while no job ran, the normal
   * case before a burst, make the planner read every running job through an index on the state
   * instead, and statistics taken while few jobs had a key make it walk the whole partial index on
   * keys for each job ({@code docs/storage.md}, "Limited completions in one round trip").
   */
  @Override
  public Optional<String> completeLimitedInOneStatement(
      Tables t, String completedSet, String parentSet) {
    return Optional.of(
        BY_PRIMARY_KEYS
            // each job's key read by its id, as a scalar: a join on the key would prove it not
            // null, and then the partial index on keys (thought small when few jobs had a key at
            // the last ANALYZE) was walked whole for every batch instead (27 ms, not 0.7 ms)
            + "WITH k AS MATERIALIZED (SELECT (SELECT j.limit_key FROM "
            + t.jobs()
            + " j WHERE j.id = v.id) AS limit_key FROM unnest(CAST(? AS VARCHAR[])) AS v(id))"
            + " SELECT l.limit_key FROM "
            + t.jobLimits()
            + " l WHERE l.limit_key IN (SELECT limit_key FROM k) ORDER BY l.limit_key FOR UPDATE;"
            + " "
            + completedFromArrays(
                t,
                completedSet,
                // the key as an expression too: compared as a column it is proven not null,
                // which lets the planner walk the partial index on keys whole for each job
                " AND EXISTS (SELECT 1 FROM "
                    + t.jobLimits()
                    + " l WHERE l.limit_key = COALESCE(j.limit_key, '') AND l.buffered = 0)",
                "j.id, j.parent_id, j.limit_key")
            + ", given AS (UPDATE "
            + t.jobLimits()
            + " l SET running = CASE WHEN l.running > g.n THEN l.running - g.n ELSE 0 END"
            + " FROM (SELECT limit_key, COUNT(*) AS n FROM done GROUP BY limit_key) g"
            + " WHERE l.limit_key = g.limit_key), "
            + parentsCounted(t, parentSet));
  }

  /**
   * {@code WITH v AS (the arrays), done AS (the jobs among them still leased by their tokens,
   * completed with {@code completedSet}, {@code andAlso} holding, returning {@code returning})}.
   * The state is compared as an expression, so that no index on it is used: statistics taken while
   * nothing ran put one {@code PROCESSING} row there, and the planner would walk all of them.
   */
  private static String completedFromArrays(
      Tables t, String completedSet, String andAlso, String returning) {
    return "WITH v AS (SELECT * FROM unnest(CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[]),"
        + " CAST(? AS TEXT[])) AS v(id, token, result)), done AS (UPDATE "
        + t.jobs()
        + " j SET "
        + completedSet
        + " FROM v WHERE j.id = v.id AND j.lease_token = v.token"
        + " AND COALESCE(j.state, '') = 'PROCESSING'"
        + andAlso
        + " RETURNING "
        + returning
        + ")";
  }

  /**
   * The end of a completion from arrays: the parents of the jobs in {@code done} counted per parent
   * ({@code n.n} finished children each), then the ids completed, with a wake-up when a parent was
   * left pending.
   */
  private static String parentsCounted(Tables t, String parentSet) {
    return "n AS (SELECT parent_id, COUNT(*) AS n FROM done WHERE parent_id IS NOT NULL GROUP BY"
        + " parent_id), parent AS (UPDATE "
        + t.jobs()
        + " p SET "
        + parentSet
        + " FROM n WHERE p.id = n.parent_id RETURNING p.state) SELECT done.id, "
        + notifyIfWoken(t)
        + " AS woken FROM done";
  }

  /** Notifies at most once when the parent CTE left a parent pending (woken, or pending before). */
  private static String notifyIfWoken(Tables t) {
    return "(SELECT COUNT(pg_notify('"
        + WorkSignals.channel(t)
        + "', '')) FROM (SELECT 1 FROM parent WHERE parent.state = 'PENDING' LIMIT 1) w)";
  }

  @Override
  public String insertCheckpoint(Tables t) {
    return "INSERT INTO "
        + t.checkpoints()
        + " (job_id, seq, kind, name, value_json) VALUES (?, ?, ?, ?, ?)"
        + " ON CONFLICT (job_id, seq) DO NOTHING";
  }

  /** The arrays unnested in order: a group commit is one statement, one round trip, one commit. */
  @Override
  public Optional<String> insertCheckpointsInOneStatement(Tables t) {
    return Optional.of(
        "INSERT INTO "
            + t.checkpoints()
            + " (job_id, seq, kind, name, value_json) SELECT u.job_id, u.seq, u.kind, u.name, u.value_json"
            + " FROM unnest(CAST(? AS VARCHAR[]), CAST(? AS INTEGER[]), CAST(? AS VARCHAR[]),"
            + " CAST(? AS TEXT[]), CAST(? AS TEXT[])) WITH ORDINALITY"
            + " AS u(job_id, seq, kind, name, value_json, n) ORDER BY u.n"
            + " ON CONFLICT (job_id, seq) DO NOTHING");
  }

  @Override
  public String upsertState(Tables t) {
    return "INSERT INTO "
        + t.jobStates()
        + " (job_id, name, value_json, seq) VALUES (?, ?, ?, ?) ON CONFLICT (job_id, name) DO UPDATE"
        + " SET value_json = EXCLUDED.value_json, seq = EXCLUDED.seq";
  }

  /** The arrays unnested: the cursor saves of many workflow runs are one statement. */
  @Override
  public Optional<String> upsertStatesInOneStatement(Tables t) {
    return Optional.of(
        "INSERT INTO "
            + t.jobStates()
            + " (job_id, name, value_json, seq) SELECT u.job_id, u.name, u.value_json, u.seq"
            + " FROM unnest(CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[]), CAST(? AS TEXT[]),"
            + " CAST(? AS INTEGER[])) AS u(job_id, name, value_json, seq)"
            + " ON CONFLICT (job_id, name) DO UPDATE"
            + " SET value_json = EXCLUDED.value_json, seq = EXCLUDED.seq");
  }

  /**
   * The keys as one array joined to the table: an {@code IN} list of 500 parameters, once
   * PostgreSQL caches a generic plan for it, is searched element by element for each row of the
   * watch the plan reads (with statistics not yet caught up after a burst of inserts, every row),
   * which made a claim of 10,000 known files take 3 s; joined, each key is one index probe or one
   * hash lookup, whichever plan is chosen.
   */
  @Override
  public Optional<String> readFilesByKeyArray(Tables t, String lock) {
    return Optional.of(
        "SELECT f.path_key, f.path, f.size, f.modified_s, f.modified_ns FROM"
            + " unnest(CAST(? AS VARCHAR[])) AS k(path_key) JOIN "
            + t.watchedFiles()
            + " f ON f.path_key = k.path_key WHERE f.watch_id = ?"
            + (lock.isEmpty() ? "" : lock + " OF f"));
  }

  /** {@code ON CONFLICT DO NOTHING}: two creators racing for one id never see an error. */
  @Override
  public String insertWorkflowIfAbsent(Tables t) {
    return "INSERT INTO "
        + t.workflows()
        + " (id, revision, name, definition, created_at, updated_at) SELECT ?, 1, ?, ?, ?, ?"
        + " WHERE NOT EXISTS (SELECT 1 FROM "
        + t.workflows()
        + " WHERE id = ?) ON CONFLICT (id) DO NOTHING";
  }

  @Override
  public String insertWaiterIfAbsent(Tables t) {
    return "INSERT INTO "
        + t.workflowWaiters()
        + " (wait_hash, wait_key, name, job_id) SELECT ?, ?, ?, id FROM "
        + t.jobs()
        + " WHERE id = ? AND NOT EXISTS (SELECT 1 FROM "
        + t.workflowWaiters()
        + " WHERE wait_hash = ? AND job_id = ?) ON CONFLICT DO NOTHING";
  }

  @Override
  public String fromNoTable() {
    return "";
  }

  @Override
  public String onConflictDoNothing() {
    return " ON CONFLICT DO NOTHING";
  }

  @Override
  public Optional<String> notifyStatement(String channel) {
    return Optional.of("SELECT pg_notify('" + channel + "', '')");
  }

  /** Both kinds at once, joined to the arrays: one round trip, one commit for a whole tick. */
  @Override
  public Optional<String> advanceAllInOneStatement(Tables t) {
    return Optional.of(
        "WITH u AS (UPDATE "
            + t.schedules()
            + " s SET next_fire_at = v.next, version = s.version + 1 FROM unnest(CAST(? AS"
            + " VARCHAR[]), CAST(? AS BIGINT[]), CAST(? AS BIGINT[])) AS v(id, next, expected)"
            + " WHERE s.id = v.id AND s.next_fire_at = v.expected RETURNING s.id), i AS (INSERT"
            + " INTO "
            + t.schedules()
            + " (id, next_fire_at, version) SELECT n.id, n.next, 1 FROM unnest(CAST(? AS"
            + " VARCHAR[]), CAST(? AS BIGINT[])) AS n(id, next) ON CONFLICT (id) DO NOTHING"
            + " RETURNING id) SELECT id FROM u UNION ALL SELECT id FROM i");
  }

  @Override
  public String insertLimitIfAbsent(Tables t) {
    return "INSERT INTO "
        + t.jobLimits()
        + " (limit_key, max_concurrent, running, buffered) VALUES (?, ?, ?, ?)"
        + " ON CONFLICT (limit_key) DO NOTHING";
  }

  @Override
  public boolean notifiesWork() {
    return true;
  }

  /** Wakes listening nodes ({@link WorkSignals}); delivered at commit. */
  @Override
  public Optional<String> afterSubmit(Tables t) {
    // the prefix is checked to be letters, digits and underscores, so it can be inlined
    return Optional.of("SELECT pg_notify('" + WorkSignals.channel(t) + "', '')");
  }

  /** {@code set_config(…, true)}: for this transaction only, read when it commits. */
  @Override
  public String commitWithoutFlush() {
    return " CROSS JOIN (SELECT set_config('synchronous_commit', 'off', true)) AS no_flush";
  }

  @Override
  public void lockSchema(Connection c, Tables t) throws SQLException {
    // a transaction-scoped advisory lock: released by the commit that publishes the schema
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
      ps.setString(1, "mediaflow-schema:" + t.prefix());
      ps.execute();
    }
  }
}
