package io.mediaflow.internal.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.helpers.BasicMDCAdapter;

// resources opened for what they do while open (a subscription, a scope, a socket)
@SuppressWarnings("try")
class JobLoggingTest {

  // slf4j-simple, the test binding, keeps no MDC; a real one (Logback, Log4j) does.
  private final BasicMDCAdapter mdc = new BasicMDCAdapter();

  @Test
  void scopes_put_and_restore_mdc_entries_and_nest() {
    try (JobLogging.MdcScope job = new JobLogging.MdcScope(mdc, JobLogging.JOB_ID, "job-1")) {
      assertThat(mdc.get("jobId")).isEqualTo("job-1");
      try (JobLogging.MdcScope step = new JobLogging.MdcScope(mdc, JobLogging.STEP, "encode")) {
        assertThat(mdc.get("step")).isEqualTo("encode");
        try (JobLogging.MdcScope child = new JobLogging.MdcScope(mdc, JobLogging.JOB_ID, "job-2")) {
          assertThat(mdc.get("jobId")).isEqualTo("job-2");
        }
        assertThat(mdc.get("jobId")).isEqualTo("job-1");
      }
      assertThat(mdc.get("step")).isNull();
    }
    assertThat(mdc.get("jobId")).isNull();
  }

  /** Keeps what a binding without key-value support prints: "k=v k2=v2 message". */
  static final class RecordingLogger extends org.slf4j.helpers.AbstractLogger {
    private static final long serialVersionUID = 1L;

    final java.util.List<String> lines = new java.util.ArrayList<>();

    RecordingLogger() {
      this.name = "recording";
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        org.slf4j.event.Level level,
        org.slf4j.Marker marker,
        String messagePattern,
        Object[] arguments,
        Throwable throwable) {
      lines.add(
          level
              + " "
              + org.slf4j.helpers.MessageFormatter.basicArrayFormat(messagePattern, arguments));
    }

    @Override
    public boolean isTraceEnabled() {
      return true;
    }

    @Override
    public boolean isTraceEnabled(org.slf4j.Marker m) {
      return true;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isDebugEnabled(org.slf4j.Marker m) {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled(org.slf4j.Marker m) {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled(org.slf4j.Marker m) {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled(org.slf4j.Marker m) {
      return true;
    }
  }

  @Test
  void logged_maps_are_redacted_by_key_and_inside_text_values() {
    RecordingLogger log = new RecordingLogger();
    Map<String, Object> data = new java.util.LinkedHashMap<>();
    data.put("url", "https://x");
    data.put("token", "abc-123");
    data.put("message", "refused: password=hunter2 Authorization: Bearer xyzzy-1");
    data.put("attempts", 3);

    JobLogging.info(log, "job-1", "calling the hook", data);
    JobLogging.warn(log, "job-1", "the hook failed", data);

    assertThat(log.lines).hasSize(2);
    assertThat(log.lines.get(0)).startsWith("INFO ").contains("jobId=job-1", "calling the hook");
    assertThat(log.lines.get(1)).startsWith("WARN ").contains("the hook failed");
    for (String line : log.lines) {
      assertThat(line)
          .contains("url=https://x", "token=***", "password=***", "attempts=3")
          .doesNotContain("abc-123", "hunter2", "xyzzy-1");
    }
  }

  /**
   * Through the binding on the test class path, slf4j-simple: it keeps no MDC (a no-op adapter) and
   * knows no key-values, so slf4j writes them into the message; it prints to standard error.
   */
  @Test
  void the_public_scopes_and_key_value_logging_work_with_any_binding() {
    boolean keepsMdc = bindingKeepsMdc();
    PrintStream err = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try (JobLogging.MdcScope job = JobLogging.job("job-1");
        JobLogging.MdcScope step = JobLogging.step("encode")) {
      assertThat(MDC.get(JobLogging.JOB_ID)).isEqualTo(keepsMdc ? "job-1" : null);
      assertThat(MDC.get(JobLogging.STEP)).isEqualTo(keepsMdc ? "encode" : null);
      JobLogging.info(
          LoggerFactory.getLogger(JobLoggingTest.class),
          "job-1",
          "calling the hook",
          Map.of("url", "https://x", "token", "abc"));
    } finally {
      System.setErr(err);
    }

    assertThat(MDC.get(JobLogging.JOB_ID)).isNull();
    assertThat(MDC.get(JobLogging.STEP)).isNull();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("INFO", "jobId=job-1", "url=https://x", "token=***", "calling the hook")
        .doesNotContain("abc");
  }

  private static boolean bindingKeepsMdc() {
    MDC.put("probe", "x");
    try {
      return "x".equals(MDC.get("probe"));
    } finally {
      MDC.remove("probe");
    }
  }
}
