package io.mediaflow.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What differs between databases. One small class per database; the stores ({@link JdbcJobStore},
 * {@link JdbcScheduleStore}, {@link JdbcWebhookStore}) hold the shared logic and ask the dialect
 * for the SQL that cannot be portable and for what the database can do: they never test which
 * database they speak to.
 */
interface Dialect {

  Database database();

  /** The folder under {@code io/mediaflow/jdbc/schema/} that holds this database's scripts. */
  String schemaFolder();

  /**
   * The one-statement claim, if the database can lock, skip locked rows, update and return in one
   * statement (PostgreSQL). Parameters in order: {@code now} (due time), then each type, then the
   * limit, then owner, token prefix, lease expiry and {@code now} again. Rows come back in no
   * particular order, each with the job's columns and {@link #STATE_COLUMN}: whether the job has a
   * saved state ({@link StatelessClaims}). The text may start with statements that set how the
   * claim is planned, sent with it in one round trip; the claim's rows are the last result ({@link
   * Sql#listOfLast}).
   */
  Optional<String> claimInOneStatement(Tables t, String set, String where);

  /** The column of a one-statement claim's rows that says whether the job has a saved state. */
  String STATE_COLUMN = "mf_has_state";

  /**
   * The locking read of the two-step claim: {@code SELECT id … FOR UPDATE SKIP LOCKED}, ordered and
   * limited. Parameters: {@code now}, each type, the limit.
   */
  String selectForClaim(Tables t, String where);

  /** The SQL for a lease token made of a bound prefix and the row's id. */
  String tokenExpression();

  /** Whether {@code UPDATE … RETURNING} exists, so that a change and its result are one trip. */
  boolean updateReturning();

  /**
   * The INSERT of a job; on PostgreSQL a clash of idempotency keys inserts nothing (count 0)
   * instead of failing, which would abort the surrounding transaction.
   */
  String insertJob(Tables t, String columns, String placeholders);

  /**
   * Whether {@link #insertJob} skips a row whose idempotency key is taken without an error and
   * without an update count that says so (MariaDB): a submit then reads its keys back to learn
   * whether its rows went in.
   */
  default boolean insertJobHidesKeyClash() {
    return false;
  }

  /**
   * The INSERT of a first schedule slot; a clash inserts nothing and counts other than 1 (0 on
   * PostgreSQL, 2 on MariaDB), or fails with an integrity violation (H2), which the caller treats
   * alike.
   */
  String insertScheduleIfAbsent(Tables t);

  /**
   * Insert or replace a webhook by id, every column but {@code seq} (so it keeps the position of
   * its first save), bound in {@link JdbcWebhookStore#COLUMNS} order.
   */
  String upsertWebhook(Tables t);

  /**
   * SQL to run in the submitting transaction after its inserts, such as a {@code pg_notify} that
   * wakes other nodes; empty when none. Its single parameter, if it has one, is the job count.
   */
  default Optional<String> afterSubmit(Tables t) {
    return Optional.empty();
  }

  /**
   * The isolation level of this database's transactions, or {@link Connection#TRANSACTION_NONE} to
   * keep the connection's own. Every change is guarded by a version or a state in its WHERE clause,
   * so no transaction needs more than read committed.
   */
  default int transactionIsolation() {
    return Connection.TRANSACTION_NONE;
  }

  /**
   * One statement that inserts one job (as {@link #insertJob}) and does what {@link #afterSubmit}
   * does, returning a row only when the job was inserted: a single submit then costs one round trip
   * in auto-commit instead of three (insert, notify, commit). Empty when the database has none.
   */
  default Optional<String> insertJobAndNotify(Tables t, String columns, String placeholders) {
    return Optional.empty();
  }

  /**
   * Whether a JDBC batch's update counts tell, row by row, which rows matched: true for H2 and
   * PostgreSQL. A dialect whose driver may answer "no info" for a row (MariaDB's bulk protocol)
   * says false, and batched lease changes then run one statement per row in the same transaction.
   */
  default boolean batchCountsReliable() {
    return true;
  }

  /**
   * Whether a submit notifies other nodes and {@link WorkSignals} can listen for it (PostgreSQL's
   * {@code LISTEN/NOTIFY}); elsewhere idle workers poll.
   */
  default boolean notifiesWork() {
    return false;
  }

  /** Whether claims must be serialized within this JVM (a single-node database). */
  default boolean serializeClaims() {
    return false;
  }

  /**
   * The identity of the database behind {@code c} when no other process can open it while this one
   * has it open (an embedded H2 database), so every lease found in it that this process's stores
   * did not claim belongs to a process that is gone; empty where several processes may share it.
   */
  default Optional<String> exclusiveDatabase(Connection c) throws SQLException {
    return Optional.empty();
  }

  /**
   * One statement that runs {@code update} (an UPDATE of one job, without RETURNING) and, for the
   * job's parent if it has one, {@code parentSet} (assignments over the parent's row, aliased
   * {@code p}, whose parameters follow the update's), returning the job as changed. Empty where the
   * database cannot (the store then changes the parent with statements of their own in the same
   * transaction).
   */
  default Optional<String> updateWithParent(Tables t, String update, String parentSet) {
    return Optional.empty();
  }

  /**
   * One round trip that completes many leased jobs, bound as three arrays (ids, tokens, results)
   * then {@code now}, and changes their parents with {@code parentSet} (over {@code p}, counting
   * {@code n.n} finished children; its parameters follow); its last result is the ids completed
   * (statements that only set the plan may come first). Only jobs outside any concurrency limit
   * ({@code limit_key IS NULL}) are completed by it: one under a limit gives its place back in a
   * transaction of its own ({@link JobLimits}). Empty where the database cannot.
   */
  default Optional<String> completeAllInOneStatement(
      Tables t, String completedSet, String parentSet) {
    return Optional.empty();
  }

  /**
   * One round trip that adds many rules' counts, bound as eight arrays in the order of {@code
   * RuleCount} (ids; executions, successes, failures, skipped; last runs in the store's
   * microseconds, null for none; whether each has an error; the errors). Empty where the database
   * cannot: then a JDBC batch of one statement per rule.
   */
  default Optional<String> countRulesInOneStatement(Tables t) {
    return Optional.empty();
  }

  /**
   * One round trip that completes many leased jobs under concurrency limits and gives their places
   * back, bound as the ids array, then the three arrays of {@link #completeAllInOneStatement} (ids,
   * tokens, results), then {@code now} and the parent's parameters; its last result is the ids
   * completed. It locks the jobs' counters in key order before it touches a job (the order of every
   * other change under a limit), and completes only jobs whose key has no job buffered: handing a
   * place over is left to the caller's one-by-one path. Empty where the database cannot.
   */
  default Optional<String> completeLimitedInOneStatement(
      Tables t, String completedSet, String parentSet) {
    return Optional.empty();
  }

  /**
   * The INSERT of one checkpoint (job_id, seq, kind, name, value) that leaves a row already at that
   * position as it is, without an error, so that a batch of them never fails on a duplicate.
   */
  String insertCheckpoint(Tables t);

  /**
   * One statement that inserts many checkpoints, bound as five arrays in the columns' order, each
   * only where its position is free; empty where the database has none.
   */
  default Optional<String> insertCheckpointsInOneStatement(Tables t) {
    return Optional.empty();
  }

  /**
   * Insert or replace many states in one statement, from four arrays (job ids, names, values, seqs)
   * of distinct (job, name) pairs; empty where the dialect has no such statement.
   */
  default Optional<String> upsertStatesInOneStatement(Tables t) {
    return Optional.empty();
  }

  /** Insert or replace a job's state (job_id, name, value, seq). */
  String upsertState(Tables t);

  /**
   * The INSERT of a workflow's first revision that inserts nothing (count 0) when the id is taken.
   * Parameters: id, name, definition, created_at, updated_at, then the id again. Two such inserts
   * racing for one id may still have the loser fail on the key (not on PostgreSQL); the workflow
   * store treats that alike.
   */
  String insertWorkflowIfAbsent(Tables t);

  /**
   * The INSERT of a waiter, taking the job id from the job's row (so an unknown job inserts
   * nothing) and inserting nothing when the waiter is recorded already (count 0 either way).
   * Parameters: wait_hash, wait_key, name, job_id, then wait_hash and job_id again. As for {@link
   * #insertWorkflowIfAbsent}, a racing duplicate may still fail on the key.
   */
  String insertWaiterIfAbsent(Tables t);

  /**
   * What an {@code INSERT … SELECT ?, ? … WHERE NOT EXISTS (…)} needs after its values when it
   * reads no table: {@code FROM DUAL} on MariaDB and H2, nothing on PostgreSQL.
   */
  default String fromNoTable() {
    return " FROM DUAL";
  }

  /**
   * What an insert-if-absent ends with so that one losing a race for the key inserts nothing
   * instead of failing: {@code ON CONFLICT DO NOTHING} on PostgreSQL, where a failed statement
   * would spoil the transaction; nothing elsewhere (a failed statement leaves the transaction
   * usable, and the library store counts the failure as "already there").
   */
  default String onConflictDoNothing() {
    return "";
  }

  /**
   * A statement that notifies other nodes on {@code channel} when the transaction it runs in
   * commits ({@code pg_notify}); empty where the database cannot (engines then poll).
   */
  default Optional<String> notifyStatement(String channel) {
    return Optional.empty();
  }

  /**
   * One statement that advances many schedules, each a compare-and-set, bound as five arrays: the
   * ids and next fire times of those with an expected time, their expected times, then the ids and
   * first fire times of those with none yet (inserted unless present). It returns the ids advanced.
   * Empty where the database has none (the store then runs one statement per schedule in one
   * transaction).
   */
  default Optional<String> advanceAllInOneStatement(Tables t) {
    return Optional.empty();
  }

  /**
   * The SELECT of the handled files of one watch whose path keys are in an array (bound first, then
   * the watch id): {@code path_key, path, size, modified_s, modified_ns}, with {@code lock} ({@code
   * ""} or {@code " FOR UPDATE"}) applied to the files' rows. Empty where the database has no
   * arrays (the store then binds the keys one by one in an {@code IN} list).
   */
  default Optional<String> readFilesByKeyArray(Tables t, String lock) {
    return Optional.empty();
  }

  /**
   * The INSERT of a limit's counter row ({@code limit_key, max_concurrent, running, buffered}, all
   * bound) that inserts nothing, without an error, when the key has one; two such inserts racing
   * may still have the loser fail on the key on H2, which the caller treats as "already there".
   */
  String insertLimitIfAbsent(Tables t);

  /**
   * What an {@code INSERT … SELECT} from a parent row ends with so that the inserted row cannot
   * outlive a delete of the parent running at the same time: {@code " FOR UPDATE"} on H2, whose
   * foreign key check does not see a delete that is not committed yet (the insert would leave an
   * orphan); nothing elsewhere, where the foreign key check locks the parent row itself.
   */
  default String lockParentRow() {
    return "";
  }

  /**
   * A {@code FROM} item that makes the statement's own transaction commit without waiting for its
   * log to reach the disk, or nothing where the database has no such setting per transaction. For a
   * write that another, ordinary commit of the same caller always follows (a delivery attempt's
   * record, followed by its job's completion or retry): PostgreSQL writes its log in order, so that
   * later commit's flush makes this one durable too, and a crash before it loses both (the job runs
   * again and records its attempt again). One round trip, as before, without the disk wait.
   */
  default String commitWithoutFlush() {
    return "";
  }

  /** Takes a lock that keeps two nodes from creating or upgrading the schema at once. */
  void lockSchema(Connection c, Tables t) throws SQLException;

  /** Releases what {@link #lockSchema} took, if it outlives the transaction. */
  default void unlockSchema(Connection c, Tables t) throws SQLException {}

  static Dialect of(Database database) {
    return switch (database) {
      case H2 -> new H2Dialect();
      case POSTGRESQL -> new PostgresDialect();
      case MARIADB -> new MariaDbDialect();
    };
  }

  /** The database behind a product name from {@code DatabaseMetaData}, if it is one we speak. */
  static Optional<Database> detect(String productName) {
    String name = productName == null ? "" : productName.toLowerCase(java.util.Locale.ROOT);
    if (name.contains("postgres")) {
      return Optional.of(Database.POSTGRESQL);
    }
    if (name.contains("mariadb") || name.contains("mysql")) {
      return Optional.of(Database.MARIADB);
    }
    if (name.equals("h2")) {
      return Optional.of(Database.H2);
    }
    return Optional.empty();
  }
}
