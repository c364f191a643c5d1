package io.mediaflow.jdbc;

import io.mediaflow.api.store.Storage;
import io.mediaflow.testkit.SimplePool;
import io.mediaflow.testkit.StorageContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The storage contract on the local PostgreSQL, in tables of a prefix of its own. */
class PostgresStorageContractTest extends StorageContract {

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
  protected Storage newStorage() {
    JdbcStorage storage = JdbcStorage.builder(pool).tablePrefix(PREFIX).build();
    TestDatabases.truncate(pool, PREFIX);
    return storage;
  }

  /** A second store on the same tables, as a second engine would open it. */
  @Override
  protected Storage openSharing(Storage first) {
    return JdbcStorage.builder(pool).tablePrefix(PREFIX).build();
  }
}
