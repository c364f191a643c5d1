package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.store.StorageException;
import io.mediaflow.testkit.DriverDataSource;
import io.mediaflow.testkit.SimplePool;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The one transaction helper of the JDBC stores: how SQL failures reach the caller, how a
 * transaction is rolled back and the connection left as it was found, and how a deadlock victim
 * runs again (a real deadlock on PostgreSQL).
 */
class TransactionsTest {

  private static DataSource h2(String name) {
    return new DriverDataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
  }

  @Test
  void an_unreachable_database_is_storage_unavailable_naming_the_operation_and_the_job() {
    // nothing listens on port 1: the driver's own refusal, as when the database is down
    DataSource down = new DriverDataSource("jdbc:postgresql://127.0.0.1:1/test?connectTimeout=2");
    Transactions db = new Transactions(down, Dialect.of(Database.POSTGRESQL));

    for (Runnable call :
        List.<Runnable>of(
            () -> db.auto("claim", "J1", c -> 1),
            () -> db.tx("claim", "J1", c -> 1),
            () -> db.write("claim", "J1", c -> 1))) {
      assertThatThrownBy(call::run)
          .isInstanceOfSatisfying(
              StorageException.class,
              e -> {
                assertThat(e.code()).isEqualTo(StorageException.STORAGE_UNAVAILABLE);
                assertThat(e.getMessage())
                    .contains("POSTGRESQL storage is unavailable: claim job J1 failed: ")
                    .contains("SQLState 08001");
                assertThat(e.getCause()).isInstanceOf(SQLException.class);
              });
    }
  }

  @Test
  void any_other_sql_failure_is_storage_failed_naming_the_operation() {
    Transactions db = new Transactions(h2("failed"), Dialect.of(Database.H2));

    assertThatThrownBy(() -> db.auto("query", null, c -> Sql.update(c, "SELEKT 1")))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(JdbcStorage.STORAGE_FAILED);
              assertThat(e.getMessage()).contains("H2 storage failed to query: Syntax error");
            });
  }

  @Test
  void a_failed_transaction_is_rolled_back_and_the_connection_is_left_in_auto_commit()
      throws Exception {
    DataSource ds = h2("rollback");
    try (Connection c = ds.getConnection()) {
      Sql.update(c, "CREATE TABLE t (id INT PRIMARY KEY)");
    }
    SimplePool pool = new SimplePool(ds, 1); // one connection: the next call gets the same one
    Transactions db = new Transactions(pool, Dialect.of(Database.H2));

    assertThatThrownBy(
            () ->
                db.tx(
                    "insert",
                    null,
                    c -> {
                      Sql.update(c, "INSERT INTO t VALUES (1)");
                      throw new IllegalStateException("the work fails after its insert");
                    }))
        .isInstanceOf(IllegalStateException.class);

    try (Connection c = pool.getConnection()) {
      assertThat(c.getAutoCommit()).as("auto-commit restored").isTrue();
    }
    List<Integer> count =
        db.auto(
            "count",
            null,
            c -> Sql.list(c, "SELECT COUNT(*) FROM t", rs -> rs.getInt(1), List.of()));
    assertThat(count).as("the insert was rolled back").containsExactly(0);
    pool.close();
  }

  @Test
  void a_conflict_that_never_clears_is_tried_a_bounded_number_of_times_then_unavailable() {
    // a serialization failure on every try: a fault no real database produces on demand
    Transactions db = new Transactions(h2("conflict"), Dialect.of(Database.H2));
    AtomicInteger tries = new AtomicInteger();

    assertThatThrownBy(
            () ->
                db.tx(
                    "claim",
                    null,
                    c -> {
                      tries.incrementAndGet();
                      throw new SQLException("could not serialize access", "40001");
                    }))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.code()).isEqualTo(StorageException.STORAGE_UNAVAILABLE));
    assertThat(tries).hasValue(Transactions.CONFLICT_RETRIES);
  }

  @Test
  void a_deadlock_victim_on_postgresql_runs_again_and_both_transactions_commit() throws Exception {
    String table = TestDatabases.uniquePrefix() + "locks";
    try (SimplePool pool = TestDatabases.postgres()) {
      TestDatabases.run(
          pool,
          List.of(
              "CREATE TABLE " + table + " (id INT PRIMARY KEY, v INT NOT NULL)",
              "INSERT INTO " + table + " VALUES (1, 0), (2, 0)"));
      try {
        Transactions db = new Transactions(pool, Dialect.of(Database.POSTGRESQL));
        CyclicBarrier bothHoldTheirFirstRow = new CyclicBarrier(2);
        AtomicInteger tries = new AtomicInteger();
        String bump = "UPDATE " + table + " SET v = v + 1 WHERE id = ?";
        // each locks one row, waits until the other holds the other row, then asks for it
        CompletableFuture<Integer> ab =
            CompletableFuture.supplyAsync(
                () ->
                    db.tx(
                        "ab", null, c -> crossLocks(c, bump, 1, 2, tries, bothHoldTheirFirstRow)));
        CompletableFuture<Integer> ba =
            CompletableFuture.supplyAsync(
                () ->
                    db.tx(
                        "ba", null, c -> crossLocks(c, bump, 2, 1, tries, bothHoldTheirFirstRow)));

        assertThat(ab.get(30, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(ba.get(30, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(tries).as("the victim ran again").hasValue(3);
        List<Integer> values =
            db.auto(
                "read",
                null,
                c ->
                    Sql.list(
                        c,
                        "SELECT v FROM " + table + " ORDER BY id",
                        rs -> rs.getInt(1),
                        List.of()));
        assertThat(values).as("each committed once").containsExactly(2, 2);
      } finally {
        TestDatabases.run(pool, List.of("DROP TABLE " + table));
      }
    }
  }

  private static int crossLocks(
      Connection c, String bump, int first, int second, AtomicInteger tries, CyclicBarrier barrier)
      throws SQLException {
    boolean firstTry = tries.incrementAndGet() <= 2;
    int n = Sql.update(c, bump, first);
    if (firstTry) {
      try {
        barrier.await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return n + Sql.update(c, bump, second);
  }
}
