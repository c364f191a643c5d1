package io.mediaflow.jdbc;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.store.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Submits jobs: one transaction with JDBC batching for many, one auto-commit statement for one
 * where the dialect can insert and notify at once. An idempotency key already stored returns its
 * job; a key inserted by another node between our read and our insert makes us read again.
 */
final class JobInserts {

  /** How many rows one batch or {@code IN} list holds. */
  static final int CHUNK = 500;

  private static final int RETRIES = 5;

  private final Transactions db;
  private final JobSql sql;

  JobInserts(Transactions db, JobSql sql) {
    this.db = db;
    this.sql = sql;
  }

  /**
   * Submits every request in one transaction: another reader sees all of them or none. Keys already
   * stored, or repeated within the list, return the first job.
   */
  List<Job> submitAll(List<JobRequest> requests, Instant now) {
    List<JobRequest> copy = List.copyOf(requests);
    Objects.requireNonNull(now, "now");
    if (copy.isEmpty()) {
      return List.of();
    }
    Instant at = Rows.truncate(now);
    for (int attempt = 1; ; attempt++) {
      try {
        if (copy.size() == 1 && sql.insertOne != null) {
          // one statement in auto-commit: the submit's commit comes with its only round trip
          Job one = db.auto("submit", null, c -> insertOne(c, copy.get(0), at));
          return List.of(one);
        }
        return db.tx("submit", null, c -> insertAll(c, copy, at));
      } catch (KeyClash clash) {
        // another node inserted the same idempotency key between our read and our insert: the
        // next attempt reads its job
        if (attempt >= RETRIES) {
          throw new StorageException(
              JdbcStorage.STORAGE_FAILED,
              "submit kept clashing on idempotency keys after " + attempt + " attempts",
              "retry the submit");
        }
      }
    }
  }

  private List<Job> insertAll(Connection c, List<JobRequest> requests, Instant now)
      throws SQLException {
    Set<String> keys = new HashSet<>();
    for (JobRequest r : requests) {
      if (!r.idempotencyKey().isEmpty()) {
        keys.add(r.idempotencyKey());
      }
    }
    Map<String, Job> byKey = keys.isEmpty() ? new HashMap<>() : findByKeys(c, keys);
    List<Job> out = new ArrayList<>(requests.size());
    List<Job> fresh = new ArrayList<>(requests.size());
    for (JobRequest r : requests) {
      Job existing = r.idempotencyKey().isEmpty() ? null : byKey.get(r.idempotencyKey());
      if (existing != null) {
        out.add(existing);
        continue;
      }
      Job job = newJob(r, now);
      if (!r.idempotencyKey().isEmpty()) {
        byKey.put(r.idempotencyKey(), job);
      }
      fresh.add(job);
      out.add(job);
    }
    try (PreparedStatement ps = c.prepareStatement(sql.insertJob)) {
      for (int from = 0; from < fresh.size(); from += CHUNK) {
        for (Job j : fresh.subList(from, Math.min(fresh.size(), from + CHUNK))) {
          Rows.bindInsert(ps, j);
          ps.addBatch();
        }
        for (int n : ps.executeBatch()) {
          if (n == 0) {
            throw new KeyClash(); // PostgreSQL's ON CONFLICT DO NOTHING
          }
        }
      }
    } catch (SQLException e) {
      if (Transactions.isIntegrityViolation(e) && !keys.isEmpty()) {
        throw new KeyClash();
      }
      throw e;
    }
    if (sql.insertHidesKeyClash && !keys.isEmpty()) {
      requireOwnKeys(c, fresh);
    }
    if (sql.afterSubmit != null && !fresh.isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement(sql.afterSubmit)) {
        if (sql.afterSubmit.indexOf('?') >= 0) { // no describe round trip
          ps.setInt(1, fresh.size());
        }
        ps.execute();
      }
    }
    return out;
  }

  /**
   * Where a clash of keys went by silently (MariaDB): the stored job of each key must be the one
   * just inserted, or another submit took the key between our read and our insert.
   */
  void requireOwnKeys(Connection c, List<Job> fresh) throws SQLException {
    Map<String, String> ours = new HashMap<>();
    for (Job j : fresh) {
      if (!j.idempotencyKey().isEmpty()) {
        ours.put(j.idempotencyKey(), j.id());
      }
    }
    if (ours.isEmpty()) {
      return;
    }
    Map<String, Job> stored = findByKeys(c, ours.keySet());
    for (Map.Entry<String, String> e : ours.entrySet()) {
      Job j = stored.get(e.getKey());
      if (j == null || !j.id().equals(e.getValue())) {
        throw new KeyClash();
      }
    }
  }

  /** Submits one request with the dialect's insert-and-notify statement, in auto-commit. */
  private Job insertOne(Connection c, JobRequest r, Instant now) throws SQLException {
    String key = r.idempotencyKey();
    if (!key.isEmpty()) {
      Job existing = findByKeys(c, Set.of(key)).get(key);
      if (existing != null) {
        return existing;
      }
    }
    Job job = newJob(r, now);
    try (PreparedStatement ps = c.prepareStatement(sql.insertOne)) {
      Rows.bindInsert(ps, job);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new KeyClash(); // ON CONFLICT DO NOTHING: inserted by another submit meanwhile
        }
      }
    } catch (SQLException e) {
      if (Transactions.isIntegrityViolation(e) && !key.isEmpty()) {
        throw new KeyClash();
      }
      throw e;
    }
    return job;
  }

  /** A new job for {@code r}: pending, or scheduled when it is due after {@code now}. */
  static Job newJob(JobRequest r, Instant now) {
    return Job.submitted(r, now, Rows.truncate(r.runAt().orElse(now)));
  }

  Map<String, Job> findByKeys(Connection c, Set<String> keys) throws SQLException {
    Map<String, Job> out = new HashMap<>();
    List<String> all = new ArrayList<>(keys);
    for (int from = 0; from < all.size(); from += CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
      for (Job j : Sql.list(c, sql.byKeys(chunk.size()), JobReads::read, chunk)) {
        out.put(j.idempotencyKey(), j);
      }
    }
    return out;
  }

  /** Thrown inside a submit transaction to roll it back and read the clashing key's job. */
  static final class KeyClash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KeyClash() {
      super(null, null, false, false);
    }
  }
}
