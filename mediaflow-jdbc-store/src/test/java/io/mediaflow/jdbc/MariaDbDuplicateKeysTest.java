package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.testkit.SimplePool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The MariaDB driver logs every error the server sends as a warning ({@code ErrorPacket}), so a
 * duplicate key that is part of the contract (an idempotency key taken, a schedule slot already
 * recorded) must not reach the server as an error: a host would see a warning in production.
 */
@Timeout(60)
class MariaDbDuplicateKeysTest {

  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  private final String prefix = TestDatabases.uniquePrefix();
  private SimplePool pool;
  private JdbcStorage storage;

  @BeforeEach
  void connect() {
    pool = TestDatabases.mariadb();
    storage = JdbcStorage.builder(pool).tablePrefix(prefix).build();
  }

  @AfterEach
  void dropTables() {
    if (storage != null) {
      storage.close();
    }
    TestDatabases.drop(pool, prefix);
    if (pool != null) {
      pool.close();
    }
  }

  @Test
  void the_driver_log_is_seen_here_when_the_server_sends_an_error() {
    // the other tests assert an empty driver log: this one shows that it would not be empty
    String log =
        Stderr.of(
            () -> {
              try (Connection c = pool.getConnection();
                  Statement s = c.createStatement()) {
                s.execute("SELECT * FROM " + prefix + "no_such_table");
              } catch (SQLException expected) {
                // what the driver logs is what this test looks at
              }
            });

    assertThat(log).contains("WARN org.mariadb.jdbc.message.server.ErrorPacket", "no_such_table");
  }

  @Test
  void a_submit_that_loses_the_race_for_an_idempotency_key_logs_nothing() throws Exception {
    Job theirs = Job.submitted(JobRequest.of("t", "theirs").withIdempotencyKey("raced"), T0, T0);
    String log;
    try (Connection other = pool.getConnection()) {
      // another node inserts the key and has not committed yet: our submit does not see it when
      // it reads the key, and its insert waits for the other transaction, then finds the key taken
      other.setAutoCommit(false);
      try (PreparedStatement ps = other.prepareStatement(sqlOf().insertJob)) {
        Rows.bindInsert(ps, theirs);
        ps.executeUpdate();
      }
      CompletableFuture<Job> ours = new CompletableFuture<>();
      log =
          Stderr.of(
              () -> {
                Thread submitter =
                    new Thread(
                        () -> {
                          try {
                            ours.complete(
                                storage
                                    .jobs()
                                    .submit(
                                        JobRequest.of("t", "ours").withIdempotencyKey("raced"),
                                        T0));
                          } catch (RuntimeException e) {
                            ours.completeExceptionally(e);
                          }
                        });
                submitter.start();
                awaitInsertUnderWay();
                commit(other);
                ours.join();
              });

      assertThat(ours.get(30, TimeUnit.SECONDS).id()).isEqualTo(theirs.id());
    }
    assertThat(log).doesNotContain("ErrorPacket", "WARN", "ERROR");
    assertThat(storage.jobs().query(JobQuery.all()).total()).isEqualTo(1);
  }

  @Test
  void a_second_submit_of_an_idempotency_key_logs_nothing() {
    Job first = storage.jobs().submit(JobRequest.of("t", "a").withIdempotencyKey("k"), T0);

    String log =
        Stderr.of(
            () ->
                assertThat(
                        storage
                            .jobs()
                            .submitAll(
                                java.util.List.of(
                                    JobRequest.of("t", "b").withIdempotencyKey("k"),
                                    JobRequest.of("t", "c").withIdempotencyKey("other")),
                                T0))
                    .first()
                    .extracting(Job::id)
                    .isEqualTo(first.id()));

    assertThat(log).doesNotContain("ErrorPacket", "WARN", "ERROR");
  }

  @Test
  void recording_a_first_schedule_slot_that_is_already_recorded_logs_nothing() {
    assertThat(storage.schedules().advanceFireTime("nightly", Optional.empty(), T0)).isTrue();

    String log =
        Stderr.of(
            () ->
                assertThat(
                        storage
                            .schedules()
                            .advanceFireTime("nightly", Optional.empty(), T0.plusSeconds(60)))
                    .isFalse());

    assertThat(log).doesNotContain("ErrorPacket", "WARN", "ERROR");
    assertThat(storage.schedules().nextFireTime("nightly")).contains(T0);
  }

  @Test
  void saving_a_webhook_again_logs_nothing() {
    var hook =
        io.mediaflow.api.store.WebhookRegistration.builder("hook", "https://example.com/a")
            .patterns("job.*")
            .secret("s")
            .build();
    storage.webhooks().save(hook);

    String log = Stderr.of(() -> storage.webhooks().save(hook));

    assertThat(log).doesNotContain("ErrorPacket", "WARN", "ERROR");
    assertThat(storage.webhooks().list()).containsExactly(hook);
  }

  @Test
  void a_log_line_for_a_job_that_is_gone_is_refused_without_a_server_error() {
    Job job = storage.jobs().submit(JobRequest.of("t", "a"), T0);
    storage.jobs().cancel(job.id(), T0);
    storage.jobs().delete(job.id());

    String log =
        Stderr.of(
            () ->
                assertThatThrownBy(
                        () ->
                            storage
                                .jobs()
                                .appendLog(
                                    job.id(),
                                    new io.mediaflow.api.job.JobLog(T0, "INFO", "late line")))
                    .isInstanceOf(io.mediaflow.api.store.StorageException.class)
                    .hasMessageContaining(job.id()));

    assertThat(log).doesNotContain("ErrorPacket", "WARN", "ERROR");
  }

  private JobSql sqlOf() {
    return new JobSql(Dialect.of(Database.MARIADB), new Tables(prefix));
  }

  /**
   * Waits until the submit runs its insert, which cannot end before the other transaction does: its
   * read of the key is behind it and missed the uncommitted row. (INNODB_TRX does not always list a
   * transaction that waits before its first write; the process list shows the statement.)
   */
  private void awaitInsertUnderWay() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                    + " WHERE COMMAND = 'Query' AND INFO LIKE ?")) {
      ps.setString(1, "INSERT INTO " + prefix + "jobs%");
      while (true) {
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getInt(1) > 0) {
            return;
          }
        }
        assertThat(System.nanoTime()).as("the submit inserts in time").isLessThan(deadline);
        Thread.sleep(10);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void commit(Connection c) {
    try {
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
