package io.mediaflow.benchmarks.durable;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** What the workflow bodies record in a worker JVM, handed to the driver on {@code DUMP}. */
final class Lateness {

  /** Sleep wake-up lateness in microseconds: woke − (t0 + the sleep), one per finished sleeper. */
  static final Queue<Long> SLEEP_LATE_MICROS = new ConcurrentLinkedQueue<>();

  /** The sleep of scenario (c). */
  static final long SLEEP_MILLIS = 1000;

  private Lateness() {}

  static long nowMicros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }

  /** Called after the sleep returned, with the instant (µs) recorded in a step just before it. */
  static void woke(long t0Micros) {
    SLEEP_LATE_MICROS.add(nowMicros() - t0Micros - SLEEP_MILLIS * 1000);
  }
}
