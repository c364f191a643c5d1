package io.mediaflow.benchmarks.rule;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * {@link EventMatchBenchmark#match} timed by the matching thread's CPU time as well as by the wall
 * clock: on a shared machine (other builds on its 2 cores) JMH's wall-clock throughput counts the
 * time the thread waited for a core; events per CPU-second do not.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.mediaflow.benchmarks.rule.EventMatchCpuTime [seconds]}.
 */
public final class EventMatchCpuTime {

  private EventMatchCpuTime() {}

  /** Warms up for 5 s, then measures for {@code args[0]} seconds (default 10). */
  public static void main(String[] args) {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 10;
    EventMatchBenchmark b = new EventMatchBenchmark();
    b.setUp();
    try {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      run(b, 5_000_000_000L);
      long cpu0 = threads.getCurrentThreadCpuTime();
      long wall0 = System.nanoTime();
      long[] counts = new long[2];
      long n = run(b, seconds * 1_000_000_000L, counts);
      double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
      double wall = (System.nanoTime() - wall0) / 1e9;
      System.out.printf(
          "%d events against %d rules (%.2f rules matched per event): %.0f per CPU-second,"
              + " %.0f per wall-second (%.1f ns CPU each)%n",
          n, EventMatchBenchmark.RULES, (double) counts[0] / n, n / cpu, n / wall, cpu * 1e9 / n);
    } finally {
      b.tearDown();
    }
  }

  private static long run(EventMatchBenchmark b, long nanos) {
    return run(b, nanos, new long[2]);
  }

  private static long run(EventMatchBenchmark b, long nanos, long[] counts) {
    long n = 0;
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 10_000; i++) {
        counts[0] += b.match().size();
      }
      n += 10_000;
    }
    return n;
  }
}
