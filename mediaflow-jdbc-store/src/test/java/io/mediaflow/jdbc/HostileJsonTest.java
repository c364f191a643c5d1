package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.testkit.DriverDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON nested deeper than anything the store writes — in a column someone edited, or in a NOTIFY
 * payload anyone with access to the channel can send — is refused as malformed, not followed down
 * until the thread's stack overflows.
 */
class HostileJsonTest {

  private static final String DEEP = "[".repeat(200_000) + "]".repeat(200_000);

  @TempDir Path dir;

  @Test
  void a_stages_column_nested_too_deep_is_a_corrupt_row() throws Exception {
    DriverDataSource ds =
        new DriverDataSource("jdbc:h2:file:" + dir.resolve("deep") + ";WRITE_DELAY=0");
    try (JdbcStorage s = JdbcStorage.builder(ds).build()) {
      Job job = s.jobs().submit(JobRequest.of("t", "{}"), Instant.parse("2024-05-01T10:00:00Z"));
      try (Connection c = ds.getConnection();
          PreparedStatement ps =
              c.prepareStatement("UPDATE mediaflow_jobs SET stages = ? WHERE id = ?")) {
        ps.setString(1, DEEP);
        ps.setString(2, job.id());
        assertThat(ps.executeUpdate()).isOne();
      }

      assertThatThrownBy(() -> s.jobs().find(job.id()))
          .isInstanceOfSatisfying(
              StorageException.class, e -> assertThat(e.code()).isEqualTo(JdbcStorage.CORRUPT_ROW))
          .hasMessageContaining("job " + job.id() + " has a corrupt row")
          .hasMessageContaining("nesting depth");
    }
  }

  @Test
  void an_event_payload_nested_too_deep_is_refused_as_malformed() {
    String payload = "{\"type\":\"job.completed\",\"time\":1,\"data\":{\"x\":" + DEEP + "}}";

    assertThatThrownBy(() -> EventJson.decode(payload))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nesting depth");
  }
}
