package io.mediaflow.internal.observe;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;
import org.slf4j.spi.MDCAdapter;

/**
 * MDC and key-value logging for jobs: every line logged while a job runs carries its {@code jobId}
 * (and {@code step}), and data logged with it is redacted.
 *
 * {@snippet :
 * try (JobLogging.MdcScope scope = JobLogging.job(job.id())) {
 *   try (JobLogging.MdcScope step = JobLogging.step("encode")) {
 *     log.atInfo().addKeyValue("jobId", job.id()).addKeyValue("attempt", 2).log("encoding");
 *   }
 * }
 * }
 */
public final class JobLogging {

  /** The MDC key of the job id. */
  public static final String JOB_ID = "jobId";

  /** The MDC key of the current step. */
  public static final String STEP = "step";

  /** The MDC key of the workflow id. */
  public static final String WORKFLOW_ID = "workflowId";

  private JobLogging() {}

  /** Puts {@code jobId} in the MDC until the scope closes. */
  public static MdcScope job(String jobId) {
    return new MdcScope(MDC.getMDCAdapter(), JOB_ID, jobId);
  }

  /** Puts {@code step} in the MDC until the scope closes. */
  public static MdcScope step(String step) {
    return new MdcScope(MDC.getMDCAdapter(), STEP, step);
  }

  /** Puts {@code workflowId} in the MDC until the scope closes. */
  public static MdcScope workflow(String workflowId) {
    return new MdcScope(MDC.getMDCAdapter(), WORKFLOW_ID, workflowId);
  }

  /**
   * Logs {@code message} at INFO with the job id and each entry of {@code data} as key-values,
   * secrets masked ({@link Redactor}): values under sensitive keys, and secrets inside text values.
   */
  public static void info(Logger log, String jobId, String message, Map<String, ?> data) {
    if (!log.isInfoEnabled()) {
      return;
    }
    LoggingEventBuilder event = log.atInfo().addKeyValue(JOB_ID, jobId);
    redacted(data).forEach(event::addKeyValue);
    event.log(message);
  }

  /**
   * Logs {@code message} at WARN with the job id and each entry of {@code data} as key-values,
   * secrets masked: values under sensitive keys, and secrets inside text values ({@code
   * password=…}, {@code Bearer …}). The message itself is logged as given: redact it first if it
   * carries text from outside.
   */
  public static void warn(Logger log, String jobId, String message, Map<String, ?> data) {
    if (!log.isWarnEnabled()) {
      return;
    }
    LoggingEventBuilder event = log.atWarn().addKeyValue(JOB_ID, jobId);
    redacted(data).forEach(event::addKeyValue);
    event.log(message);
  }

  private static Map<String, Object> redacted(Map<String, ?> data) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    Redactor.redact(data)
        .forEach((k, v) -> out.put(k, v instanceof String text ? Redactor.redact(text) : v));
    return out;
  }

  /**
   * An MDC entry for the length of a try-with-resources block; closing it restores what the key
   * held before, so scopes nest. Close it on the thread that opened it.
   */
  public static final class MdcScope implements AutoCloseable {
    private final MDCAdapter mdc;
    private final String key;
    private final String previous;
    private boolean closed;

    /** With the adapter given rather than the binding's (which may be a no-op), for tests. */
    MdcScope(MDCAdapter mdc, String key, String value) {
      this.mdc = mdc;
      this.key = key;
      this.previous = mdc.get(key);
      if (value == null) {
        mdc.remove(key);
      } else {
        mdc.put(key, value);
      }
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (previous == null) {
        mdc.remove(key);
      } else {
        mdc.put(key, previous);
      }
    }
  }
}
