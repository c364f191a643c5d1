package io.mediaflow.http;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test with a real engine and host ({@link HttpFixture}) started before each test. */
abstract class HostTest {

  @TempDir Path dir;
  HttpFixture http;

  @BeforeEach
  void startHost() {
    http = HttpFixture.start(dir);
  }

  @AfterEach
  void stopHost() {
    http.close();
  }

  /** Serves again with other options. */
  void restart(Consumer<HttpOptions.Builder> options) {
    http.close();
    http = HttpFixture.start(dir, options);
  }
}
