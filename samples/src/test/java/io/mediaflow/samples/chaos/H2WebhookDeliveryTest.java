package io.mediaflow.samples.chaos;

import io.mediaflow.jdbc.JdbcStorage;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Outgoing webhook deliveries across an engine restart on an H2 file database. */
class H2WebhookDeliveryTest extends WebhookDeliveryRestartTests {

  @TempDir Path dir;

  @Override
  JdbcStorage storage() {
    return JdbcStorage.h2(dir.resolve("hooks"));
  }
}
