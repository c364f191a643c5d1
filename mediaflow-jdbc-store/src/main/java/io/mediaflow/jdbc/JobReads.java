package io.mediaflow.jdbc;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobLog;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.Page;
import io.mediaflow.api.store.StorageException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the JDBC job store reads without changing anything: jobs, pages, counts and logs. */
final class JobReads {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcStorage.class);

  private final Transactions db;
  private final JobSql sql;

  JobReads(Transactions db, JobSql sql) {
    this.db = db;
    this.sql = sql;
  }

  Optional<Job> find(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    return db.auto("find", jobId, c -> Optional.ofNullable(load(c, jobId)));
  }

  /** Newest first; one statement counts the matches and one reads the page. */
  Page<Job> query(JobQuery q) {
    Objects.requireNonNull(q, "query");
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (!q.states().isEmpty()) {
      where.append(" AND state IN (").append(Sql.placeholders(q.states().size())).append(')');
      q.states().stream().map(JobState::name).sorted().forEach(args::add);
    }
    filter(where, args, " AND type = ?", q.type());
    filter(where, args, " AND rule_id = ?", q.ruleId());
    filter(where, args, " AND parent_id = ?", q.parentId());
    if (!q.text().isEmpty()) {
      where.append(JobSql.TEXT_FILTER);
      String pattern = q.textLikePattern();
      for (int i = 0; i < JobSql.TEXT_COLUMNS; i++) {
        args.add(pattern);
      }
    }
    q.createdFrom()
        .ifPresent(from -> filter(where, args, " AND created_at >= ?", Rows.micros(from)));
    q.createdTo().ifPresent(to -> filter(where, args, " AND created_at < ?", Rows.micros(to)));
    return db.auto(
        "query",
        null,
        c -> {
          long total = Sql.list(c, sql.count(where.toString()), rs -> rs.getLong(1), args).get(0);
          long offset = (long) q.page() * q.size();
          List<Job> items = List.of();
          if (offset < total) {
            List<Object> all = new ArrayList<>(args);
            all.add(q.size());
            all.add(offset);
            items = Sql.list(c, sql.page(where.toString()), JobReads::read, all);
          }
          return new Page<>(items, q.page(), q.size(), total);
        });
  }

  private static void filter(StringBuilder where, List<Object> args, String clause, Object value) {
    if (!"".equals(value)) {
      where.append(clause);
      args.add(value);
    }
  }

  /** Every state, with zero for states that have no job. */
  Map<JobState, Long> countByState() {
    return db.auto(
        "countByState",
        null,
        c -> {
          Map<JobState, Long> out = new EnumMap<>(JobState.class);
          for (JobState s : JobState.values()) {
            out.put(s, 0L);
          }
          Sql.list(
              c,
              sql.countByState,
              rs -> {
                try {
                  out.put(JobState.valueOf(rs.getString(1)), rs.getLong(2));
                } catch (IllegalArgumentException e) {
                  LOG.warn(
                      "mediaflow: {} rows have an unknown state '{}'",
                      rs.getLong(2),
                      rs.getString(1));
                }
                return null;
              },
              List.of());
          return out;
        });
  }

  Optional<Instant> oldestDue(Instant now) {
    Objects.requireNonNull(now, "now");
    return db.auto(
        "oldestDue",
        null,
        c ->
            Sql.first(
                c,
                sql.oldestDue,
                rs -> {
                  long v = rs.getLong(1);
                  return rs.wasNull() ? null : Rows.instant(v);
                },
                Rows.micros(now)));
  }

  /** The job's last lines, in the order they were appended. */
  List<JobLog> logs(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    return db.auto(
        "logs",
        jobId,
        c -> {
          List<JobLog> out =
              Sql.list(
                  c,
                  sql.logs,
                  rs -> new JobLog(Rows.instant(rs.getLong(1)), rs.getString(2), rs.getString(3)),
                  List.of(jobId));
          if (out.isEmpty()) {
            requireExists(c, jobId);
          }
          return out;
        });
  }

  /** The plan kept for the job; {@link StorageException#JOB_NOT_FOUND} for an unknown job. */
  Optional<String> plan(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    return db.auto("plan", jobId, c -> Sql.first(c, sql.plan, rs -> rs.getString(1), jobId));
  }

  /** The job as stored, or null. */
  Job load(Connection c, String jobId) throws SQLException {
    return Sql.first(c, sql.load, JobReads::read, jobId).orElse(null);
  }

  /** Throws {@link StorageException#JOB_NOT_FOUND} unless the job exists. */
  void requireExists(Connection c, String jobId) throws SQLException {
    if (Sql.first(c, sql.exists, rs -> Boolean.TRUE, jobId).isEmpty()) {
      throw StorageException.notFound(jobId);
    }
  }

  /** A row as a job; a row that cannot be read is {@link JdbcStorage#CORRUPT_ROW}. */
  static Job read(ResultSet rs) throws SQLException {
    try {
      return Rows.job(rs);
    } catch (Rows.CorruptRow e) {
      throw new StorageException(
          JdbcStorage.CORRUPT_ROW,
          e.getMessage(),
          "inspect the row; it goes to DEAD with CORRUPT_ROW when a worker claims it",
          e);
    }
  }
}
