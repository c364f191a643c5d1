package io.mediaflow.jdbc;

import io.mediaflow.testkit.DriverDataSource;
import io.mediaflow.testkit.SimplePool;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Concurrency limits on an H2 file database, a new file for each test. */
class H2LimitTest extends LimitStoreTests {

  @TempDir Path dir;
  private final AtomicInteger files = new AtomicInteger();
  private SimplePool pool;

  @Override
  JdbcStorage newStorage() {
    pool =
        new SimplePool(
            new DriverDataSource(
                "jdbc:h2:file:" + dir.resolve("db" + files.incrementAndGet()) + ";WRITE_DELAY=0"),
            16);
    return JdbcStorage.builder(pool).build();
  }

  @Override
  JdbcStorage secondStorage() {
    return JdbcStorage.builder(pool).build();
  }

  @Override
  DataSource dataSource() {
    return pool;
  }

  @Override
  String prefix() {
    return JdbcStorage.DEFAULT_TABLE_PREFIX;
  }

  @AfterEach
  void closePool() {
    if (pool != null) {
      pool.close();
    }
  }
}
