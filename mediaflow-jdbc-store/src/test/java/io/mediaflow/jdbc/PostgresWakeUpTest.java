package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.JobRequest;
import io.mediaflow.testkit.SimplePool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** LISTEN/NOTIFY: a submit on one store wakes the listeners of another at once. */
// resources opened for what they do while open (a subscription, a scope, a socket)
@SuppressWarnings("try")
@Timeout(60)
class PostgresWakeUpTest {

  private static final String PREFIX = TestDatabases.uniquePrefix();
  private static SimplePool pool;

  @BeforeAll
  static void connect() {
    pool = TestDatabases.postgres();
  }

  @AfterAll
  static void dropTables() {
    TestDatabases.drop(pool, PREFIX);
    if (pool != null) {
      pool.close();
    }
  }

  @Test
  void a_submit_on_one_node_wakes_another_within_a_second_and_survives_a_killed_listener()
      throws Exception {
    try (JdbcStorage a = JdbcStorage.builder(pool).tablePrefix(PREFIX).build();
        JdbcStorage b = JdbcStorage.builder(pool).tablePrefix(PREFIX).build()) {
      Semaphore woken = new Semaphore(0);
      b.jobs().onWorkAvailable(woken::release);
      awaitListening(b);
      woken.drainPermits();

      long t0 = System.nanoTime();
      a.jobs().submit(JobRequest.of("wake", "{}"), Instant.now());
      assertThat(woken.tryAcquire(1, TimeUnit.SECONDS)).as("woken within 1 s").isTrue();
      long micros = (System.nanoTime() - t0) / 1_000;
      System.out.println("wake-up after submit: " + micros + " µs");

      // kill the LISTEN connection from the server side; the store reconnects by itself
      int killed = terminateListeners(PreparedStatements.channel(PREFIX));
      assertThat(killed).as("LISTEN backends terminated").isGreaterThanOrEqualTo(1);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline) {
        Thread.sleep(50);
        if (b.listeningForWork() && listenerBackends(PreparedStatements.channel(PREFIX)) > 0) {
          break;
        }
      }
      awaitListening(b);
      woken.drainPermits();
      a.jobs().submit(JobRequest.of("wake", "{}"), Instant.now());
      assertThat(woken.tryAcquire(1, TimeUnit.SECONDS))
          .as("woken within 1 s after the reconnect")
          .isTrue();
    }
  }

  @Test
  void each_submit_wakes_the_listeners_once_and_the_listening_connection_goes_back_as_it_came()
      throws Exception {
    try (JdbcStorage a = JdbcStorage.builder(pool).tablePrefix(PREFIX).build();
        JdbcStorage b = JdbcStorage.builder(pool).tablePrefix(PREFIX).build()) {
      Semaphore woken = new Semaphore(0);
      b.jobs().onWorkAvailable(woken::release);
      awaitListening(b);
      woken.drainPermits();
      long[] micros = new long[15];
      for (int i = 0; i < micros.length; i++) {
        a.jobs().submit(JobRequest.of("wake", "{}"), Instant.now());
        long acked = System.nanoTime();
        assertThat(woken.tryAcquire(1, TimeUnit.SECONDS)).as("woken within 1 s").isTrue();
        micros[i] = (System.nanoTime() - acked) / 1_000;
        assertThat(woken.tryAcquire(50, TimeUnit.MILLISECONDS))
            .as("one wake-up per notification")
            .isFalse();
        woken.drainPermits();
      }
      java.util.Arrays.sort(micros);
      System.out.println("wake-up after the acknowledged submit, median: " + micros[7] + " µs");
    }
    // the listener changes nothing on its connection that the next user of the pool would see
    try (Connection c = pool.getConnection()) {
      assertThat(c.getNetworkTimeout()).isZero();
      assertThat(c.getAutoCommit()).isTrue();
    }
  }

  @Test
  void a_failed_submit_wakes_nobody() throws Exception {
    try (JdbcStorage a = JdbcStorage.builder(pool).tablePrefix(PREFIX).build();
        JdbcStorage b = JdbcStorage.builder(pool).tablePrefix(PREFIX).build()) {
      Semaphore woken = new Semaphore(0);
      b.jobs().onWorkAvailable(woken::release);
      awaitListening(b);
      woken.drainPermits();
      // a rolled-back transaction's NOTIFY is never delivered
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false);
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT pg_notify('" + JdbcStorage.workChannel(new Tables(PREFIX)) + "', '')")) {
          ps.execute();
        }
        c.rollback();
        c.setAutoCommit(true);
      }
      assertThat(woken.tryAcquire(500, TimeUnit.MILLISECONDS)).isFalse();
    }
  }

  @Test
  void the_last_work_listener_removed_gives_the_listen_connection_back_and_logs_nothing()
      throws Exception {
    // an engine removes its listener when it closes: the host may then close its pool, which
    // (as HikariCP's does) aborts connections still in use, and a listener would report it lost
    try (JdbcStorage s = JdbcStorage.builder(pool).tablePrefix(PREFIX).build()) {
      Runnable engine = () -> {};
      Runnable other = () -> {};
      s.jobs().onWorkAvailable(engine);
      s.jobs().onWorkAvailable(other);
      awaitListening(s);

      s.jobs().removeWorkAvailableListener(other);
      assertThat(s.listeningForWork()).as("one listener left").isTrue();
      String log = Stderr.of(() -> s.jobs().removeWorkAvailableListener(engine));

      assertThat(s.listeningForWork()).isFalse();
      assertThat(listenerBackends(PreparedStatements.channel(PREFIX))).isZero();
      assertThat(log).isEmpty();
      // a later listener (an engine started again) listens again
      Semaphore woken = new Semaphore(0);
      s.jobs().onWorkAvailable(woken::release);
      awaitListening(s);
      s.jobs().submit(JobRequest.of("wake", "{}"), Instant.now());
      assertThat(woken.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static void awaitListening(JdbcStorage s) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!s.listeningForWork() || listenerBackends(PreparedStatements.channel(PREFIX)) == 0) {
      assertThat(System.nanoTime()).as("listening in time").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** Backends whose last statement was our LISTEN. */
  private static int listenerBackends(String channel) {
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE query = ? AND pid <> pg_backend_pid()")) {
      ps.setString(1, "LISTEN \"" + channel + "\"");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int terminateListeners(String channel) throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = ?"
                    + " AND pid <> pg_backend_pid()")) {
      ps.setString(1, "LISTEN \"" + channel + "\"");
      int n = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          n++;
        }
      }
      return n;
    }
  }

  private static final class PreparedStatements {
    static String channel(String prefix) {
      return JdbcStorage.workChannel(new Tables(prefix));
    }
  }
}
