package io.mediaflow.benchmarks.template;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The {@link TemplateBenchmark} render counted per second of the measuring thread's own CPU time,
 * for a shared machine where wall-clock throughput measures the other tenants: {@code java -cp
 * benchmarks/target/benchmarks.jar io.mediaflow.benchmarks.template.TemplateCpuMain [rounds]}.
 * Prints renders per wall second and per CPU second for each round of 2,000,000 renders.
 */
public final class TemplateCpuMain {

  private static final int RENDERS = 2_000_000;

  private TemplateCpuMain() {}

  /**
   * Runs the rounds.
   *
   * @param args the number of rounds (default 8; the first ones warm the JIT up)
   */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    TemplateBenchmark b = new TemplateBenchmark();
    b.setup();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int r = 1; r <= rounds; r++) {
      long wall0 = System.nanoTime();
      long cpu0 = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < RENDERS; i++) {
        sink += b.compiled().length();
      }
      long cpu = threads.getCurrentThreadCpuTime() - cpu0;
      long wall = System.nanoTime() - wall0;
      System.out.printf(
          "round %d: %,.0f renders/s wall, %,.0f renders/s of CPU time%n",
          r, RENDERS / (wall / 1e9), RENDERS / (cpu / 1e9));
    }
    System.out.println("(checksum " + sink + ")");
  }
}
