package io.mediaflow.jdbc;

import io.mediaflow.api.store.StorageException;
import io.mediaflow.api.store.StoredWorkflow;
import io.mediaflow.api.store.WorkflowArguments;
import io.mediaflow.api.store.WorkflowStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The workflow definitions of a {@link JdbcStorage}: one row per workflow, its latest revision (a
 * run carries its own copy of the definition it started with). A save is a compare-and-set in one
 * statement: the first revision an insert that inserts nothing when the id is taken, every later
 * one {@code UPDATE … WHERE id = ? AND revision = ?}, which the database serialises on the row, so
 * of several editors saving over one revision exactly one changes a row. Only when no row changed
 * does the store read the revision found, to word the {@code WORKFLOW_CONFLICT}.
 *
 * <p>The correlation index is the table {@code workflow_waiters}: a row per (signal name, key,
 * job), found by the SHA-256 of the name and the key, with a foreign key to the job that deletes it
 * with the job. {@link #waiters} joins the jobs to leave out those that are over.
 */
final class JdbcWorkflowStore implements WorkflowStore {

  /**
   * How often a save looks again when the revision it found is the one it expected: the workflow
   * was removed or created between its statement and its look.
   */
  private static final int RETRIES = 20;

  private static final String COLUMNS = "id, revision, name, definition, created_at, updated_at";

  private final Transactions db;
  private final boolean updateReturning;
  private final String insert;
  private final String update;
  private final String createdAt;
  private final String revision;
  private final String find;
  private final String list;
  private final String remove;
  private final String addWaiter;
  private final String jobExists;
  private final String removeWaiter;
  private final String waiters;

  JdbcWorkflowStore(Transactions db, Dialect dialect, Tables t) {
    this.db = db;
    this.updateReturning = dialect.updateReturning();
    this.insert = dialect.insertWorkflowIfAbsent(t);
    String change =
        "UPDATE "
            + t.workflows()
            + " SET revision = revision + 1, name = ?, definition = ?, updated_at = ?"
            + " WHERE id = ? AND revision = ?";
    this.update = updateReturning ? change + " RETURNING created_at" : change;
    this.createdAt = "SELECT created_at FROM " + t.workflows() + " WHERE id = ?";
    this.revision = "SELECT revision FROM " + t.workflows() + " WHERE id = ?";
    this.find = "SELECT " + COLUMNS + " FROM " + t.workflows() + " WHERE id = ?";
    this.list = "SELECT " + COLUMNS + " FROM " + t.workflows() + " ORDER BY id LIMIT ? OFFSET ?";
    this.remove = "DELETE FROM " + t.workflows() + " WHERE id = ?";
    this.addWaiter = dialect.insertWaiterIfAbsent(t);
    this.jobExists = "SELECT 1 FROM " + t.jobs() + " WHERE id = ?";
    this.removeWaiter =
        "DELETE FROM "
            + t.workflowWaiters()
            + " WHERE wait_hash = ? AND wait_key = ? AND name = ? AND job_id = ?";
    this.waiters =
        "SELECT w.job_id FROM "
            + t.workflowWaiters()
            + " w JOIN "
            + t.jobs()
            + " j ON j.id = w.job_id WHERE w.wait_hash = ? AND w.wait_key = ? AND w.name = ?"
            + " AND j.state NOT IN ('COMPLETED', 'CANCELLED', 'DEAD')";
  }

  // ---- definitions ----

  @Override
  public StoredWorkflow save(
      String id, String name, String definition, int expectedRevision, Instant now) {
    WorkflowArguments.checkSave(id, name, definition, expectedRevision, now);
    String shownName = name == null ? "" : name;
    long micros = Rows.micros(now);
    Instant at = Rows.instant(micros);
    for (int attempt = 1; attempt <= RETRIES; attempt++) {
      if (expectedRevision == 0) {
        // 16 creators racing on MariaDB can deadlock on the key's gap locks: the loser runs again
        if (db.autoRetrying(
            "saveWorkflow", null, c -> create(c, id, shownName, definition, micros))) {
          return new StoredWorkflow(id, 1, shownName, definition, at, at);
        }
      } else {
        Optional<Instant> created =
            db.write(
                "saveWorkflow",
                null,
                c -> update(c, id, shownName, definition, expectedRevision, micros));
        if (created.isPresent()) {
          return new StoredWorkflow(
              id, expectedRevision + 1, shownName, definition, created.get(), at);
        }
      }
      int actual =
          db.auto("saveWorkflow", null, c -> Sql.first(c, revision, rs -> rs.getInt(1), id))
              .orElse(0);
      if (actual != expectedRevision) {
        throw WorkflowArguments.conflict(id, expectedRevision, actual);
      }
    }
    throw new StorageException(
        JdbcStorage.STORAGE_FAILED,
        "saving workflow '"
            + id
            + "' kept racing with its removal and re-creation after "
            + RETRIES
            + " attempts",
        "save it again");
  }

  /** The first revision, unless the id is taken (then false). */
  private boolean create(Connection c, String id, String name, String definition, long micros)
      throws SQLException {
    try {
      return Sql.update(c, insert, id, name, definition, micros, micros, id) == 1;
    } catch (SQLException e) {
      if (Transactions.isIntegrityViolation(e)) {
        return false; // another creator inserted the id between our look and our insert
      }
      throw e;
    }
  }

  /** The next revision, returning the creation time, unless the revision is not the latest. */
  private Optional<Instant> update(
      Connection c, String id, String name, String definition, int expected, long micros)
      throws SQLException {
    if (updateReturning) {
      return Sql.first(
          c, update, rs -> Rows.instant(rs.getLong(1)), name, definition, micros, id, expected);
    }
    if (Sql.update(c, update, name, definition, micros, id, expected) != 1) {
      return Optional.empty();
    }
    // the same transaction holds the row's lock: this reads the row it changed
    return Sql.first(c, createdAt, rs -> Rows.instant(rs.getLong(1)), id);
  }

  @Override
  public Optional<StoredWorkflow> find(String id) {
    WorkflowArguments.checkId(id);
    return db.auto("findWorkflow", null, c -> Sql.first(c, find, JdbcWorkflowStore::workflow, id));
  }

  @Override
  public List<StoredWorkflow> list(int page, int size) {
    WorkflowArguments.checkPage(page, size);
    long offset = (long) page * size;
    return db.auto(
        "listWorkflows",
        null,
        c -> Sql.list(c, list, JdbcWorkflowStore::workflow, List.of(size, offset)));
  }

  @Override
  public boolean remove(String id) {
    WorkflowArguments.checkId(id);
    return db.autoRetrying("removeWorkflow", null, c -> Sql.update(c, remove, id) > 0);
  }

  private static StoredWorkflow workflow(ResultSet rs) throws SQLException {
    return new StoredWorkflow(
        rs.getString(1),
        rs.getInt(2),
        rs.getString(3),
        rs.getString(4),
        Rows.instant(rs.getLong(5)),
        Rows.instant(rs.getLong(6)));
  }

  // ---- the correlation index ----

  @Override
  public void addWaiter(String key, String name, String jobId) {
    WorkflowArguments.checkWaiter(key, name, jobId);
    String hash = hash(key, name);
    db.autoRetrying(
        "addWaiter",
        jobId,
        c -> {
          int added;
          try {
            added = Sql.update(c, addWaiter, hash, key, name, jobId, hash, jobId);
          } catch (SQLException e) {
            if (!Transactions.isIntegrityViolation(e)) {
              throw e;
            }
            // a racing add of the same waiter came first, or the job went meanwhile
            added = 0;
          }
          if (added == 0 && Sql.first(c, jobExists, rs -> true, jobId).isEmpty()) {
            throw StorageException.notFound(jobId);
          }
          return null;
        });
  }

  @Override
  public boolean removeWaiter(String key, String name, String jobId) {
    WorkflowArguments.checkWaiter(key, name, jobId);
    return db.autoRetrying(
        "removeWaiter",
        jobId,
        c -> Sql.update(c, removeWaiter, hash(key, name), key, name, jobId) > 0);
  }

  @Override
  public List<String> waiters(String key, String name) {
    WorkflowArguments.checkWaiter(key, name);
    List<String> ids =
        new ArrayList<>(
            db.auto(
                "waiters",
                null,
                c ->
                    Sql.list(
                        c, waiters, rs -> rs.getString(1), List.of(hash(key, name), key, name))));
    // sorted here: every database then orders alike, whatever its collation
    ids.sort(null);
    return ids;
  }

  /**
   * The SHA-256 (hex) of the signal name and the key, the name's length first so that no two pairs
   * write the same text.
   */
  static String hash(String key, String name) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    sha.update((name.length() + ":" + name + "\n").getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
  }
}
