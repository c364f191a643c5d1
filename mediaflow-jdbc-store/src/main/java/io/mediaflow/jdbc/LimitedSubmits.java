package io.mediaflow.jdbc;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.WaitReason;
import io.mediaflow.api.rule.OverlapPolicy;
import io.mediaflow.api.store.Admission;
import io.mediaflow.api.store.Admission.Outcome;
import io.mediaflow.api.store.LimitedRequest;
import io.mediaflow.api.store.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@link JdbcJobStore#submitLimited}: submits under concurrency limits in one transaction. First
 * the counter row of every limit key of the call is made if missing and locked, in key order (so
 * two calls sharing keys lock them in the same order); then each request is decided in turn against
 * the counters as the locks froze them and as the earlier requests changed them; then the jobs go
 * in with one JDBC batch and the counters are written back, one statement per key.
 *
 * <p>The row lock is what makes the decision atomic: no other transaction can change a key's
 * counters between this one's read and its write, on this node or another, and the counters are
 * never counted from the jobs. A place is given back by the job's final change ({@link JobLimits}).
 */
final class LimitedSubmits {

  private static final int RETRIES = 5;

  /** A key's counters while the call decides, and as they were read. */
  private static final class Counters {
    final int max0;
    final int running0;
    final int buffered0;
    int running;
    int buffered;

    Counters(int max, int running, int buffered) {
      this.max0 = max;
      this.running0 = running;
      this.buffered0 = buffered;
      this.running = running;
      this.buffered = buffered;
    }

    /** Whether the row needs writing back. */
    boolean changed(int max) {
      return max != max0 || running != running0 || buffered != buffered0;
    }
  }

  /** A job decided on, not inserted yet, with its limit key. */
  private record Fresh(Job job, String limitKey) {}

  private final Transactions db;
  private final JobSql sql;
  private final JobInserts inserts;
  private final JobParents parents;
  private final JobLimits limits;

  LimitedSubmits(
      Transactions db, JobSql sql, JobInserts inserts, JobParents parents, JobLimits limits) {
    this.db = db;
    this.sql = sql;
    this.inserts = inserts;
    this.parents = parents;
    this.limits = limits;
  }

  /** Decides and stores every request in order, in one transaction; one admission each. */
  List<Admission> submit(List<LimitedRequest> requests, Instant now) {
    List<LimitedRequest> copy = List.copyOf(requests);
    Objects.requireNonNull(now, "now");
    if (copy.isEmpty()) {
      return List.of();
    }
    Instant at = Rows.truncate(now);
    for (int attempt = 1; ; attempt++) {
      try {
        return db.tx("submitLimited", null, c -> decide(c, copy, at));
      } catch (JobInserts.KeyClash clash) {
        // another submit inserted one of our idempotency keys after we looked: look again
        if (attempt >= RETRIES) {
          throw new StorageException(
              JdbcStorage.STORAGE_FAILED,
              "submitLimited kept clashing on idempotency keys after " + attempt + " attempts",
              "retry the submit");
        }
      }
    }
  }

  private List<Admission> decide(Connection c, List<LimitedRequest> requests, Instant now)
      throws SQLException {
    long at = Rows.micros(now);
    TreeMap<String, Integer> maxByKey = new TreeMap<>();
    Set<String> idempotencyKeys = new HashSet<>();
    for (LimitedRequest r : requests) {
      maxByKey.put(r.limitKey(), r.maxConcurrent()); // the latest request's value is kept
      if (!r.request().idempotencyKey().isEmpty()) {
        idempotencyKeys.add(r.request().idempotencyKey());
      }
    }
    Map<String, Counters> counters = lock(c, maxByKey);
    Map<String, Job> byKey =
        idempotencyKeys.isEmpty() ? new HashMap<>() : inserts.findByKeys(c, idempotencyKeys);
    List<Admission> out = new ArrayList<>(requests.size());
    List<Fresh> fresh = new ArrayList<>();
    boolean started = false;
    for (LimitedRequest r : requests) {
      String idempotencyKey = r.request().idempotencyKey();
      Job existing = idempotencyKey.isEmpty() ? null : byKey.get(idempotencyKey);
      if (existing != null) {
        out.add(new Admission(Outcome.DUPLICATE, Optional.of(existing), List.of()));
        continue;
      }
      Counters counts = counters.get(r.limitKey());
      Outcome outcome;
      List<String> cancelled = List.of();
      if (r.overlap() == OverlapPolicy.ALLOW_ALL || counts.running < r.maxConcurrent()) {
        outcome = Outcome.STARTED;
      } else {
        outcome =
            switch (r.overlap()) {
              case SKIP -> Outcome.SKIPPED;
              case BUFFER_ONE -> counts.buffered == 0 ? Outcome.BUFFERED : Outcome.SKIPPED;
              case BUFFER_ALL -> Outcome.BUFFERED;
              case CANCEL_OTHER, ALLOW_ALL -> Outcome.STARTED;
            };
        if (r.overlap() == OverlapPolicy.CANCEL_OTHER) {
          insert(c, fresh); // jobs of the key decided earlier in this call are cancelled too
          cancelled = cancelOthers(c, r.limitKey(), at);
          counts.running = 0;
          counts.buffered = 0;
        }
      }
      if (outcome == Outcome.SKIPPED) {
        out.add(new Admission(outcome, Optional.empty(), List.of()));
        continue;
      }
      Job job = JobInserts.newJob(r.request(), now);
      if (outcome == Outcome.BUFFERED) {
        job =
            job.toBuilder()
                .state(JobState.SCHEDULED)
                .scheduledAt(JobLimits.BUFFERED_UNTIL)
                .waitReason(Optional.of(WaitReason.OVERLAP))
                .build();
        counts.buffered++;
      } else {
        counts.running++;
        started |= !job.scheduledAt().isAfter(now); // a run made ahead wakes no one yet
      }
      if (!idempotencyKey.isEmpty()) {
        byKey.put(idempotencyKey, job);
      }
      fresh.add(new Fresh(job, r.limitKey()));
      out.add(new Admission(outcome, Optional.of(job), cancelled));
    }
    insert(c, fresh);
    // one JDBC batch of the rows that changed, in key order as they were locked
    try (PreparedStatement ps = c.prepareStatement(limits.setCounters)) {
      for (Map.Entry<String, Integer> e : maxByKey.entrySet()) {
        Counters counts = counters.get(e.getKey());
        if (counts.changed(e.getValue())) {
          Sql.bind(ps, List.of(e.getValue(), counts.running, counts.buffered, e.getKey()));
          ps.addBatch();
        }
      }
      ps.executeBatch();
    }
    if (started) {
      JobParents.notifyWork(c, sql);
    }
    return out;
  }

  /**
   * Locks the counter rows of the keys, in key order, with one {@code IN} query per {@value
   * JobInserts#CHUNK} keys; makes those missing first (one JDBC batch) and locks them in turn.
   */
  private Map<String, Counters> lock(Connection c, TreeMap<String, Integer> maxByKey)
      throws SQLException {
    Map<String, Counters> out = lockRows(c, new ArrayList<>(maxByKey.keySet()));
    List<String> missing = new ArrayList<>();
    for (String key : maxByKey.keySet()) {
      if (!out.containsKey(key)) {
        missing.add(key);
      }
    }
    if (!missing.isEmpty()) {
      limits.ensureAll(c, missing, maxByKey);
      out.putAll(lockRows(c, missing));
      for (String key : missing) {
        if (!out.containsKey(key)) {
          // removed between our insert and our lock (by hand): run the transaction again
          throw new SQLException("the limit row of '" + key + "' vanished", "40001");
        }
      }
    }
    return out;
  }

  private Map<String, Counters> lockRows(Connection c, List<String> keys) throws SQLException {
    Map<String, Counters> out = new HashMap<>();
    for (int from = 0; from < keys.size(); from += JobInserts.CHUNK) {
      List<String> chunk = keys.subList(from, Math.min(keys.size(), from + JobInserts.CHUNK));
      for (Object[] row :
          Sql.list(
              c,
              limits.lockCounters(chunk.size()),
              rs ->
                  new Object[] {
                    rs.getString(1), new Counters(rs.getInt(2), rs.getInt(3), rs.getInt(4))
                  },
              chunk)) {
        out.put((String) row[0], (Counters) row[1]);
      }
    }
    return out;
  }

  /**
   * Cancels every unfinished job of the key, as a cancel would (their descendants too, their
   * parents counting them), clearing their key first so that their cancel gives no place back: the
   * caller sets the counters. Returns their ids.
   */
  private List<String> cancelOthers(Connection c, String key, long at) throws SQLException {
    List<String> ids = Sql.list(c, limits.unfinishedOf, rs -> rs.getString(1), List.of(key));
    for (int from = 0; from < ids.size(); from += JobInserts.CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + JobInserts.CHUNK));
      List<Object> args = new ArrayList<>(chunk.size() + 1);
      args.add(at);
      args.addAll(chunk);
      Sql.update(c, sql.cancelManyOfLimit(chunk.size()), args.toArray());
    }
    parents.finished(c, ids, at);
    for (String id : ids) {
      parents.cancelDescendants(c, id, at);
    }
    return ids;
  }

  /** Inserts the jobs decided on with their limit key, in JDBC batches; empties the list. */
  private void insert(Connection c, List<Fresh> fresh) throws SQLException {
    if (fresh.isEmpty()) {
      return;
    }
    boolean keyed = false;
    try (PreparedStatement ps = c.prepareStatement(sql.insertLimited)) {
      for (int from = 0; from < fresh.size(); from += JobInserts.CHUNK) {
        for (Fresh f : fresh.subList(from, Math.min(fresh.size(), from + JobInserts.CHUNK))) {
          Rows.bindInsert(ps, f.job());
          ps.setString(Rows.INSERT_PARAMETERS + 1, f.limitKey());
          Rows.setNullable(
              ps, Rows.INSERT_PARAMETERS + 2, f.job().waitReason().map(Enum::name).orElse(null));
          keyed |= !f.job().idempotencyKey().isEmpty();
          ps.addBatch();
        }
        for (int n : ps.executeBatch()) {
          if (n == 0) {
            throw new JobInserts.KeyClash(); // PostgreSQL's ON CONFLICT DO NOTHING
          }
        }
      }
    } catch (SQLException e) {
      if (Transactions.isIntegrityViolation(e) && keyed) {
        throw new JobInserts.KeyClash();
      }
      throw e;
    }
    if (sql.insertHidesKeyClash && keyed) {
      List<Job> jobs = new ArrayList<>(fresh.size());
      fresh.forEach(f -> jobs.add(f.job()));
      inserts.requireOwnKeys(c, jobs);
    }
    fresh.clear();
  }
}
