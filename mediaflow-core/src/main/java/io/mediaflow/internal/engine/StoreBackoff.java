package io.mediaflow.internal.engine;

import io.mediaflow.internal.observe.Redactor;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long to wait while the store cannot be reached, and how loudly to say so: a wait that doubles
 * from {@link #INITIAL} up to {@link #MAX}, and one warning per {@value #FAILURES_PER_WARNING}
 * failures in a row.
 */
final class StoreBackoff {

  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  /** The first wait after the store could not be reached; it doubles with each failure in a row. */
  static final Duration INITIAL = Duration.ofMillis(50);

  /** The longest wait between tries while the store stays unreachable. */
  static final Duration MAX = Duration.ofSeconds(5);

  /** While the store stays unreachable, one failure in this many is logged at WARN. */
  static final int FAILURES_PER_WARNING = 20;

  private StoreBackoff() {}

  /** How long to wait after {@code failures} store failures in a row. */
  static Duration after(int failures) {
    int doublings = Math.min(Math.max(failures - 1, 0), 16);
    long millis = INITIAL.toMillis() << doublings;
    return Duration.ofMillis(Math.min(millis, MAX.toMillis()));
  }

  static void log(String what, int failures, Duration wait, Throwable e) {
    String error = Redactor.redact(String.valueOf(e));
    if (failures == 1 || failures % FAILURES_PER_WARNING == 0) {
      LOG.atWarn()
          .addKeyValue("failures", failures)
          .log("{} failed ({} in a row); trying again in {}: {}", what, failures, wait, error);
    } else {
      LOG.debug("{} failed ({} in a row); trying again in {}: {}", what, failures, wait, error);
    }
  }
}
