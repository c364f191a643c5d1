package io.mediaflow.jdbc;

import io.mediaflow.testkit.SimplePool;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Concurrency limits on the local MariaDB, in tables of a prefix of their own. */
class MariaDbLimitTest extends LimitStoreTests {

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

  @Override
  JdbcStorage secondStorage() {
    return JdbcStorage.builder(pool).tablePrefix(PREFIX).build();
  }

  @Override
  DataSource dataSource() {
    return pool;
  }

  @Override
  String prefix() {
    return PREFIX;
  }
}
