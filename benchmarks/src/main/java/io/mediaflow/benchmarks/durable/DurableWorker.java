package io.mediaflow.benchmarks.durable;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A worker JVM of {@link DurableMain}: {@code DurableWorker <side> <id> <workers>} starts that
 * side's workers under the stable id {@code id} (mediaflow node id, DBOS executor id), prints
 * {@code READY} and answers commands on its standard input, one a line:
 *
 * <ul>
 *   <li>{@code RUN kind n arg}: starts n workflows here (DBOS: direct start; mediaflow: {@code
 *       submitAll} on this engine), waits for all, prints {@code DONE <nanos>};
 *   <li>{@code START kind n arg}: the same without waiting, prints {@code STARTED};
 *   <li>{@code DUMP}: prints {@code LATE <µs>} for each sleep woken since the last dump, then
 *       {@code END}.
 * </ul>
 *
 * When its standard input closes it stops its workers, prints {@code BYE} and exits.
 */
public final class DurableWorker {
  private DurableWorker() {}

  public static void main(String[] args) throws Exception {
    Side side = Side.of(args[0]);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (Side.Worker w = side.startWorker(args[1], Integer.parseInt(args[2]))) {
      say("READY");
      String line;
      while ((line = in.readLine()) != null) {
        String[] f = line.trim().split(" ");
        switch (f[0]) {
          case "RUN" -> {
            long t0 = System.nanoTime();
            w.run(f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]));
            say("DONE " + (System.nanoTime() - t0));
          }
          case "START" -> {
            w.start(f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]));
            say("STARTED");
          }
          case "DUMP" -> {
            StringBuilder b = new StringBuilder();
            Long v;
            while ((v = Lateness.SLEEP_LATE_MICROS.poll()) != null) {
              b.append("LATE ").append(v).append('\n');
            }
            say(b.append("END").toString());
          }
          default -> throw new IllegalArgumentException("unknown command " + line);
        }
      }
    }
    say("BYE");
    System.exit(0);
  }

  private static void say(String s) {
    System.out.println(s);
    System.out.flush();
  }
}
