package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.Completion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What the plan tests share: PostgreSQL's plan of a statement, and jobs made running for it. */
final class Plans {

  private Plans() {}

  /** The plan PostgreSQL would run {@code statement} with, for these arguments, as text. */
  static String explain(Connection c, String statement, List<Object> args) throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + statement)) {
      Sql.bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
    }
    return plan.toString();
  }

  /**
   * The arguments of a completion from arrays for {@code jobs} (ids, lease tokens, no results, then
   * the time three times), as {@code JobBatches} binds them.
   */
  static List<Object> completionArgs(Connection c, List<Job> jobs, Instant now)
      throws SQLException {
    long micros = Rows.micros(now);
    return List.of(
        c.createArrayOf("varchar", jobs.stream().map(Job::id).toArray(String[]::new)),
        c.createArrayOf("varchar", jobs.stream().map(Plans::token).toArray(String[]::new)),
        c.createArrayOf("text", new String[jobs.size()]),
        micros,
        micros,
        micros);
  }

  /** Claims {@code n} jobs of {@code type} for one node, 500 at a time. */
  static List<Job> claim(JdbcStorage storage, int n, String type, Instant now) {
    List<Job> running = new ArrayList<>();
    while (running.size() < n) {
      List<Job> got =
          storage
              .jobs()
              .claim(new ClaimRequest("node", 500, Duration.ofMinutes(5), now, Set.of(type)));
      if (got.isEmpty()) {
        throw new AssertionError("only " + running.size() + " of " + n + " jobs to claim");
      }
      running.addAll(got);
    }
    return running;
  }

  /**
   * Completes {@code batch} through the store (result {@code "ok"}) and checks that every job of it
   * is {@code COMPLETED} with that result.
   */
  static void completeAndCheck(JdbcStorage storage, List<Job> batch, Instant at) {
    Set<String> done =
        storage
            .jobs()
            .completeAll(
                batch.stream()
                    .map(j -> new Completion(j.id(), token(j), Optional.of("ok")))
                    .toList(),
                at);
    assertThat(done).hasSize(batch.size());
    for (Job j : batch) {
      Job after = storage.jobs().find(j.id()).orElseThrow();
      assertThat(after.state()).isEqualTo(JobState.COMPLETED);
      assertThat(after.result()).contains("ok");
    }
  }

  /** A running job's lease token. */
  static String token(Job j) {
    return j.lease().orElseThrow().token();
  }
}
