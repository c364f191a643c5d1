package io.mediaflow.jdbc;

/**
 * The SQL of the job store, built once per store from its dialect and table names. Statements whose
 * shape depends on the call (an {@code IN} list, a query's filters) are built by the methods here.
 */
final class JobSql {

  /** Clears the lease, as every change that ends an attempt does. */
  private static final String NO_LEASE =
      "lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL";

  private static final String COMPLETED =
      "state = 'COMPLETED', "
          + NO_LEASE
          + ", error_code = NULL, error_message = NULL, error_retryable = NULL,"
          + " error_suggestion = NULL, result = ?, updated_at = ?";

  /**
   * Returns a job to the queue after its holder is gone (expired or taken back lease): the attempt
   * stays counted. Parameter: now.
   */
  private static final String BACK_TO_QUEUE =
      "state = 'PENDING', " + NO_LEASE + ", version = version + 1, updated_at = ?";

  /**
   * Clears why a job waited. Only a SCHEDULED job waits: the claim, a cancel and a wake-up clear
   * it; a yield and a retry set it.
   */
  static final String NO_WAIT = "wait_reason = NULL, wait_signal = NULL, wait_children = NULL";

  /** What a finished child does to its parent's wait, where the parent waits for its children. */
  private static final String WAITS_FOR_CHILDREN =
      " AND state = 'SCHEDULED' AND wait_reason = 'CHILDREN' AND children_done >= wait_children";

  /**
   * Limits a final change to a job outside any concurrency limit: the common case, one statement. A
   * job under a limit takes {@link JobLimits}' path, which gives its place back in the same
   * transaction.
   */
  static final String NO_LIMIT = " AND limit_key IS NULL";

  /**
   * {@link io.mediaflow.api.store.JobQuery#withText}: {@link #TEXT_COLUMNS} parameters, each the
   * query's {@code textLikePattern()}. {@code LOWER} on both sides, because MariaDB's tables
   * compare with a binary collation; {@code '!'} escapes, a character no dialect's string literal
   * treats specially (a backslash is one in MariaDB).
   */
  static final String TEXT_FILTER =
      " AND (LOWER(type) LIKE ? ESCAPE '!' OR LOWER(error_message) LIKE ? ESCAPE '!'"
          + " OR LOWER(rule_name) LIKE ? ESCAPE '!' OR LOWER(rule_id) LIKE ? ESCAPE '!')";

  /** How many parameters {@link #TEXT_FILTER} takes. */
  static final int TEXT_COLUMNS = 4;

  /** Gives back the attempt a claim counted, as release and yield do. */
  private static final String UNCOUNT_ATTEMPT =
      "attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END";

  /** What a claim sets; parameters: owner, token prefix, lease expiry, now. */
  final String claimSet;

  final String insertJob;
  final String insertOne; // null when the dialect has none
  final boolean insertHidesKeyClash;
  final String afterSubmit; // null when the dialect has none
  final String load;
  final String exists;
  final String stateOf;
  final String countByState;
  final String oldestDue;
  final String heartbeat;
  final String completeBatch;
  final String complete;
  final String completeFree; // complete, for a job outside any limit
  final String fail;
  final String release;
  final String yieldUntil;
  final String yieldWait;
  final String lockForSignal;
  final String insertSignal;
  final String wakeForSignal;
  final String untakenSignal;
  final String dueNow;
  final String countChildren;
  final String finishedChildren;
  final String wakeParent;
  final String completeOne; // null where the dialect cannot change the parent in the statement
  final String buryOne; // likewise
  final String cancelOne; // likewise
  final String requeueOne; // likewise
  final String completeAllInOne; // null where the dialect has none
  final String completeLimitedInOne; // null where the dialect has none
  final String deleteCheckpoints;
  final String deleteStates;
  final String retry;
  final String bury;
  final String cancel;
  final String requeue;
  final String buryFree;
  final String cancelFree;
  final String replaceScheduled;
  final String requeueFree;
  final String insertLimited;
  final String expireLeases;
  final String takeBackLeasesOf;
  final String progress;
  final String buryCorrupt;
  final String appendLog;
  final String trimLogs;
  final String logs;
  final String purgeCandidates;
  final String deadCandidates;
  final String delete;
  final String plan;
  final String updatePlan;
  final String insertPlan;

  private final Tables t;
  private final Dialect dialect;

  JobSql(Dialect dialect, Tables t) {
    this.t = t;
    this.dialect = dialect;
    String jobs = t.jobs();
    claimSet =
        "state = 'PROCESSING', lease_owner = ?, lease_token = "
            + dialect.tokenExpression()
            + ", lease_expires_at = ?, attempts = attempts + 1, version = version + 1,"
            + " updated_at = ?, progress_percent = 0, progress_step = '', progress_eta_ms = NULL,"
            + " stages = NULL, "
            + NO_WAIT;
    insertJob = dialect.insertJob(t, Rows.INSERT_COLUMNS, Rows.INSERT_PLACEHOLDERS);
    insertOne =
        dialect.insertJobAndNotify(t, Rows.INSERT_COLUMNS, Rows.INSERT_PLACEHOLDERS).orElse(null);
    insertHidesKeyClash = dialect.insertJobHidesKeyClash();
    afterSubmit = dialect.afterSubmit(t).orElse(null);
    load = "SELECT * FROM " + jobs + " WHERE id = ?";
    exists = "SELECT 1 FROM " + jobs + " WHERE id = ?";
    stateOf = "SELECT state FROM " + jobs + " WHERE id = ?";
    countByState = "SELECT state, COUNT(*) FROM " + jobs + " GROUP BY state";
    oldestDue =
        "SELECT MIN(scheduled_at) FROM "
            + jobs
            + " WHERE state IN ('PENDING', 'SCHEDULED') AND scheduled_at <= ?";
    heartbeat =
        "UPDATE "
            + jobs
            + " SET lease_expires_at = ?, version = version + 1"
            + " WHERE id = ? AND lease_token = ? AND state = 'PROCESSING'";
    completeBatch =
        "UPDATE "
            + jobs
            + " SET "
            + COMPLETED
            + ", version = version + 1 WHERE id = ? AND lease_token = ? AND state = 'PROCESSING'"
            + NO_LIMIT;
    complete = leased(COMPLETED);
    completeFree = complete + NO_LIMIT;
    fail =
        leased(
            "state = 'FAILED', "
                + NO_LEASE
                + ", error_code = ?, error_message = ?, error_retryable = ?,"
                + " error_suggestion = ?, updated_at = ?");
    release =
        leased("state = 'PENDING', " + NO_LEASE + ", " + UNCOUNT_ATTEMPT + ", updated_at = ?");
    yieldUntil =
        leased(
            "state = 'SCHEDULED', "
                + NO_LEASE
                + ", "
                + UNCOUNT_ATTEMPT
                + ", scheduled_at = ?, payload = COALESCE(?, payload), updated_at = ?");
    // due at once when the children it waits for have finished already; the row lock this update
    // takes makes it read the counter as the last child's change left it
    yieldWait =
        leased(
            "state = 'SCHEDULED', "
                + NO_LEASE
                + ", "
                + UNCOUNT_ATTEMPT
                + ", wait_reason = ?, wait_signal = ?, wait_children = NULLIF(?, 0),"
                + " scheduled_at = CASE WHEN children_done >= ? THEN ? ELSE ? END, updated_at = ?");
    lockForSignal =
        "SELECT state, wait_reason, wait_signal FROM " + jobs + " WHERE id = ? FOR UPDATE";
    insertSignal =
        "INSERT INTO " + t.signals() + " (job_id, name, payload, sent_at) VALUES (?, ?, ?, ?)";
    wakeForSignal = wake(" AND state = 'SCHEDULED' AND wait_reason = 'SIGNAL' AND wait_signal = ?");
    untakenSignal =
        "SELECT 1 FROM "
            + t.signals()
            + " WHERE job_id = ? AND name = ? AND taken_seq IS NULL LIMIT 1";
    dueNow = "UPDATE " + jobs + " SET scheduled_at = ? WHERE id = ?";
    // never below 0: a child buried before schema version 3 was counted by the upgrade, but a
    // hand-edited row may not have been
    countChildren =
        "UPDATE "
            + jobs
            + " SET children_done = CASE WHEN children_done + ? > 0 THEN children_done + ? ELSE 0"
            + " END WHERE id = ?";
    finishedChildren = "SELECT children_done FROM " + jobs + " WHERE id = ?";
    wakeParent = wake(WAITS_FOR_CHILDREN);
    deleteCheckpoints = "DELETE FROM " + t.checkpoints() + " WHERE job_id = ?";
    deleteStates = "DELETE FROM " + t.jobStates() + " WHERE job_id = ?";
    retry =
        moved(
            "scheduled_at = ?, wait_reason = 'RETRY', wait_signal = NULL, wait_children = NULL,"
                + " updated_at = ?");
    bury = moved("updated_at = ?");
    cancel = moved(NO_LEASE + ", " + NO_WAIT + ", updated_at = ?");
    requeue = moved("attempts = 0, scheduled_at = ?, updated_at = ?");
    // a run made ahead that has not started: one conditional update, so it is always old or new
    replaceScheduled =
        "UPDATE "
            + jobs
            + " SET payload = ?, priority = ?, max_attempts = ?, rule_name = ?, updated_at = ?,"
            + " version = version + 1 WHERE id = ? AND state = 'SCHEDULED' AND attempts = 0"
            + " AND wait_reason IS NULL AND version = ?";
    buryFree = bury + NO_LIMIT;
    cancelFree = cancel + NO_LIMIT;
    requeueFree = requeue + NO_LIMIT;
    completeOne = dialect.updateWithParent(t, completeFree, parentFinished()).orElse(null);
    buryOne = dialect.updateWithParent(t, buryFree, parentFinished()).orElse(null);
    cancelOne = dialect.updateWithParent(t, cancelFree, parentFinished()).orElse(null);
    requeueOne = dialect.updateWithParent(t, requeueFree, PARENT_REOPENED).orElse(null);
    insertLimited =
        dialect.insertJob(
            t,
            Rows.INSERT_COLUMNS + ", limit_key, wait_reason",
            Rows.INSERT_PLACEHOLDERS + ", ?, ?");
    String completedFromArrays =
        "state = 'COMPLETED', "
            + NO_LEASE
            + ", error_code = NULL, error_message = NULL, error_retryable = NULL,"
            + " error_suggestion = NULL, result = v.result, updated_at = ?,"
            + " version = j.version + 1";
    completeAllInOne =
        dialect.completeAllInOneStatement(t, completedFromArrays, parentSet("n.n")).orElse(null);
    completeLimitedInOne =
        dialect
            .completeLimitedInOneStatement(t, completedFromArrays, parentSet("n.n"))
            .orElse(null);
    expireLeases =
        "UPDATE "
            + jobs
            + " SET "
            + BACK_TO_QUEUE
            + " WHERE state = 'PROCESSING' AND lease_expires_at < ?";
    // a node's leases: owned by the node itself or by one of its workers ("node/worker")
    takeBackLeasesOf =
        "UPDATE "
            + jobs
            + " SET "
            + BACK_TO_QUEUE
            + " WHERE state = 'PROCESSING' AND (lease_owner = ? OR SUBSTRING(lease_owner, 1, ?) = ?)";
    progress =
        "UPDATE "
            + jobs
            + " SET progress_percent = ?, progress_step = ?, progress_eta_ms = ?,"
            + " stages = ?, version = version + 1"
            + " WHERE id = ? AND lease_token = ? AND state = 'PROCESSING'";
    buryCorrupt =
        "UPDATE "
            + jobs
            + " SET state = 'DEAD', "
            + NO_LEASE
            + ", stages = NULL, error_code = ?, error_message = ?,"
            + " error_retryable = ?, error_suggestion = ?, updated_at = ?,"
            + " version = version + 1 WHERE id = ? AND state = 'PROCESSING'";
    // inserts nothing for a job that is not there, instead of breaking the foreign key: MariaDB's
    // driver logs a WARN for every error the server returns, even one the store answers
    appendLog =
        "INSERT INTO "
            + t.logs()
            + " (job_id, logged_at, level, message) SELECT id, ?, ?, ? FROM "
            + jobs
            + " WHERE id = ?";
    // keep the last lines; the derived table is portable SQL that MariaDB accepts too (it cannot
    // read the table it deletes from in a plain subquery)
    trimLogs =
        "DELETE FROM "
            + t.logs()
            + " WHERE job_id = ? AND id <= (SELECT id FROM (SELECT id FROM "
            + t.logs()
            + " WHERE job_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?) x)";
    logs = "SELECT logged_at, level, message FROM " + t.logs() + " WHERE job_id = ? ORDER BY id";
    purgeCandidates =
        "SELECT id FROM "
            + jobs
            + " WHERE state IN ('COMPLETED', 'CANCELLED') AND updated_at < ? LIMIT ?";
    deadCandidates = "SELECT id FROM " + jobs + " WHERE state = 'DEAD' AND updated_at < ? LIMIT ?";
    plan = "SELECT plan FROM " + t.jobPlans() + " WHERE job_id = ?";
    updatePlan = "UPDATE " + t.jobPlans() + " SET plan = ? WHERE job_id = ?";
    // inserts nothing for a job that is not there, as appendLog does
    insertPlan =
        "INSERT INTO "
            + t.jobPlans()
            + " (job_id, plan) SELECT id, ? FROM "
            + jobs
            + " WHERE id = ?";
    // the logs and the plan go with the job (ON DELETE CASCADE)
    delete =
        "DELETE FROM " + jobs + " WHERE id = ? AND state IN ('COMPLETED', 'CANCELLED', 'DEAD')";
  }

  /**
   * Wakes a waiting job (SCHEDULED → PENDING, due now, its wait cleared) if {@code condition}
   * holds; parameters: now, now, id, then those of the condition.
   */
  private String wake(String condition) {
    return "UPDATE "
        + t.jobs()
        + " SET state = 'PENDING', scheduled_at = ?, "
        + NO_WAIT
        + ", updated_at = ?, version = version + 1 WHERE id = ?"
        + condition;
  }

  /** The parent's side of a child's re-queue, in one statement with it (alias {@code p}). */
  private static final String PARENT_REOPENED =
      "children_done = CASE WHEN p.children_done > 0 THEN p.children_done - 1 ELSE 0 END";

  /**
   * The parent's side of a child's final change, in one statement with it: one more finished child,
   * and woken if that is enough. Parameters: now, now.
   */
  private static String parentFinished() {
    return parentSet("1");
  }

  /**
   * The parent (alias {@code p}) counts {@code finished} more finished children and wakes if it
   * waits for that many. The expressions read the row as it was before this change, as standard SQL
   * assigns (PostgreSQL). Parameters: now, now.
   */
  private static String parentSet(String finished) {
    String wakes =
        "CASE WHEN p.state = 'SCHEDULED' AND p.wait_reason = 'CHILDREN' AND p.children_done + "
            + finished
            + " >= p.wait_children THEN ";
    return "children_done = p.children_done + "
        + finished
        + ", state = "
        + wakes
        + "'PENDING' ELSE p.state END, scheduled_at = "
        + wakes
        + "? ELSE p.scheduled_at END, updated_at = "
        + wakes
        + "? ELSE p.updated_at END, version = "
        + wakes
        + "p.version + 1 ELSE p.version END, wait_reason = "
        + wakes
        + "NULL ELSE p.wait_reason END, wait_signal = "
        + wakes
        + "NULL ELSE p.wait_signal END, wait_children = "
        + wakes
        + "NULL ELSE p.wait_children END";
  }

  /**
   * Cancels {@code n} unfinished jobs that a cancel of their ancestor takes with it. Parameters:
   * now, then the ids.
   */
  String cancelMany(int n) {
    return cancelMany(n, "");
  }

  /**
   * As {@link #cancelMany(int)}, also clearing their limit key: {@code CANCEL_OTHER} counts their
   * places itself, so their cancel gives none back.
   */
  String cancelManyOfLimit(int n) {
    return cancelMany(n, "limit_key = NULL, ");
  }

  private String cancelMany(int n, String more) {
    return "UPDATE "
        + t.jobs()
        + " SET state = 'CANCELLED', "
        + NO_LEASE
        + ", "
        + NO_WAIT
        + ", "
        + more
        + "updated_at = ?, version = version + 1 WHERE id IN ("
        + Sql.placeholders(n)
        + ") AND state IN ('PENDING', 'SCHEDULED', 'PROCESSING')";
  }

  /** The parents of those of {@code n} jobs that have one, one row per job. */
  String parentsOf(int n) {
    return "SELECT parent_id FROM "
        + t.jobs()
        + " WHERE id IN ("
        + Sql.placeholders(n)
        + ") AND parent_id IS NOT NULL";
  }

  /**
   * The unfinished children of {@code n} jobs, locked: a cancel takes them with it. Parameters: the
   * parents' ids.
   */
  String unfinishedChildren(int n) {
    return "SELECT id, parent_id, limit_key, state, wait_reason FROM "
        + t.jobs()
        + " WHERE parent_id IN ("
        + Sql.placeholders(n)
        + ") AND state IN ('PENDING', 'SCHEDULED', 'PROCESSING') ORDER BY id FOR UPDATE";
  }

  /**
   * Deletes the rows of {@code table} (checkpoints or states) of {@code n} jobs that the same
   * transaction deleted: a purge candidate that changed meanwhile keeps its own.
   */
  String deleteOrphans(String table, int n) {
    return "DELETE FROM "
        + table
        + " WHERE job_id IN ("
        + Sql.placeholders(n)
        + ") AND NOT EXISTS (SELECT 1 FROM "
        + t.jobs()
        + " j WHERE j.id = "
        + table
        + ".job_id)";
  }

  /** A change that needs the lease; parameters: those of {@code set}, then id and token. */
  private String leased(String set) {
    return "UPDATE "
        + t.jobs()
        + " SET "
        + set
        + ", version = version + 1 WHERE id = ? AND lease_token = ? AND state = 'PROCESSING'";
  }

  /** A compare-and-set on the state; parameters: new state, those of {@code set}, id, old state. */
  private String moved(String set) {
    return "UPDATE "
        + t.jobs()
        + " SET state = ?, "
        + set
        + ", version = version + 1 WHERE id = ? AND state = ?";
  }

  /** The jobs holding any of {@code n} idempotency keys. */
  String byKeys(int n) {
    return "SELECT * FROM " + t.jobs() + " WHERE idempotency_key IN (" + Sql.placeholders(n) + ")";
  }

  /** Deletes {@code n} purge candidates by id, if they are still finished. */
  String purge(int n) {
    return purge(n, "IN ('COMPLETED', 'CANCELLED')");
  }

  /** Deletes {@code n} dead-job purge candidates by id, if they are still dead. */
  String purgeDead(int n) {
    return purge(n, "= 'DEAD'");
  }

  private String purge(int n, String states) {
    return "DELETE FROM "
        + t.jobs()
        + " WHERE id IN ("
        + Sql.placeholders(n)
        + ") AND state "
        + states;
  }

  /**
   * Takes back every lease whose token begins with none of {@code n} prefixes (bound as {@code
   * prefix%} patterns, after {@code now}); see {@link JdbcJobStore#takeBackLeases}.
   */
  String takeBackLeasesNotFrom(int n) {
    return "UPDATE "
        + t.jobs()
        + " SET "
        + BACK_TO_QUEUE
        + " WHERE state = 'PROCESSING'"
        + " AND lease_token NOT LIKE ?".repeat(n);
  }

  /** Counts the jobs matching {@code where} (which starts with {@code WHERE}). */
  String count(String where) {
    return "SELECT COUNT(*) FROM " + t.jobs() + where;
  }

  /**
   * A page of the jobs matching {@code where}, newest first; the last parameters: limit, offset.
   */
  String page(String where) {
    return "SELECT * FROM " + t.jobs() + where + " ORDER BY id DESC LIMIT ? OFFSET ?";
  }

  /** Which rows a claim of {@code types} job types (0: any) may take; see {@link #claimWhere}. */
  String claimWhere(int types) {
    // a due scheduled job goes SCHEDULED -> PENDING -> PROCESSING in this one change
    return "state IN ('PENDING', 'SCHEDULED') AND (state = 'PENDING' OR scheduled_at <= ?)"
        + (types == 0 ? "" : " AND type IN (" + Sql.placeholders(types) + ")");
  }

  /** The claim as one statement, if the dialect has one. */
  java.util.Optional<String> claimInOneStatement(String where) {
    return dialect.claimInOneStatement(t, claimSet, where);
  }

  /** The locking read of a two-step claim. */
  String selectForClaim(String where) {
    return dialect.selectForClaim(t, where);
  }

  /** The update of a two-step claim, for {@code n} ids read by {@link #selectForClaim}. */
  String claimUpdate(int n) {
    return "UPDATE "
        + t.jobs()
        + " SET "
        + claimSet
        + " WHERE id IN ("
        + Sql.placeholders(n)
        + ") AND state IN ('PENDING', 'SCHEDULED')";
  }

  /** Reads back {@code n} jobs a two-step claim took; the last parameter is the token prefix. */
  String claimedRows(int n) {
    return "SELECT * FROM "
        + t.jobs()
        + " WHERE id IN ("
        + Sql.placeholders(n)
        + ") AND lease_token = "
        + dialect.tokenExpression();
  }
}
