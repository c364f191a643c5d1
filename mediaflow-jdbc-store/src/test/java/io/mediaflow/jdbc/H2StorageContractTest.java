package io.mediaflow.jdbc;

import io.mediaflow.api.store.Storage;
import io.mediaflow.testkit.StorageContract;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage contract on an H2 file database, a new file for each test (which a second store opens
 * too where a suite asks for one).
 */
class H2StorageContractTest extends StorageContract {

  @TempDir Path dir;
  private final AtomicInteger files = new AtomicInteger();

  private Path last;

  @Override
  protected Storage newStorage() {
    last = dir.resolve("db" + files.incrementAndGet());
    return JdbcStorage.h2(last);
  }

  /** A second store on the file the last {@link #newStorage()} opened, as a second engine would. */
  @Override
  protected Storage openSharing(Storage first) {
    return JdbcStorage.h2(last);
  }
}
