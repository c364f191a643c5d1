package io.mediaflow.jdbc;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobLog;
import io.mediaflow.api.job.JobProgress;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.JobTransitions;
import io.mediaflow.api.job.StageTiming;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.Completion;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.Page;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.api.store.WebhookRegistration;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable {@link Storage} over JDBC: H2 (a file database, the single-node default), PostgreSQL
 * (several JVMs share one database) and MariaDB/MySQL. Jobs, logs, schedule slots and webhooks
 * survive restarts; a claim is a {@code FOR UPDATE SKIP LOCKED} read, so nodes never wait on each
 * other's claims, and every other change is a compare-and-set statement.
 *
 * {@snippet :
 * Storage durable = JdbcStorage.h2(Path.of("data/mediaflow"));          // one node
 * Storage shared = JdbcStorage.postgres(dataSource);                    // a cluster
 * Storage custom = JdbcStorage.builder(dataSource)
 *     .tablePrefix("media_")
 *     .schema(SchemaMode.VALIDATE)
 *     .retention(Duration.ofDays(7))
 *     .build();
 * }
 *
 * <p>It behaves exactly as {@code InMemoryStorage} does (the testkit's {@code StorageContract}
 * proves it against all three databases), and in addition:
 *
 * <ul>
 *   <li>Instants are kept as epoch microseconds: anything finer is cut off on the way in, and the
 *       jobs returned carry the stored values.
 *   <li>A failure to reach the database throws {@link StorageException#STORAGE_UNAVAILABLE}
 *       (retryable); the next call tries again on a fresh connection. Any other SQL failure throws
 *       {@link #STORAGE_FAILED} naming the operation and the job.
 *   <li>A claimed job whose row cannot be read (for example a stages column that is not the JSON
 *       this store writes) goes to {@code DEAD} with the error {@link #CORRUPT_ROW} and is not
 *       handed out; the other jobs of the claim are.
 *   <li>The host's {@link DataSource} should pool connections: every call borrows one. {@link
 *       #h2(Path)} brings its own small pool.
 *   <li>Finished jobs stay until {@link #purgeFinishedBefore} or {@link #purgeExpired} removes
 *       them.
 * </ul>
 */
public final class JdbcStorage implements Storage {

  /** The database schema is missing, older than this library, or newer: it refuses to start. */
  public static final ErrorCode SCHEMA_MISMATCH =
      ErrorCode.of("SCHEMA_MISMATCH", ErrorCode.Category.CONFIGURATION, false);

  /** A job's row could not be read back; the job went to {@code DEAD} when it was claimed. */
  public static final ErrorCode CORRUPT_ROW =
      ErrorCode.of("CORRUPT_ROW", ErrorCode.Category.INTERNAL, false);

  /** The database refused a statement for a reason other than being unreachable. */
  public static final ErrorCode STORAGE_FAILED =
      ErrorCode.of("STORAGE_FAILED", ErrorCode.Category.INTERNAL, false);

  /** The table prefix when none is set: tables are {@code mediaflow_jobs} and so on. */
  public static final String DEFAULT_TABLE_PREFIX = "mediaflow_";

  /** Each job keeps its last this many log lines, as {@code InMemoryStorage} does. */
  public static final int MAX_LOG_LINES = 1000;

  /** How many finished jobs one purge statement deletes. */
  public static final int PURGE_BATCH = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(JdbcStorage.class);
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,29}");
  private static final int CHUNK = 500;
  private static final int RETRIES = 5;

  /**
   * How often a transaction chosen as a deadlock victim runs again. Many claimers on MariaDB can
   * deadlock on the index entries they lock; each try rolls back whole, so trying again is safe.
   */
  private static final int CONFLICT_RETRIES = 20;

  private final DataSource dataSource;
  private final Dialect dialect;
  private final Tables t;
  private final Optional<Duration> retention;
  private final AutoCloseable owned;
  private final String tokenPrefix;
  private final AtomicLong claims = new AtomicLong();
  private final ReentrantLock claimLock = new ReentrantLock();
  private final String insertJobSql;
  private final String insertOneSql; // null when the dialect has none
  private final List<Runnable> workListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private PgListener workListener; // guarded by workListeners
  private boolean closed; // guarded by workListeners

  private JdbcStorage(
      DataSource dataSource,
      Dialect dialect,
      Tables tables,
      Optional<Duration> retention,
      AutoCloseable owned) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.t = tables;
    this.retention = retention;
    this.owned = owned;
    this.tokenPrefix = Long.toHexString(new SecureRandom().nextLong()) + "-";
    this.insertJobSql = dialect.insertJob(t, Rows.INSERT_COLUMNS, Rows.INSERT_PLACEHOLDERS);
    this.insertOneSql =
        dialect.insertJobAndNotify(t, Rows.INSERT_COLUMNS, Rows.INSERT_PLACEHOLDERS).orElse(null);
  }

  // ---- factories ----

  /**
   * The durable single-node store: an H2 file database at {@code file} (H2 adds {@code .mv.db}),
   * created with its tables if missing. A committed change survives the process being killed
   * ({@code WRITE_DELAY=0}: each commit is written to the file before it returns; see {@code
   * docs/storage.md}). Only one process may open the file at a time.
   */
  public static JdbcStorage h2(Path file) {
    Objects.requireNonNull(file, "file");
    DataSource pool = H2Files.pool(file);
    AutoCloseable dispose = () -> H2Files.dispose(pool);
    try {
      return builder(pool).dialect(Database.H2).closing(dispose, H2Files.url(file)).build();
    } catch (RuntimeException e) {
      closeQuietly(dispose);
      throw e;
    }
  }

  /** A store on PostgreSQL, creating or upgrading its tables ({@link SchemaMode#AUTO}). */
  public static JdbcStorage postgres(DataSource dataSource) {
    return builder(dataSource).dialect(Database.POSTGRESQL).build();
  }

  /** A store on MariaDB 10.6+ or MySQL 8.0+, creating or upgrading its tables. */
  public static JdbcStorage mariadb(DataSource dataSource) {
    return builder(dataSource).dialect(Database.MARIADB).build();
  }

  /** A store on {@code dataSource}, configured step by step; the dialect is detected. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** The database this store speaks to. */
  public Database database() {
    return dialect.database();
  }

  /** The prefix of every table name. */
  public String tablePrefix() {
    return t.prefix();
  }

  // ---- job store ----

  @Override
  public Job submit(JobRequest request, Instant now) {
    Objects.requireNonNull(request, "request");
    return submitAll(List.of(request), now).get(0);
  }

  /**
   * Submits every request in one transaction, inserted with JDBC batching: another reader sees all
   * of them or none. Idempotency keys already stored, or repeated within the list, return the first
   * job.
   */
  @Override
  public List<Job> submitAll(List<JobRequest> requests, Instant now) {
    List<JobRequest> copy = List.copyOf(requests);
    Objects.requireNonNull(now, "now");
    if (copy.isEmpty()) {
      return List.of();
    }
    Instant at = Rows.truncate(now);
    for (int attempt = 1; ; attempt++) {
      try {
        if (copy.size() == 1 && insertOneSql != null) {
          // one statement in auto-commit: the submit's commit comes with its only round trip
          Job one = auto("submit", null, c -> insertOne(c, copy.get(0), at));
          return List.of(one);
        }
        return tx("submit", null, c -> insertAll(c, copy, at));
      } catch (KeyClash clash) {
        // another node inserted the same idempotency key between our read and our insert: the
        // next attempt reads its job
        if (attempt >= RETRIES) {
          throw new StorageException(
              STORAGE_FAILED,
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
    try (PreparedStatement ps = c.prepareStatement(insertJobSql)) {
      for (int from = 0; from < fresh.size(); from += CHUNK) {
        List<Job> chunk = fresh.subList(from, Math.min(fresh.size(), from + CHUNK));
        for (Job j : chunk) {
          Rows.bindInsert(ps, j);
          ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        for (int n : counts) {
          if (n == 0) {
            throw new KeyClash(); // PostgreSQL's ON CONFLICT DO NOTHING
          }
        }
      }
    } catch (SQLException e) {
      if (isIntegrityViolation(e) && !keys.isEmpty()) {
        throw new KeyClash();
      }
      throw e;
    }
    Optional<String> after = dialect.afterSubmit(t);
    if (after.isPresent() && !fresh.isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement(after.get())) {
        if (after.get().indexOf('?') >= 0) { // no describe round trip
          ps.setInt(1, fresh.size());
        }
        ps.execute();
      }
    }
    return out;
  }

  /** Submits one request with {@link #insertOneSql}, in auto-commit. */
  private Job insertOne(Connection c, JobRequest r, Instant now) throws SQLException {
    String key = r.idempotencyKey();
    if (!key.isEmpty()) {
      Job existing = findByKeys(c, Set.of(key)).get(key);
      if (existing != null) {
        return existing;
      }
    }
    Job job = newJob(r, now);
    try (PreparedStatement ps = c.prepareStatement(insertOneSql)) {
      Rows.bindInsert(ps, job);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new KeyClash(); // ON CONFLICT DO NOTHING: inserted by another submit meanwhile
        }
      }
    } catch (SQLException e) {
      if (isIntegrityViolation(e) && !key.isEmpty()) {
        throw new KeyClash();
      }
      throw e;
    }
    return job;
  }

  /** A new job for {@code r}: pending, or scheduled when it is due after {@code now}. */
  private static Job newJob(JobRequest r, Instant now) {
    return Job.submitted(r, now, Rows.truncate(r.runAt().orElse(now)));
  }

  private Map<String, Job> findByKeys(Connection c, Set<String> keys) throws SQLException {
    Map<String, Job> out = new HashMap<>();
    List<String> all = new ArrayList<>(keys);
    for (int from = 0; from < all.size(); from += CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT * FROM "
                  + t.jobs()
                  + " WHERE idempotency_key IN ("
                  + placeholders(chunk.size())
                  + ")")) {
        for (int i = 0; i < chunk.size(); i++) {
          ps.setString(i + 1, chunk.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Job j = read(rs);
            out.put(j.idempotencyKey(), j);
          }
        }
      }
    }
    return out;
  }

  @Override
  public Optional<Job> find(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    return auto("find", jobId, c -> Optional.ofNullable(load(c, jobId)));
  }

  /** Newest first; one statement counts the matches and one reads the page. */
  @Override
  public Page<Job> query(JobQuery q) {
    Objects.requireNonNull(q, "query");
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (!q.states().isEmpty()) {
      where.append(" AND state IN (").append(placeholders(q.states().size())).append(')');
      q.states().stream().map(JobState::name).sorted().forEach(args::add);
    }
    if (!q.type().isEmpty()) {
      where.append(" AND type = ?");
      args.add(q.type());
    }
    if (!q.ruleId().isEmpty()) {
      where.append(" AND rule_id = ?");
      args.add(q.ruleId());
    }
    if (!q.parentId().isEmpty()) {
      where.append(" AND parent_id = ?");
      args.add(q.parentId());
    }
    if (q.createdFrom().isPresent()) {
      where.append(" AND created_at >= ?");
      args.add(Rows.micros(q.createdFrom().get()));
    }
    if (q.createdTo().isPresent()) {
      where.append(" AND created_at < ?");
      args.add(Rows.micros(q.createdTo().get()));
    }
    return auto(
        "query",
        null,
        c -> {
          long total;
          try (PreparedStatement ps =
              c.prepareStatement("SELECT COUNT(*) FROM " + t.jobs() + where)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              total = rs.getLong(1);
            }
          }
          List<Job> items = new ArrayList<>();
          long offset = (long) q.page() * q.size();
          if (offset < total) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT * FROM " + t.jobs() + where + " ORDER BY id DESC LIMIT ? OFFSET ?")) {
              List<Object> all = new ArrayList<>(args);
              all.add(q.size());
              all.add(offset);
              bind(ps, all);
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  items.add(read(rs));
                }
              }
            }
          }
          return new Page<>(items, q.page(), q.size(), total);
        });
  }

  /** Every state, with zero for states that have no job. */
  @Override
  public Map<JobState, Long> countByState() {
    return auto(
        "countByState",
        null,
        c -> {
          Map<JobState, Long> out = new EnumMap<>(JobState.class);
          for (JobState s : JobState.values()) {
            out.put(s, 0L);
          }
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT state, COUNT(*) FROM " + t.jobs() + " GROUP BY state");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              try {
                out.put(JobState.valueOf(rs.getString(1)), rs.getLong(2));
              } catch (IllegalArgumentException e) {
                LOG.warn(
                    "mediaflow: {} rows have an unknown state '{}'",
                    rs.getLong(2),
                    rs.getString(1));
              }
            }
          }
          return out;
        });
  }

  @Override
  public Optional<Instant> oldestDue(Instant now) {
    Objects.requireNonNull(now, "now");
    return auto(
        "oldestDue",
        null,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT MIN(scheduled_at) FROM "
                      + t.jobs()
                      + " WHERE state IN ('PENDING', 'SCHEDULED') AND scheduled_at <= ?")) {
            ps.setLong(1, Rows.micros(now));
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              long v = rs.getLong(1);
              return rs.wasNull() ? Optional.<Instant>empty() : Optional.of(Rows.instant(v));
            }
          }
        });
  }

  // ---- queue ----

  @Override
  public List<Job> claim(ClaimRequest request) {
    Objects.requireNonNull(request, "request");
    Instant now = Rows.truncate(request.now());
    Instant expiresAt = Rows.truncate(now.plus(request.lease()));
    List<String> types = request.types().stream().sorted().toList();
    String prefix = tokenPrefix + Long.toHexString(claims.incrementAndGet()) + ":";
    // a due scheduled job goes SCHEDULED -> PENDING -> PROCESSING in this one change
    String where =
        "state IN ('PENDING', 'SCHEDULED') AND (state = 'PENDING' OR scheduled_at <= ?)"
            + (types.isEmpty() ? "" : " AND type IN (" + placeholders(types.size()) + ")");
    String set =
        "state = 'PROCESSING', lease_owner = ?, lease_token = "
            + dialect.tokenExpression()
            + ", lease_expires_at = ?, attempts = attempts + 1, version = version + 1,"
            + " updated_at = ?, progress_percent = 0, progress_step = '', progress_eta_ms = NULL,"
            + " stages = NULL";
    List<Object> whereArgs = new ArrayList<>();
    whereArgs.add(Rows.micros(now));
    whereArgs.addAll(types);
    whereArgs.add(request.max());
    List<Object> setArgs =
        List.of(request.owner(), prefix, Rows.micros(expiresAt), Rows.micros(now));
    Optional<String> one = dialect.claimInOneStatement(t, set, where);
    List<Object[]> rows;
    if (one.isPresent()) {
      List<Object> args = new ArrayList<>(whereArgs);
      args.addAll(setArgs);
      rows = auto("claim", null, c -> claimed(c, one.get(), args));
    } else {
      boolean serialize = dialect.serializeClaims();
      if (serialize) {
        claimLock.lock();
      }
      try {
        rows =
            tx(
                "claim",
                null,
                c -> {
                  List<String> ids = new ArrayList<>();
                  try (PreparedStatement ps =
                      c.prepareStatement(dialect.selectForClaim(t, where))) {
                    bind(ps, whereArgs);
                    try (ResultSet rs = ps.executeQuery()) {
                      while (rs.next()) {
                        ids.add(rs.getString(1));
                      }
                    }
                  }
                  if (ids.isEmpty()) {
                    return List.of();
                  }
                  String in = placeholders(ids.size());
                  try (PreparedStatement ps =
                      c.prepareStatement(
                          "UPDATE "
                              + t.jobs()
                              + " SET "
                              + set
                              + " WHERE id IN ("
                              + in
                              + ") AND state IN ('PENDING', 'SCHEDULED')")) {
                    List<Object> args = new ArrayList<>(setArgs);
                    args.addAll(ids);
                    bind(ps, args);
                    ps.executeUpdate();
                  }
                  List<Object> args = new ArrayList<>(ids);
                  args.add(prefix);
                  return claimed(
                      c,
                      "SELECT * FROM "
                          + t.jobs()
                          + " WHERE id IN ("
                          + in
                          + ") AND lease_token = "
                          + dialect.tokenExpression(),
                      args);
                });
      } finally {
        if (serialize) {
          claimLock.unlock();
        }
      }
    }
    List<Job> out = new ArrayList<>(rows.size());
    for (Object[] row : rows) {
      if (row[0] instanceof Job job) {
        out.add(job);
      } else {
        buryCorrupt((Rows.CorruptRow) row[0], now);
      }
    }
    out.sort(
        Comparator.comparingInt(Job::priority)
            .reversed()
            .thenComparing(Job::scheduledAt)
            .thenComparing(Job::id));
    return out;
  }

  /** Each row as a job, or as the {@link Rows.CorruptRow} that kept it from being one. */
  private List<Object[]> claimed(Connection c, String sql, List<Object> args) throws SQLException {
    List<Object[]> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          try {
            out.add(new Object[] {Rows.job(rs)});
          } catch (Rows.CorruptRow e) {
            out.add(new Object[] {e});
          }
        }
      }
    }
    return out;
  }

  /** A claimed row that cannot be read fails and is buried at once: PROCESSING → FAILED → DEAD. */
  private void buryCorrupt(Rows.CorruptRow corrupt, Instant now) {
    JobTransitions.check(corrupt.jobId, JobState.PROCESSING, JobState.FAILED);
    JobTransitions.check(corrupt.jobId, JobState.FAILED, JobState.DEAD);
    LOG.error("mediaflow: {}; the job goes to DEAD", corrupt.getMessage());
    String message = corrupt.getMessage();
    auto(
        "bury corrupt job",
        corrupt.jobId,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE "
                      + t.jobs()
                      + " SET state = 'DEAD', lease_owner = NULL, lease_token = NULL,"
                      + " lease_expires_at = NULL, stages = NULL, error_code = ?, error_message = ?,"
                      + " error_retryable = ?, error_suggestion = ?, updated_at = ?,"
                      + " version = version + 1 WHERE id = ? AND state = 'PROCESSING'")) {
            ps.setString(1, CORRUPT_ROW.code());
            ps.setString(2, message);
            ps.setBoolean(3, false);
            ps.setString(
                4, "inspect the row; fix or delete it, then requeue the job (stages were cleared)");
            ps.setLong(5, Rows.micros(now));
            ps.setString(6, corrupt.jobId);
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public boolean heartbeat(String jobId, String leaseToken, Instant expiresAt) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(leaseToken, "leaseToken");
    Objects.requireNonNull(expiresAt, "expiresAt");
    return auto(
        "heartbeat",
        jobId,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE "
                      + t.jobs()
                      + " SET lease_expires_at = ?, version = version + 1"
                      + " WHERE id = ? AND lease_token = ? AND state = 'PROCESSING'")) {
            ps.setLong(1, Rows.micros(expiresAt));
            ps.setString(2, jobId);
            ps.setString(3, leaseToken);
            if (ps.executeUpdate() == 1) {
              return true;
            }
          }
          requireExists(c, jobId);
          return false;
        });
  }

  /**
   * Extends many leases in one transaction, as the engine's heartbeat pass does: one JDBC batch on
   * H2 and PostgreSQL; on MariaDB one statement per lease in the same transaction, since its bulk
   * protocol may answer "no info" per row, which cannot tell a lost lease.
   *
   * @param tokensById each job id with the lease token its worker holds
   * @return the ids whose lease is no longer held (their workers must stop); unknown ids included
   */
  @Override
  public Set<String> heartbeatAll(Map<String, String> tokensById, Instant expiresAt) {
    Map<String, String> copy = new LinkedHashMap<>(tokensById);
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (copy.isEmpty()) {
      return Set.of();
    }
    return tx(
        "heartbeatAll",
        null,
        c -> {
          Set<String> lost = new HashSet<>();
          List<String> ids = new ArrayList<>(copy.keySet());
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE "
                      + t.jobs()
                      + " SET lease_expires_at = ?, version = version + 1"
                      + " WHERE id = ? AND lease_token = ? AND state = 'PROCESSING'")) {
            boolean oneByOne = database() == Database.MARIADB;
            int[] counts = new int[ids.size()];
            for (int i = 0; i < ids.size(); i++) {
              String id = ids.get(i);
              ps.setLong(1, Rows.micros(expiresAt));
              ps.setString(2, id);
              ps.setString(3, copy.get(id));
              if (oneByOne) {
                counts[i] = ps.executeUpdate();
              } else {
                ps.addBatch();
              }
            }
            if (!oneByOne) {
              counts = ps.executeBatch();
            }
            for (int i = 0; i < counts.length; i++) {
              if (counts[i] == 0) {
                lost.add(ids.get(i));
              }
            }
          }
          return lost;
        });
  }

  /** One batched UPDATE in one transaction: a worker's quick jobs cost one commit per batch. */
  @Override
  public Set<String> completeAll(List<Completion> completions, Instant now) {
    List<Completion> copy = List.copyOf(completions);
    Objects.requireNonNull(now, "now");
    if (copy.isEmpty()) {
      return Set.of();
    }
    if (database() == Database.MARIADB) {
      // MariaDB's bulk protocol may answer "no info" per row, which cannot tell a lost lease
      return Storage.super.completeAll(copy, now);
    }
    return tx(
        "completeAll",
        null,
        c -> {
          Set<String> done = new java.util.LinkedHashSet<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE "
                      + t.jobs()
                      + " SET state = 'COMPLETED', lease_owner = NULL, lease_token = NULL,"
                      + " lease_expires_at = NULL, error_code = NULL, error_message = NULL,"
                      + " error_retryable = NULL, error_suggestion = NULL, result = ?,"
                      + " updated_at = ?, version = version + 1"
                      + " WHERE id = ? AND lease_token = ? AND state = 'PROCESSING'")) {
            for (Completion done1 : copy) {
              ps.setString(1, done1.result().orElse(null));
              ps.setLong(2, Rows.micros(now));
              ps.setString(3, done1.jobId());
              ps.setString(4, done1.leaseToken());
              ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
              if (counts[i] > 0) {
                done.add(copy.get(i).jobId());
              }
            }
          }
          return done;
        });
  }

  @Override
  public Job complete(String jobId, String leaseToken, Optional<String> result, Instant now) {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(now, "now");
    return leased(
        "complete",
        jobId,
        leaseToken,
        "state = 'COMPLETED', lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,"
            + " error_code = NULL, error_message = NULL, error_retryable = NULL,"
            + " error_suggestion = NULL, result = ?, updated_at = ?",
        Arrays.asListOf(result.orElse(null), Rows.micros(now)));
  }

  @Override
  public Job fail(String jobId, String leaseToken, JobError error, Instant now) {
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(now, "now");
    return leased(
        "fail",
        jobId,
        leaseToken,
        "state = 'FAILED', lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,"
            + " error_code = ?, error_message = ?, error_retryable = ?, error_suggestion = ?,"
            + " updated_at = ?",
        Arrays.asListOf(
            error.code(),
            error.message(),
            error.retryable(),
            error.suggestion(),
            Rows.micros(now)));
  }

  /** Gives the job back as it was before the claim: the attempt is not counted. */
  @Override
  public Job release(String jobId, String leaseToken, Instant now) {
    Objects.requireNonNull(now, "now");
    return leased(
        "release",
        jobId,
        leaseToken,
        "state = 'PENDING', lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,"
            + " attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, updated_at = ?",
        Arrays.asListOf(Rows.micros(now)));
  }

  /** The job waits until {@code runAt}; like {@link #release}, the attempt is not counted. */
  @Override
  public Job yieldUntil(
      String jobId, String leaseToken, Instant runAt, Optional<String> payload, Instant now) {
    Objects.requireNonNull(runAt, "runAt");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(now, "now");
    return leased(
        "yieldUntil",
        jobId,
        leaseToken,
        "state = 'SCHEDULED', lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,"
            + " attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END,"
            + " scheduled_at = ?, payload = COALESCE(?, payload), updated_at = ?",
        Arrays.asListOf(Rows.micros(runAt), payload.orElse(null), Rows.micros(now)));
  }

  @Override
  public Job retry(String jobId, Instant runAt, Instant now) {
    Objects.requireNonNull(runAt, "runAt");
    Objects.requireNonNull(now, "now");
    return moved(
        "retry",
        jobId,
        Set.of(JobState.FAILED),
        JobState.SCHEDULED,
        "retried",
        "scheduled_at = ?, updated_at = ?",
        Arrays.asListOf(Rows.micros(runAt), Rows.micros(now)));
  }

  @Override
  public Job bury(String jobId, Instant now) {
    Objects.requireNonNull(now, "now");
    return moved(
        "bury",
        jobId,
        Set.of(JobState.FAILED),
        JobState.DEAD,
        "buried",
        "updated_at = ?",
        Arrays.asListOf(Rows.micros(now)));
  }

  /** Takes back every job whose lease expired strictly before {@code now}. */
  @Override
  public int expireLeases(Instant now) {
    Objects.requireNonNull(now, "now");
    return auto(
        "expireLeases",
        null,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE "
                      + t.jobs()
                      + " SET state = 'PENDING', lease_owner = NULL, lease_token = NULL,"
                      + " lease_expires_at = NULL, version = version + 1, updated_at = ?"
                      + " WHERE state = 'PROCESSING' AND lease_expires_at < ?")) {
            ps.setLong(1, Rows.micros(now));
            ps.setLong(2, Rows.micros(now));
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public Job cancel(String jobId, Instant now) {
    Objects.requireNonNull(now, "now");
    return moved(
        "cancel",
        jobId,
        Set.of(JobState.PENDING, JobState.SCHEDULED, JobState.PROCESSING),
        JobState.CANCELLED,
        null,
        "lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, updated_at = ?",
        Arrays.asListOf(Rows.micros(now)));
  }

  /** Back to the queue, due now, attempts reset to 0; the last error stays for reference. */
  @Override
  public Job requeue(String jobId, Instant now) {
    Objects.requireNonNull(now, "now");
    return moved(
        "requeue",
        jobId,
        Set.of(JobState.DEAD),
        JobState.PENDING,
        "re-queued",
        "attempts = 0, scheduled_at = ?, updated_at = ?",
        Arrays.asListOf(Rows.micros(now), Rows.micros(now)));
  }

  @Override
  public boolean progress(
      String jobId, String leaseToken, JobProgress progress, List<StageTiming> stages) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(leaseToken, "leaseToken");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(stages, "stages");
    String stagesText = Rows.stagesText(stages);
    return auto(
        "progress",
        jobId,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE "
                      + t.jobs()
                      + " SET progress_percent = ?, progress_step = ?, progress_eta_ms = ?,"
                      + " stages = ?, version = version + 1"
                      + " WHERE id = ? AND lease_token = ? AND state = 'PROCESSING'")) {
            ps.setDouble(1, progress.percent());
            ps.setString(2, progress.step());
            if (progress.eta().isPresent()) {
              ps.setLong(3, progress.eta().get().toMillis());
            } else {
              ps.setNull(3, Types.BIGINT);
            }
            Rows.setNullable(ps, 4, stagesText);
            ps.setString(5, jobId);
            ps.setString(6, leaseToken);
            if (ps.executeUpdate() == 1) {
              return true;
            }
          }
          requireExists(c, jobId);
          return false;
        });
  }

  @Override
  public void appendLog(String jobId, JobLog entry) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(entry, "entry");
    tx(
        "appendLog",
        jobId,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO "
                      + t.logs()
                      + " (job_id, logged_at, level, message) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, jobId);
            ps.setLong(2, Rows.micros(entry.time()));
            ps.setString(3, entry.level());
            ps.setString(4, entry.message());
            ps.executeUpdate();
          } catch (SQLException e) {
            if (isIntegrityViolation(e)) {
              throw StorageException.notFound(jobId); // the foreign key: no such job
            }
            throw e;
          }
          // keep the last MAX_LOG_LINES; the derived table is for MariaDB, which cannot read the
          // table it deletes from in a subquery
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM "
                      + t.logs()
                      + " WHERE job_id = ? AND id <= (SELECT id FROM (SELECT id FROM "
                      + t.logs()
                      + " WHERE job_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?) x)")) {
            ps.setString(1, jobId);
            ps.setString(2, jobId);
            ps.setInt(3, MAX_LOG_LINES);
            ps.executeUpdate();
          }
          return null;
        });
  }

  /** The job's last {@value #MAX_LOG_LINES} lines, in the order they were appended. */
  @Override
  public List<JobLog> logs(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    return auto(
        "logs",
        jobId,
        c -> {
          List<JobLog> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT logged_at, level, message FROM "
                      + t.logs()
                      + " WHERE job_id = ? ORDER BY id")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(new JobLog(Rows.instant(rs.getLong(1)), rs.getString(2), rs.getString(3)));
              }
            }
          }
          if (out.isEmpty()) {
            requireExists(c, jobId);
          }
          return out;
        });
  }

  // ---- schedule state ----

  @Override
  public Optional<Instant> nextFireTime(String scheduleId) {
    Objects.requireNonNull(scheduleId, "scheduleId");
    return auto(
        "nextFireTime",
        null,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT next_fire_at FROM " + t.schedules() + " WHERE id = ?")) {
            ps.setString(1, scheduleId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(Rows.instant(rs.getLong(1))) : Optional.empty();
            }
          }
        });
  }

  /**
   * A compare-and-set on the row: the first slot is an insert that only one node can make, every
   * later one an {@code UPDATE … WHERE next_fire_at = expected} that only one node can win.
   */
  @Override
  public boolean advanceFireTime(String scheduleId, Optional<Instant> expected, Instant next) {
    Objects.requireNonNull(scheduleId, "scheduleId");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(next, "next");
    return auto(
        "advanceFireTime",
        null,
        c -> {
          if (expected.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(dialect.insertScheduleIfAbsent(t))) {
              ps.setString(1, scheduleId);
              ps.setLong(2, Rows.micros(next));
              return ps.executeUpdate() == 1;
            } catch (SQLException e) {
              if (isIntegrityViolation(e)) {
                return false;
              }
              throw e;
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE "
                      + t.schedules()
                      + " SET next_fire_at = ?, version = version + 1"
                      + " WHERE id = ? AND next_fire_at = ?")) {
            ps.setLong(1, Rows.micros(next));
            ps.setString(2, scheduleId);
            ps.setLong(3, Rows.micros(expected.get()));
            return ps.executeUpdate() == 1;
          }
        });
  }

  // ---- webhooks ----

  @Override
  public void saveWebhook(WebhookRegistration r) {
    Objects.requireNonNull(r, "registration");
    auto(
        "saveWebhook",
        null,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(dialect.upsertWebhook(t))) {
            ps.setString(1, r.id());
            ps.setString(2, r.url());
            ps.setString(3, Rows.stringsText(r.patterns()));
            ps.setString(4, r.secret());
            ps.setBoolean(5, r.active());
            return ps.executeUpdate();
          }
        });
  }

  /** Every registration, in the order each id was first saved. */
  @Override
  public List<WebhookRegistration> webhooks() {
    return auto(
        "webhooks",
        null,
        c -> {
          List<WebhookRegistration> out = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT id, url, patterns, secret, active FROM "
                          + t.webhooks()
                          + " ORDER BY seq");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(
                  new WebhookRegistration(
                      rs.getString(1),
                      rs.getString(2),
                      Rows.strings(rs.getString(3)),
                      rs.getString(4),
                      rs.getBoolean(5)));
            }
          }
          return out;
        });
  }

  @Override
  public boolean deleteWebhook(String id) {
    Objects.requireNonNull(id, "id");
    return auto(
        "deleteWebhook",
        null,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM " + t.webhooks() + " WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() > 0;
          }
        });
  }

  // ---- retention ----

  /**
   * Deletes completed and cancelled jobs last changed before {@code cutoff}, with their logs, in
   * batches of {@value #PURGE_BATCH} (one short transaction each, so a large purge never holds
   * locks for long). Their idempotency keys are freed. Failed and dead jobs are kept.
   *
   * @return how many jobs were removed
   */
  public int purgeFinishedBefore(Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    int total = 0;
    while (true) {
      int n = purgeFinishedBefore(cutoff, PURGE_BATCH);
      total += n;
      if (n < PURGE_BATCH) {
        return total;
      }
    }
  }

  /**
   * Deletes at most {@code max} completed and cancelled jobs last changed before {@code cutoff},
   * with their logs, in one transaction (one indexed {@code SELECT … LIMIT} and one {@code
   * DELETE}).
   */
  @Override
  public int purgeFinishedBefore(Instant cutoff, int max) {
    Objects.requireNonNull(cutoff, "cutoff");
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1 but was " + max);
    }
    return tx(
        "purgeFinishedBefore",
        null,
        c -> {
          List<String> ids = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id FROM "
                      + t.jobs()
                      + " WHERE state IN ('COMPLETED', 'CANCELLED') AND updated_at < ?"
                      + " LIMIT ?")) {
            ps.setLong(1, Rows.micros(cutoff));
            ps.setInt(2, max);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                ids.add(rs.getString(1));
              }
            }
          }
          if (ids.isEmpty()) {
            return 0;
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM "
                      + t.jobs()
                      + " WHERE id IN ("
                      + placeholders(ids.size())
                      + ") AND state IN ('COMPLETED', 'CANCELLED')")) {
            bind(ps, new ArrayList<>(ids));
            return ps.executeUpdate();
          }
        });
  }

  /**
   * Applies the configured {@link Builder#retention}: purges finished jobs last changed more than
   * that long before {@code now}. The engine (or the host) calls it periodically, say hourly; with
   * no retention configured it does nothing.
   *
   * @return how many jobs were removed
   */
  public int purgeExpired(Instant now) {
    Objects.requireNonNull(now, "now");
    return retention.map(r -> purgeFinishedBefore(now.minus(r))).orElse(0);
  }

  /**
   * The configured retention of finished jobs, if any; an engine on this store without a retention
   * of its own purges with it.
   */
  @Override
  public Optional<Duration> retention() {
    return retention;
  }

  /**
   * On PostgreSQL, {@code LISTEN}s on the channel {@code <tablePrefix>work} (lower case) over one
   * connection of its own, taken from the DataSource and held until {@link #close()}; every submit
   * on any node notifies it in its transaction, so the listener runs when that transaction commits.
   * A lost connection is replaced with a backoff, and the listeners run once after a reconnect
   * (notifications sent meanwhile are lost). Elsewhere nothing happens: polling remains.
   */
  @Override
  public void onWorkAvailable(Runnable listener) {
    Objects.requireNonNull(listener, "listener");
    if (dialect.database() != Database.POSTGRESQL) {
      return;
    }
    synchronized (workListeners) {
      if (closed) {
        throw new IllegalStateException("this JdbcStorage is closed");
      }
      workListeners.add(listener);
      if (workListener == null) {
        // one wake-up per batch of notifications: several submits arriving together need one
        workListener =
            new PgListener(
                    dataSource, workChannel(t), (ch, payload) -> {}, this::fireWork, this::fireWork)
                .start();
      }
    }
  }

  /** The NOTIFY channel that a submit wakes other nodes on. */
  static String workChannel(Tables t) {
    return PgListener.channel(t.prefix() + "work");
  }

  /** Whether the LISTEN connection is up (false when none was asked for); for tests. */
  boolean listeningForWork() {
    synchronized (workListeners) {
      return workListener != null && workListener.listening();
    }
  }

  private void fireWork() {
    for (Runnable r : workListeners) {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.warn("mediaflow: a work-available listener failed", e);
      }
    }
  }

  /**
   * Stops the LISTEN connection, if any, and closes the connection pool this store opened itself
   * ({@link #h2}); a host's is left open.
   */
  @Override
  public void close() {
    PgListener l;
    synchronized (workListeners) {
      closed = true;
      l = workListener;
      workListener = null;
      workListeners.clear();
    }
    if (l != null) {
      l.close();
    }
    if (owned != null) {
      closeQuietly(owned);
    }
  }

  @Override
  public String toString() {
    return "JdbcStorage[" + dialect.database() + ", prefix=" + t.prefix() + "]";
  }

  // ---- state changes ----

  /** A change that needs the lease: the token is checked before the state, as in memory. */
  private Job leased(String op, String jobId, String token, String set, List<Object> args) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(token, "leaseToken");
    String sql =
        "UPDATE "
            + t.jobs()
            + " SET "
            + set
            + ", version = version + 1 WHERE id = ? AND lease_token = ? AND state = 'PROCESSING'";
    List<Object> all = new ArrayList<>(args);
    all.add(jobId);
    all.add(token);
    return write(
        op,
        jobId,
        c -> {
          Job job = updateOne(c, sql, all, jobId);
          if (job != null) {
            return job;
          }
          requireExists(c, jobId);
          // only a PROCESSING job holds a lease, and every change here is legal from PROCESSING
          throw StorageException.leaseLost(jobId);
        });
  }

  /** A change allowed from some states only, compare-and-set on the state it was read in. */
  private Job moved(
      String op,
      String jobId,
      Set<JobState> from,
      JobState to,
      String verb,
      String set,
      List<Object> args) {
    Objects.requireNonNull(jobId, "jobId");
    for (int attempt = 1; ; attempt++) {
      JobState current = stateOf(op, jobId);
      if (!from.contains(current)) {
        if (verb == null) {
          JobTransitions.check(jobId, current, to);
        }
        throw illegal(jobId, current, from.iterator().next(), to, verb);
      }
      JobTransitions.check(jobId, current, to);
      String sql =
          "UPDATE "
              + t.jobs()
              + " SET state = ?, "
              + set
              + ", version = version + 1 WHERE id = ? AND state = ?";
      List<Object> all = new ArrayList<>();
      all.add(to.name());
      all.addAll(args);
      all.add(jobId);
      all.add(current.name());
      Job job = write(op, jobId, c -> updateOne(c, sql, all, jobId));
      if (job != null) {
        return job;
      }
      if (attempt >= RETRIES) {
        throw new StorageException(
            STORAGE_FAILED,
            "could not " + op + " job " + jobId + ": it kept changing under us",
            "retry");
      }
      // someone changed the job between our read and our write: decide again on its new state
    }
  }

  private JobState stateOf(String op, String jobId) {
    return auto(
        op,
        jobId,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT state FROM " + t.jobs() + " WHERE id = ?")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw StorageException.notFound(jobId);
              }
              return JobState.valueOf(rs.getString(1));
            }
          }
        });
  }

  private static MediaFlowException illegal(
      String jobId, JobState current, JobState from, JobState to, String verb) {
    return new MediaFlowException(
        JobTransitions.ILLEGAL_TRANSITION,
        "job "
            + jobId
            + " cannot go from "
            + current
            + " to "
            + to
            + " here: only a "
            + from
            + " job can be "
            + verb,
        current.isTerminal()
            ? "the job is " + current + " and can no longer change"
            : "wait until the job is " + from);
  }

  /** Runs an UPDATE of one job and returns the job as written, or null if no row matched. */
  private Job updateOne(Connection c, String sql, List<Object> args, String jobId)
      throws SQLException {
    if (dialect.updateReturning()) {
      try (PreparedStatement ps = c.prepareStatement(sql + " RETURNING *")) {
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? read(rs) : null;
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      if (ps.executeUpdate() == 0) {
        return null;
      }
    }
    return load(c, jobId);
  }

  private Job load(Connection c, String jobId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + t.jobs() + " WHERE id = ?")) {
      ps.setString(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? read(rs) : null;
      }
    }
  }

  private void requireExists(Connection c, String jobId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + t.jobs() + " WHERE id = ?")) {
      ps.setString(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw StorageException.notFound(jobId);
        }
      }
    }
  }

  private static Job read(ResultSet rs) throws SQLException {
    try {
      return Rows.job(rs);
    } catch (Rows.CorruptRow e) {
      throw new StorageException(
          CORRUPT_ROW,
          e.getMessage(),
          "inspect the row; it goes to DEAD with CORRUPT_ROW when a worker claims it",
          e);
    }
  }

  // ---- connections and failures ----

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** A statement or two in auto-commit mode. */
  private <T> T auto(String op, String jobId, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true);
      }
      return work.run(c);
    } catch (SQLException e) {
      throw failure(op, jobId, e);
    }
  }

  /** One change that is atomic with reading it back: one statement where RETURNING exists. */
  private <T> T write(String op, String jobId, Work<T> work) {
    return dialect.updateReturning() ? auto(op, jobId, work) : tx(op, jobId, work);
  }

  /** A transaction, tried again from the start when the database picked it as a deadlock victim. */
  private <T> T tx(String op, String jobId, Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        boolean auto = c.getAutoCommit();
        int isolation = dialect.transactionIsolation();
        // asked only when needed: PostgreSQL's driver answers with a round trip
        int previousIsolation =
            isolation == Connection.TRANSACTION_NONE ? isolation : c.getTransactionIsolation();
        boolean changeIsolation = previousIsolation != isolation;
        if (changeIsolation) {
          c.setTransactionIsolation(isolation);
        }
        if (auto) {
          c.setAutoCommit(false);
        }
        try {
          T out = work.run(c);
          c.commit();
          return out;
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly(c);
          throw e;
        } finally {
          if (auto) {
            c.setAutoCommit(true);
          }
          if (changeIsolation) {
            // the connection may go back to the host's pool: leave it as we found it
            c.setTransactionIsolation(previousIsolation);
          }
        }
      } catch (SQLException e) {
        if (attempt < CONFLICT_RETRIES && isRetryableConflict(e)) {
          backOffAfterConflict(attempt);
          continue;
        }
        throw failure(op, jobId, e);
      }
    }
  }

  /**
   * Waits a short, random, growing time before a transaction that lost a deadlock runs again, so
   * that the transactions which collided do not collide again in lock step.
   */
  private static void backOffAfterConflict(int attempt) {
    long maxMicros = Math.min(50_000L, 500L << Math.min(attempt, 10));
    long micros =
        java.util.concurrent.ThreadLocalRandom.current().nextLong(maxMicros / 2, maxMicros);
    java.util.concurrent.locks.LockSupport.parkNanos(micros * 1_000L);
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is likely gone; the database rolls back what it had
    }
  }

  private StorageException failure(String op, String jobId, SQLException e) {
    String where = jobId == null ? "" : " job " + jobId;
    String detail = e.getMessage() + " (SQLState " + e.getSQLState() + ")";
    if (isConnectionProblem(e) || isRetryableConflict(e)) {
      return new StorageException(
          StorageException.STORAGE_UNAVAILABLE,
          dialect.database() + " storage is unavailable: " + op + where + " failed: " + detail,
          "the call may be retried; check that the database is up and reachable",
          e);
    }
    return new StorageException(
        STORAGE_FAILED,
        dialect.database() + " storage failed to " + op + where + ": " + detail,
        "check the database log and the schema (SchemaMode.VALIDATE)",
        e);
  }

  static boolean isConnectionProblem(SQLException e) {
    for (Throwable x = e; x != null; x = x.getCause()) {
      if (x instanceof java.sql.SQLTransientConnectionException
          || x instanceof java.sql.SQLNonTransientConnectionException
          || x instanceof java.sql.SQLRecoverableException
          || x instanceof java.sql.SQLTimeoutException
          || x instanceof java.io.IOException) {
        return true;
      }
      if (x instanceof SQLException s) {
        String state = s.getSQLState();
        if (state != null && (state.startsWith("08") || state.equals("57P01"))) {
          return true;
        }
        // H2: connection broken, database closed, server not reachable
        int code = s.getErrorCode();
        if (code == 90067 || code == 90098 || code == 90121 || code == 90028 || code == 90020) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isRetryableConflict(SQLException e) {
    String state = e.getSQLState();
    // serialization failure, deadlock (PostgreSQL, MariaDB, H2), lock timeout
    return state != null
        && (state.equals("40001") || state.equals("40P01") || state.equals("HYT00"));
  }

  private static boolean isIntegrityViolation(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      String state = x.getSQLState();
      if (state != null && state.startsWith("23")) {
        return true;
      }
      if (x instanceof java.sql.SQLIntegrityConstraintViolationException) {
        return true;
      }
    }
    return false;
  }

  /** Thrown inside a submit transaction to roll it back and read the clashing key's job. */
  private static final class KeyClash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KeyClash() {
      super(null, null, false, false);
    }
  }

  private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      Object v = args.get(i);
      if (v == null) {
        ps.setNull(i + 1, Types.VARCHAR);
      } else if (v instanceof String s) {
        ps.setString(i + 1, s);
      } else if (v instanceof Long l) {
        ps.setLong(i + 1, l);
      } else if (v instanceof Integer n) {
        ps.setInt(i + 1, n);
      } else if (v instanceof Boolean b) {
        ps.setBoolean(i + 1, b);
      } else {
        throw new IllegalArgumentException("cannot bind " + v.getClass());
      }
    }
  }

  private static String placeholders(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.warn("mediaflow: closing {} failed", c, e);
    }
  }

  /** A list that may hold nulls (List.of may not). */
  private static final class Arrays {
    static List<Object> asListOf(Object... values) {
      return java.util.Arrays.asList(values);
    }
  }

  // ---- configuration ----

  /**
   * Configures a {@link JdbcStorage}. Each option may be set once; {@link #build()} connects,
   * detects the database unless {@link #dialect} was set, prepares the schema and logs the result.
   */
  public static final class Builder {
    private final DataSource dataSource;
    private Database database;
    private String tablePrefix;
    private SchemaMode schema;
    private Duration retention;
    private AutoCloseable owned;
    private String description;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The database to speak, instead of the one detected from the connection. */
    public Builder dialect(Database value) {
      Objects.requireNonNull(value, "dialect");
      once(database, "dialect");
      database = value;
      return this;
    }

    /**
     * The prefix of every table and index name (default {@value #DEFAULT_TABLE_PREFIX}): a letter,
     * then up to 29 letters, digits or underscores. Lets several stores share one database.
     */
    public Builder tablePrefix(String value) {
      Objects.requireNonNull(value, "tablePrefix");
      once(tablePrefix, "tablePrefix");
      if (!PREFIX.matcher(value).matches()) {
        throw new IllegalArgumentException(
            "tablePrefix must be a letter then up to 29 letters, digits or underscores but was '"
                + value
                + "'");
      }
      tablePrefix = value;
      return this;
    }

    /** What to do about the tables on start; default {@link SchemaMode#AUTO}. */
    public Builder schema(SchemaMode value) {
      Objects.requireNonNull(value, "schema");
      once(schema, "schema");
      schema = value;
      return this;
    }

    /**
     * How long completed and cancelled jobs are kept; {@link JdbcStorage#purgeExpired} deletes
     * older ones. Default: kept until purged by hand.
     */
    public Builder retention(Duration value) {
      Objects.requireNonNull(value, "retention");
      once(retention, "retention");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("retention must be positive but was " + value);
      }
      retention = value;
      return this;
    }

    Builder closing(AutoCloseable resource, String url) {
      owned = resource;
      description = Urls.redact(url);
      return this;
    }

    private static void once(Object current, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " was already set to " + current);
      }
    }

    /**
     * Connects, detects the dialect, prepares the schema and returns the store.
     *
     * @throws StorageException {@link StorageException#STORAGE_UNAVAILABLE} naming the URL (never
     *     the password) when the database cannot be reached; {@link #SCHEMA_MISMATCH} when the
     *     schema is missing (VALIDATE) or newer than this library
     */
    public JdbcStorage build() {
      String prefix = tablePrefix == null ? DEFAULT_TABLE_PREFIX : tablePrefix;
      SchemaMode mode = schema == null ? SchemaMode.AUTO : schema;
      Tables tables = new Tables(prefix);
      String where = description != null ? description : Urls.describe(dataSource);
      Dialect dialect;
      try (Connection c = dataSource.getConnection()) {
        String product = c.getMetaData().getDatabaseProductName();
        String version = c.getMetaData().getDatabaseProductVersion();
        Optional<Database> detected = Dialect.detect(product);
        Database chosen;
        if (database != null) {
          chosen = database;
          LOG.info(
              "mediaflow: JDBC storage on {} {} using the {} dialect (set explicitly)",
              product,
              version,
              chosen);
        } else {
          chosen =
              detected.orElseThrow(
                  () ->
                      new StorageException(
                          STORAGE_FAILED,
                          "cannot tell which SQL dialect "
                              + product
                              + " speaks: JdbcStorage knows H2, PostgreSQL and MariaDB/MySQL",
                          "set one with JdbcStorage.builder(ds).dialect(Database.POSTGRESQL)"));
          LOG.info(
              "mediaflow: JDBC storage on {} {} using the {} dialect (detected)",
              product,
              version,
              chosen);
        }
        dialect = Dialect.of(chosen);
        Schema.prepare(c, mode, dialect, tables);
      } catch (SQLException e) {
        if (isConnectionProblem(e)) {
          throw new StorageException(
              StorageException.STORAGE_UNAVAILABLE,
              "cannot connect to the database at " + where + ": " + e.getMessage(),
              "check that the database is running and that the URL, port and user are right",
              e);
        }
        throw new StorageException(
            STORAGE_FAILED,
            "cannot prepare the mediaflow schema at " + where + ": " + e.getMessage(),
            "check the user's rights to create tables, or create them by hand (docs/storage.md)",
            e);
      }
      JdbcStorage storage =
          new JdbcStorage(dataSource, dialect, tables, Optional.ofNullable(retention), owned);
      LOG.info(
          "mediaflow: JdbcStorage ready: database={}, url={}, tablePrefix={}, schema={},"
              + " retention={}",
          dialect.database(),
          where,
          prefix,
          mode,
          retention == null ? "none" : retention);
      return storage;
    }
  }
}
