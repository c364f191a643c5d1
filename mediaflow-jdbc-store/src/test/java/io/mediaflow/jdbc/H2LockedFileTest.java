package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mediaflow.api.store.StorageException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An H2 file another process holds is reported as locked, naming that process. */
class H2LockedFileTest {

  @TempDir Path dir;

  @Test
  void opening_a_file_another_process_holds_says_it_is_locked_and_by_whom() throws Exception {
    Path file = dir.resolve("shared");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                H2HoldMain.class.getName(),
                file.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("open");

      StorageException e =
          catchThrowableOfType(StorageException.class, () -> JdbcStorage.h2(file).close());

      Path db = dir.resolve("shared.mv.db").toRealPath();
      assertThat(e.code()).isEqualTo(StorageException.STORAGE_UNAVAILABLE);
      assertThat(e.detail())
          .isEqualTo(
              "the H2 database file "
                  + db
                  + " is locked by another process (PID "
                  + child.pid()
                  + ", java): H2 lets one process open a file database at a time");
      assertThat(e.suggestion())
          .isEqualTo(
              "stop the other process (another instance of this application, an H2 console), or"
                  + " share the file: open it in every process with ;AUTO_SERVER=TRUE on the URL"
                  + " (JdbcStorage.builder(dataSource)), or run an H2 server and connect with"
                  + " jdbc:h2:tcp://")
          .doesNotContain("port");
      assertThat(e.getMessage()).startsWith("STORAGE_UNAVAILABLE: the H2 database file ");
    } finally {
      child.getOutputStream().close(); // lets it close the store and end
      if (!child.waitFor(30, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
    try (JdbcStorage reopened = JdbcStorage.h2(file)) {
      assertThat(reopened.jobs().countByState()).isNotNull(); // free again once it is gone
    }
  }
}
