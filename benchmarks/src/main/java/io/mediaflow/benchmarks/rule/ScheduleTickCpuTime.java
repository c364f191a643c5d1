package io.mediaflow.benchmarks.rule;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The {@link ScheduleTickBenchmark} tick timed by the ticking thread's CPU time as well as by the
 * wall clock: on a shared machine JMH's wall-clock average counts the time the thread waited for a
 * core; CPU time per tick does not. Prints the mean CPU time per tick and the median and 99th
 * percentile of the wall time of single ticks.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.mediaflow.benchmarks.rule.ScheduleTickCpuTime [ticks]}.
 */
public final class ScheduleTickCpuTime {

  private ScheduleTickCpuTime() {}

  /** Warms up for 1,000 ticks, then measures {@code args[0]} ticks (default 2,000). */
  public static void main(String[] args) {
    int ticks = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    ScheduleTickBenchmark b = new ScheduleTickBenchmark();
    b.setUp();
    for (int i = 0; i < 1_000; i++) {
      b.tick();
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] wall = new long[ticks];
    long cpu0 = threads.getCurrentThreadCpuTime();
    long fired = 0;
    for (int i = 0; i < ticks; i++) {
      long t0 = System.nanoTime();
      fired += b.tick();
      wall[i] = System.nanoTime() - t0;
    }
    double cpuMs = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / ticks;
    Arrays.sort(wall);
    System.out.printf(
        "%d ticks, %d slots fired: %.3f ms CPU per tick; wall per tick p50 %.3f ms, p99 %.3f ms%n",
        ticks, fired, cpuMs, wall[ticks / 2] / 1e6, wall[ticks * 99 / 100] / 1e6);
  }
}
