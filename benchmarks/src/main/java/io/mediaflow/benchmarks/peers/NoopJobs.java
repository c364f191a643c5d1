package io.mediaflow.benchmarks.peers;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The job bodies every peer runs. {@code noop} does nothing; {@code latency} records when it
 * started, minus the submit time the job carries (epoch microseconds, same machine clock). Public
 * and static because JobRunr finds its jobs by method reference.
 */
public final class NoopJobs {

  /** {submitted, start latency} in microseconds, recorded by {@link #latency(long)} in this JVM. */
  public static final Queue<long[]> LATENCIES = new ConcurrentLinkedQueue<>();

  private NoopJobs() {}

  public static void noop(int i) {
    // nothing: the benchmark measures the queue, not the work
  }

  public static void latency(long submittedMicros) {
    LATENCIES.add(new long[] {submittedMicros, nowMicros() - submittedMicros});
  }

  static long nowMicros() {
    return micros(Instant.now());
  }

  static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }
}
