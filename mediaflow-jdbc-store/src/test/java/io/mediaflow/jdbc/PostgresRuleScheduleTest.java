package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.testkit.SimplePool;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules and schedule batches on the local PostgreSQL, in tables of a prefix of their own; and the
 * notification that tells another node of a rule's change.
 */
class PostgresRuleScheduleTest extends RuleScheduleStoreTests {

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

  @Override
  JdbcStorage newStorage() {
    JdbcStorage storage = JdbcStorage.builder(pool).tablePrefix(PREFIX).build();
    TestDatabases.truncate(pool, PREFIX);
    return storage;
  }

  @Test
  void a_change_on_one_node_is_told_to_the_other_when_it_commits() throws Exception {
    try (JdbcStorage other = JdbcStorage.builder(pool).tablePrefix(PREFIX).build()) {
      CountDownLatch told = new CountDownLatch(1);
      other.rules().onChange(told::countDown);
      // the listener connects on its own thread: wait until it listens
      for (int i = 0; i < 200 && !other.ruleSignalsListening(); i++) {
        Thread.sleep(10);
      }
      assertThat(other.ruleSignalsListening()).isTrue();
      long before = other.rules().changeCount();
      storage.rules().save("r", "{}", true, 0, T0);
      storage.rules().setEnabled("r", false, T0);
      storage.rules().remove("r");
      // notifications arriving together wake the listener once
      assertThat(told.await(10, TimeUnit.SECONDS)).as("told").isTrue();
      assertThat(other.rules().changeCount()).isEqualTo(before + 3);

      // a conflict rolls back whole: the count does not move
      storage.rules().save("q", "{}", true, 0, T0);
      try {
        storage.rules().save("q", "{}", true, 0, T0);
      } catch (io.mediaflow.api.store.StorageException expected) {
        assertThat(expected.code())
            .isEqualTo(io.mediaflow.api.store.StorageException.RULE_CONFLICT);
      }
      assertThat(other.rules().changeCount()).isEqualTo(before + 4);
    }
  }
}
