package io.mediaflow.jdbc;

import io.mediaflow.api.store.Storage;
import io.mediaflow.testkit.StorageContract;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on an H2 file database, a new file for each test. */
class H2StorageContractTest extends StorageContract {

  @TempDir Path dir;
  private final AtomicInteger files = new AtomicInteger();

  @Override
  protected Storage newStorage() {
    return JdbcStorage.h2(dir.resolve("db" + files.incrementAndGet()));
  }
}
