package io.mediaflow.jdbc;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/** Rules and schedule batches on an H2 file database, a new file for each test. */
class H2RuleScheduleTest extends RuleScheduleStoreTests {

  @TempDir Path dir;
  private final AtomicInteger files = new AtomicInteger();

  @Override
  JdbcStorage newStorage() {
    return JdbcStorage.h2(dir.resolve("db" + files.incrementAndGet()));
  }
}
