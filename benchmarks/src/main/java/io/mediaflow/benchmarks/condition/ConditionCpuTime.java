package io.mediaflow.benchmarks.condition;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The {@link ConditionBenchmark} condition timed by the evaluating thread's CPU time as well as by
 * the wall clock: on a shared machine (other builds on its 2 cores) JMH's wall-clock throughput
 * counts the time the thread waited for a core; evaluations per CPU-second do not.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.mediaflow.benchmarks.condition.ConditionCpuTime [seconds]}.
 */
public final class ConditionCpuTime {

  private ConditionCpuTime() {}

  /** Warms up for 5 s, then measures for {@code args[0]} seconds (default 10). */
  public static void main(String[] args) {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 10;
    ConditionBenchmark b = new ConditionBenchmark();
    b.setUp();
    try {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      run(b, 5_000_000_000L);
      long cpu0 = threads.getCurrentThreadCpuTime();
      long wall0 = System.nanoTime();
      long n = run(b, seconds * 1_000_000_000L);
      double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
      double wall = (System.nanoTime() - wall0) / 1e9;
      System.out.printf(
          "%d evaluations: %.0f per CPU-second, %.0f per wall-second (%.1f ns CPU each)%n",
          n, n / cpu, n / wall, cpu * 1e9 / n);
    } finally {
      b.tearDown();
    }
  }

  private static long run(ConditionBenchmark b, long nanos) {
    long n = 0;
    long end = System.nanoTime() + nanos;
    boolean all = true;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 10_000; i++) {
        all &= b.evaluate();
      }
      n += 10_000;
    }
    if (!all) {
      throw new IllegalStateException("the condition must hold");
    }
    return n;
  }
}
