package io.mediaflow.samples.chaos;

import io.mediaflow.jdbc.JdbcStorage;
import io.mediaflow.testkit.SimplePool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Outgoing webhook deliveries across an engine restart on the local PostgreSQL. */
class PostgresWebhookDeliveryTest extends WebhookDeliveryRestartTests {

  private static final String PREFIX = ChaosDatabases.uniquePrefix();
  private static SimplePool pool;

  @BeforeAll
  static void connect() {
    pool = ChaosDatabases.postgres();
  }

  @AfterAll
  static void dropTables() {
    if (pool != null) {
      ChaosDatabases.dropAll(pool, PREFIX);
      pool.close();
    }
  }

  @Override
  JdbcStorage storage() {
    return JdbcStorage.builder(pool).tablePrefix(PREFIX).build();
  }
}
