package io.mediaflow.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobProgress;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.Lease;
import io.mediaflow.api.job.StageTiming;
import io.mediaflow.api.job.WaitReason;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Between rows and jobs: instants as epoch microseconds, stages as JSON text. */
final class Rows {

  static final String INSERT_COLUMNS =
      "id, type, payload, priority, state, attempts, max_attempts, created_at, scheduled_at,"
          + " updated_at, progress_percent, progress_step, parent_id, correlation_id,"
          + " idempotency_key, rule_id, rule_name, version";

  static final String INSERT_PLACEHOLDERS = "?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 0, '', ?, ?, ?, ?, ?, 1";

  /** How many parameters {@link #bindInsert} binds; a statement's own come after them. */
  static final int INSERT_PARAMETERS = 14;

  private Rows() {}

  /** A row that cannot be read back into a job. */
  static final class CorruptRow extends Exception {
    private static final long serialVersionUID = 1L;
    final String jobId;

    CorruptRow(String jobId, String what, Throwable cause) {
      super("job " + jobId + " has a corrupt row: " + what, cause);
      this.jobId = jobId;
    }
  }

  /**
   * Epoch microseconds, exact up to {@link io.mediaflow.api.store.Wait#FOREVER} and beyond ({@code
   * ChronoUnit.MICROS.between} counts in nanoseconds first, which overflows after the year 2262).
   */
  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  /** The instant as the store keeps it. */
  static Instant truncate(Instant t) {
    return t.truncatedTo(ChronoUnit.MICROS);
  }

  /** Binds a new job in {@link #INSERT_COLUMNS} order. */
  static void bindInsert(PreparedStatement ps, Job j) throws SQLException {
    ps.setString(1, j.id());
    ps.setString(2, j.type());
    ps.setString(3, j.payload());
    ps.setInt(4, j.priority());
    ps.setString(5, j.state().name());
    ps.setInt(6, j.maxAttempts());
    ps.setLong(7, micros(j.createdAt()));
    ps.setLong(8, micros(j.scheduledAt()));
    ps.setLong(9, micros(j.updatedAt()));
    setNullable(ps, 10, j.parentId().orElse(null));
    ps.setString(11, j.correlationId());
    setNullable(ps, 12, j.idempotencyKey().isEmpty() ? null : j.idempotencyKey());
    ps.setString(13, j.ruleId());
    ps.setString(14, j.ruleName());
  }

  static void setNullable(PreparedStatement ps, int i, String value) throws SQLException {
    if (value == null) {
      ps.setNull(i, Types.VARCHAR);
    } else {
      ps.setString(i, value);
    }
  }

  static Job job(ResultSet rs) throws SQLException, CorruptRow {
    String id = rs.getString("id");
    try {
      Optional<Lease> lease = Optional.empty();
      String token = rs.getString("lease_token");
      if (token != null) {
        long expires = rs.getLong("lease_expires_at");
        lease = Optional.of(new Lease(rs.getString("lease_owner"), token, instant(expires)));
      }
      long eta = rs.getLong("progress_eta_ms");
      Optional<Duration> etaValue =
          rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(eta));
      JobProgress progress =
          new JobProgress(
              rs.getDouble("progress_percent"), rs.getString("progress_step"), etaValue);
      Optional<JobError> error = Optional.empty();
      String code = rs.getString("error_code");
      if (code != null) {
        String message = rs.getString("error_message");
        error =
            Optional.of(
                new JobError(
                    code,
                    message == null ? "" : message,
                    rs.getBoolean("error_retryable"),
                    rs.getString("error_suggestion")));
      }
      String key = rs.getString("idempotency_key");
      String type = rs.getString("type");
      int maxAttempts = rs.getInt("max_attempts");
      // what a submit can never have written: such a job could never run as asked
      if (type == null || type.isBlank()) {
        throw new IllegalArgumentException("the type is blank");
      }
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("max_attempts is " + maxAttempts + ", not at least 1");
      }
      return new Job(
          id,
          type,
          rs.getString("payload"),
          rs.getInt("priority"),
          JobState.valueOf(rs.getString("state")),
          rs.getInt("attempts"),
          maxAttempts,
          instant(rs.getLong("created_at")),
          instant(rs.getLong("scheduled_at")),
          instant(rs.getLong("updated_at")),
          lease,
          progress,
          stages(rs.getString("stages")),
          error,
          Optional.ofNullable(rs.getString("result")),
          Optional.ofNullable(rs.getString("parent_id")),
          rs.getString("correlation_id"),
          key == null ? "" : key,
          rs.getString("rule_id"),
          ruleName(rs),
          waitReason(rs.getString("wait_reason")),
          rs.getLong("version"));
    } catch (RuntimeException e) {
      throw new CorruptRow(id, e.getMessage(), e);
    }
  }

  /**
   * The rule name, empty on a row read from a schema before version 8 (a store built with {@code
   * SchemaMode.NONE} on a database not upgraded yet, as the upgrade tests do): a missing column is
   * the driver's own complaint about the label, before anything reaches the database.
   */
  private static String ruleName(ResultSet rs) throws SQLException {
    try {
      return rs.getString("rule_name");
    } catch (SQLException e) {
      if (rs.isClosed()) {
        throw e;
      }
      return "";
    }
  }

  /**
   * Whether the row counts under a concurrency limit; false on a row read from a schema before
   * version 6, which has no {@code limit_key} (as {@link #ruleName} explains).
   */
  static boolean limited(ResultSet rs) throws SQLException {
    try {
      return rs.getString("limit_key") != null;
    } catch (SQLException e) {
      if (rs.isClosed()) {
        throw e;
      }
      return false;
    }
  }

  private static Optional<WaitReason> waitReason(String text) {
    return text == null ? Optional.empty() : Optional.of(WaitReason.valueOf(text));
  }

  static String stagesText(List<StageTiming> stages) {
    if (stages.isEmpty()) {
      return null;
    }
    return JsonText.write(
        g -> {
          g.writeStartArray();
          for (StageTiming s : stages) {
            g.writeStartObject();
            g.writeStringField("stage", s.stage());
            g.writeNumberField("startedAt", micros(s.startedAt()));
            if (s.endedAt().isPresent()) {
              g.writeNumberField("endedAt", micros(s.endedAt().get()));
            }
            if (s.error().isPresent()) {
              g.writeStringField("error", s.error().get());
            }
            g.writeEndObject();
          }
          g.writeEndArray();
        });
  }

  static List<StageTiming> stages(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    JsonNode parsed = JsonText.read(text);
    if (!parsed.isArray()) {
      throw new IllegalArgumentException("stages is not a JSON array");
    }
    List<StageTiming> out = new ArrayList<>(parsed.size());
    for (JsonNode o : parsed) {
      JsonNode stage = o.get("stage");
      JsonNode started = o.get("startedAt");
      if (stage == null || !stage.isTextual() || !JsonText.isLong(started)) {
        throw new IllegalArgumentException("a stage lacks its name or start: " + o);
      }
      JsonNode ended = o.get("endedAt");
      JsonNode error = o.get("error");
      out.add(
          new StageTiming(
              stage.textValue(),
              instant(started.longValue()),
              JsonText.isLong(ended) ? Optional.of(instant(ended.longValue())) : Optional.empty(),
              error != null && error.isTextual()
                  ? Optional.of(error.textValue())
                  : Optional.empty()));
    }
    return out;
  }

  static String stringsText(List<String> values) {
    return JsonText.write(
        g -> {
          g.writeStartArray();
          for (String v : values) {
            g.writeString(v);
          }
          g.writeEndArray();
        });
  }

  /** The strings of a JSON array; other items as their JSON text, anything but an array as none. */
  static List<String> strings(String text) {
    JsonNode parsed = JsonText.read(text);
    List<String> out = new ArrayList<>();
    if (parsed.isArray()) {
      for (JsonNode o : parsed) {
        out.add(o.isTextual() ? o.textValue() : o.toString());
      }
    }
    return out;
  }
}
