package io.mediaflow.internal.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.BasicMDCAdapter;

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

  @Test
  void the_public_scopes_and_key_value_logging_work_with_any_binding() {
    try (JobLogging.MdcScope job = JobLogging.job("job-1");
        JobLogging.MdcScope step = JobLogging.step("encode")) {
      JobLogging.info(
          LoggerFactory.getLogger(JobLoggingTest.class),
          "job-1",
          "calling the hook",
          Map.of("url", "https://x", "token", "abc"));
    }
  }
}
