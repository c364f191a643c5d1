package io.mediaflow.jdbc;

import java.util.Optional;

/**
 * What H2 and MariaDB share: no {@code UPDATE … RETURNING}, so a claim is a locking {@code SELECT …
 * FOR UPDATE SKIP LOCKED} followed by an {@code UPDATE} in one transaction, and plain inserts.
 */
abstract class LockingReadDialect implements Dialect {

  @Override
  public Optional<String> claimInOneStatement(Tables t, String set, String where) {
    return Optional.empty();
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
    return "CONCAT(?, id)";
  }

  @Override
  public boolean updateReturning() {
    return false;
  }

  @Override
  public String insertJob(Tables t, String columns, String placeholders) {
    return "INSERT INTO " + t.jobs() + " (" + columns + ") VALUES (" + placeholders + ")";
  }

  @Override
  public String insertScheduleIfAbsent(Tables t) {
    // a duplicate-key error means another node won; not INSERT IGNORE, which would also swallow
    // other errors
    return "INSERT INTO " + t.schedules() + " (id, next_fire_at, version) VALUES (?, ?, 1)";
  }

  /** A look for the id in the same statement (no error for an id taken, the common case). */
  @Override
  public String insertWorkflowIfAbsent(Tables t) {
    return "INSERT INTO "
        + t.workflows()
        + " (id, revision, name, definition, created_at, updated_at) SELECT ?, 1, ?, ?, ?, ?"
        + " FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM "
        + t.workflows()
        + " WHERE id = ?)";
  }

  @Override
  public String insertWaiterIfAbsent(Tables t) {
    return "INSERT INTO "
        + t.workflowWaiters()
        + " (wait_hash, wait_key, name, job_id) SELECT ?, ?, ?, id FROM "
        + t.jobs()
        + " WHERE id = ? AND NOT EXISTS (SELECT 1 FROM "
        + t.workflowWaiters()
        + " WHERE wait_hash = ? AND job_id = ?)";
  }
}
