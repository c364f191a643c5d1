package io.mediaflow.jdbc;

import io.mediaflow.testkit.SimplePool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Rules and schedule batches on the local MariaDB, in tables of a prefix of their own. */
class MariaDbRuleScheduleTest extends RuleScheduleStoreTests {

  private static final String PREFIX = TestDatabases.uniquePrefix();
  private static SimplePool pool;

  @BeforeAll
  static void connect() {
    pool = TestDatabases.mariadb();
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
}
