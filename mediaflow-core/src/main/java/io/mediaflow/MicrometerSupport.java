package io.mediaflow;

import java.time.Clock;
import java.util.Objects;

/**
 * Finds out whether Micrometer is there before any class that names it is loaded, so a host without
 * Micrometer gets a clear message instead of a {@link NoClassDefFoundError}.
 */
final class MicrometerSupport {

  static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

  private MicrometerSupport() {}

  /**
   * @param loader where Micrometer is looked for (mediaflow's own class loader)
   * @throws IllegalStateException when Micrometer is absent
   * @throws IllegalArgumentException when {@code registry} is not a {@code MeterRegistry}
   */
  static Metrics create(Object registry, Clock clock, ClassLoader loader) {
    Objects.requireNonNull(registry, "meterRegistry");
    Objects.requireNonNull(clock, "clock");
    Class<?> type;
    try {
      type = Class.forName(METER_REGISTRY, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException(
          "Metrics.micrometer(...) needs Micrometer, which is not on the class path: add"
              + " io.micrometer:micrometer-core (1.14 or later) to the application, or use"
              + " Metrics.inLibrary()",
          e);
    }
    if (!type.isInstance(registry)) {
      throw new IllegalArgumentException(
          "Metrics.micrometer(...) needs an "
              + METER_REGISTRY
              + " but was given a "
              + registry.getClass().getName());
    }
    return MicrometerMetrics.create(registry, clock);
  }
}
