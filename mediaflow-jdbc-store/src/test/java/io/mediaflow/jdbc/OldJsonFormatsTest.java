package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.event.Event;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.StageTiming;
import io.mediaflow.api.store.WebhookRegistration;
import io.mediaflow.testkit.DriverDataSource;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON the store kept before it used Jackson — stage timings and webhook patterns in rows,
 * event payloads on the cluster bus — reads the same now, and what it writes now is the same text
 * (only control characters are escaped differently, and both forms are JSON that either version
 * reads). The texts below are what the earlier hand-written writer produced, byte for byte.
 */
class OldJsonFormatsTest {

  /** Two stages as the old writer stored them; the first name holds every escape it wrote. */
  private static final String OLD_ENCODE_STAGE =
      "{\"stage\":\"encode\",\"startedAt\":1714557601000001,"
          + "\"error\":\"ffmpeg failed: \\\"x\\\"\"}";

  private static final String OLD_STAGES =
      "[{\"stage\":\"probe \\\"in\\\" \\\\ \u00e9\\n\\t\\r\\u001f\\u0008\\u000c\","
          + "\"startedAt\":1714557600123456,\"endedAt\":1714557601000001},"
          + OLD_ENCODE_STAGE
          + "]";

  private static final List<StageTiming> STAGES =
      List.of(
          new StageTiming(
              "probe \"in\" \\ \u00e9\n\t\r\u001f\b\f",
              Instant.parse("2024-05-01T10:00:00.123456Z"),
              Optional.of(Instant.parse("2024-05-01T10:00:01.000001Z")),
              Optional.empty()),
          new StageTiming(
              "encode",
              Instant.parse("2024-05-01T10:00:01.000001Z"),
              Optional.empty(),
              Optional.of("ffmpeg failed: \"x\"")));

  private static final String OLD_PATTERNS = "[\"job.*\",\"media.\\\"q\\\"\\\\\u00e9\"]";

  private static final String OLD_EVENT =
      "{\"origin\":\"k3x-9q\",\"type\":\"job.completed\",\"time\":1772600767123456,\"data\":{"
          + "\"jobId\":\"j-1 \\\"quoted\\\" \u00e9\u4e2d\\n\",\"n\":42,\"big\":1099511627776,"
          + "\"huge\":123456789012345678901234567890,\"ratio\":0.25,\"f\":0.1,\"price\":12.5,"
          + "\"nan\":\"NaN\",\"done\":true,\"none\":null,\"tags\":[\"a\",\"b\"],\"arr\":[1,2],"
          + "\"nested\":{\"depth\":2},\"when\":\"PT1M30S\",\"count\":7}}";

  private static final Instant EVENT_TIME = Instant.parse("2026-03-04T05:06:07.123456Z");

  @TempDir Path dir;

  @Test
  void reads_a_job_row_and_a_webhook_row_the_old_writer_stored() throws Exception {
    DriverDataSource ds =
        new DriverDataSource("jdbc:h2:file:" + dir.resolve("old") + ";WRITE_DELAY=0");
    try (JdbcStorage s = JdbcStorage.builder(ds).build()) {
      Job job = s.jobs().submit(JobRequest.of("t", "{}"), Instant.parse("2024-05-01T10:00:00Z"));
      s.webhooks()
          .save(
              WebhookRegistration.builder("w1", "https://example.com/h")
                  .patterns("x")
                  .secret("k")
                  .build());
      try (Connection c = ds.getConnection();
          PreparedStatement stages =
              c.prepareStatement("UPDATE mediaflow_jobs SET stages = ? WHERE id = ?");
          PreparedStatement patterns =
              c.prepareStatement("UPDATE mediaflow_webhooks SET patterns = ? WHERE id = ?")) {
        stages.setString(1, OLD_STAGES);
        stages.setString(2, job.id());
        assertThat(stages.executeUpdate()).isOne();
        patterns.setString(1, OLD_PATTERNS);
        patterns.setString(2, "w1");
        assertThat(patterns.executeUpdate()).isOne();
      }

      assertThat(s.jobs().find(job.id()).orElseThrow().stages()).isEqualTo(STAGES);
      assertThat(s.webhooks().list())
          .singleElement()
          .satisfies(w -> assertThat(w.patterns()).containsExactly("job.*", "media.\"q\"\\\u00e9"));
    }
  }

  @Test
  void writes_stages_and_patterns_as_the_old_writer_did() {
    assertThat(Rows.stagesText(STAGES.subList(1, 2))).isEqualTo("[" + OLD_ENCODE_STAGE + "]");
    assertThat(Rows.stringsText(List.of("job.*", "media.\"q\"\\\u00e9"))).isEqualTo(OLD_PATTERNS);
    // control characters are escaped in another (equally valid) form; the text reads back the same
    assertThat(Rows.stages(Rows.stagesText(STAGES))).isEqualTo(STAGES);
    assertThat(Rows.stagesText(List.of())).isNull();
  }

  @Test
  void decodes_an_event_payload_the_old_encoder_sent() {
    Event e = EventJson.decode(OLD_EVENT);

    assertThat(e.type()).isEqualTo("job.completed");
    assertThat(e.time()).isEqualTo(EVENT_TIME);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("jobId", "j-1 \"quoted\" \u00e9\u4e2d\n");
    expected.put("n", 42);
    expected.put("big", 1L << 40);
    expected.put("huge", new BigInteger("123456789012345678901234567890"));
    expected.put("ratio", 0.25);
    expected.put("f", 0.1);
    expected.put("price", 12.5);
    expected.put("nan", "NaN");
    expected.put("done", true);
    expected.put("none", null);
    expected.put("tags", List.of("a", "b"));
    expected.put("arr", List.of(1, 2));
    expected.put("nested", Map.of("depth", 2));
    expected.put("when", "PT1M30S");
    expected.put("count", 7);
    assertThat(e.data()).containsExactlyEntriesOf(expected);
  }

  @Test
  void encodes_an_event_as_the_old_encoder_did() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("jobId", "j-1 \"quoted\" \u00e9\u4e2d\n");
    data.put("n", 42);
    data.put("big", 1L << 40);
    data.put("huge", new BigInteger("123456789012345678901234567890"));
    data.put("ratio", 0.25);
    data.put("f", 0.1f);
    data.put("price", new BigDecimal("12.5"));
    data.put("nan", Double.NaN);
    data.put("done", true);
    data.put("none", null);
    data.put("tags", List.of("a", "b"));
    data.put("arr", new int[] {1, 2});
    data.put("nested", Map.of("depth", 2));
    data.put("when", Duration.ofSeconds(90));
    data.put("count", new AtomicLong(7));

    String payload = EventJson.encode("k3x-9q", new Event("job.completed", EVENT_TIME, data));

    assertThat(payload).isEqualTo(OLD_EVENT).startsWith(EventJson.originPrefix("k3x-9q"));
    assertThat(EventJson.originPrefix("k3x-9q")).isEqualTo("{\"origin\":\"k3x-9q\"");
  }
}
