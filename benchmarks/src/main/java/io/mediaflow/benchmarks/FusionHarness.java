package io.mediaflow.benchmarks;

import io.mediaflow.LocalRun;
import io.mediaflow.OperatorRegistry;
import io.mediaflow.api.backend.MediaBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The FFmpeg fusion benchmark's driver (see {@code benchmarks/run-fusion.sh}): runs one job spec
 * with {@link LocalRun}, in one warm JVM, as a host that embeds mediaflow does, and times other
 * commands (mediaflow's CLI, one FFmpeg run per operation, the hand-written FFmpeg command) in the
 * same rounds, interleaved.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.mediaflow.benchmarks.FusionHarness \
 *     SPEC.json ROUNDS WARMUP [-- NAME COMMAND ARGS... [;; NAME COMMAND ARGS...]...]
 * </pre>
 *
 * <p>Prints one line per round: {@code round N prepare=S run=S total=S NAME=S ...} in seconds,
 * where <em>prepare</em> is read + validate + probe + plan + verify, <em>run</em> is {@link
 * LocalRun.Prepared#run} (the FFmpeg invocation plus the renames into place), <em>total</em> their
 * sum, and each NAME the wall time of that command. Warm-up rounds are printed with a leading
 * {@code warmup}. In round N the variants run in rotated order (the embedded job first in round 0,
 * the first command first in round 1, ...), so that none always runs right after the same other
 * one. Times are taken with {@link System#nanoTime()}.
 */
public final class FusionHarness {

  private FusionHarness() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println(
          "usage: FusionHarness SPEC.json ROUNDS WARMUP [-- NAME COMMAND ARGS... [;; NAME ...]]");
      System.exit(2);
    }
    Path specFile = Path.of(args[0]).toAbsolutePath().normalize();
    int rounds = Integer.parseInt(args[1]);
    int warmup = Integer.parseInt(args[2]);
    Map<String, List<String>> commands = new LinkedHashMap<>();
    int separator = Arrays.asList(args).indexOf("--");
    if (separator >= 0) {
      List<String> group = new ArrayList<>();
      for (String arg : Arrays.asList(args).subList(separator + 1, args.length)) {
        if (arg.equals(";;")) {
          add(commands, group);
          group = new ArrayList<>();
        } else {
          group.add(arg);
        }
      }
      add(commands, group);
    }

    ClassLoader loader = FusionHarness.class.getClassLoader();
    OperatorRegistry operators = OperatorRegistry.load(loader);
    MediaBackend backend = LocalRun.findBackend(loader).orElseThrow();
    LocalRun local = LocalRun.builder().operators(operators).mediaBackend(backend).build();
    List<String> names = new ArrayList<>();
    names.add("");
    names.addAll(commands.keySet());

    for (int i = -warmup; i < rounds; i++) {
      Map<String, String> figures = new LinkedHashMap<>();
      Map<String, String> timed = new LinkedHashMap<>();
      for (int k = 0; k < names.size(); k++) {
        String name = names.get(Math.floorMod(i + k, names.size()));
        if (!name.isEmpty()) {
          timed.put(name, format(seconds(time(commands.get(name)))));
          continue;
        }
        long started = System.nanoTime();
        long planned;
        try (LocalRun.Prepared job = local.prepare(specFile)) {
          planned = System.nanoTime();
          job.run(true, progress -> {});
        }
        long ran = System.nanoTime();
        figures.put("prepare", format(seconds(planned - started)));
        figures.put("run", format(seconds(ran - planned)));
        figures.put("total", format(seconds(ran - started)));
      }
      StringBuilder line = new StringBuilder(i < 0 ? "warmup round " : "round ").append(i);
      figures.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
      for (String name : commands.keySet()) {
        line.append(' ').append(name).append('=').append(timed.get(name));
      }
      line.append(String.format(Locale.ROOT, " load=%s", loadAverage()));
      System.out.println(line);
      System.out.flush();
    }
  }

  private static void add(Map<String, List<String>> commands, List<String> group) {
    if (group.size() < 2) {
      throw new IllegalArgumentException("each command needs a name and a program: " + group);
    }
    commands.put(group.get(0), List.copyOf(group.subList(1, group.size())));
  }

  private static String format(double seconds) {
    return String.format(Locale.ROOT, "%.3f", seconds);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static long time(List<String> command) throws IOException, InterruptedException {
    long started = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    int exit = process.waitFor();
    long elapsed = System.nanoTime() - started;
    if (exit != 0) {
      throw new IllegalStateException("command failed with exit " + exit + ": " + command);
    }
    return elapsed;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
