package io.mediaflow.benchmarks;

import io.mediaflow.JobSpecJson;
import io.mediaflow.LocalJobRunner;
import io.mediaflow.Locations;
import io.mediaflow.MediaBackends;
import io.mediaflow.OperatorRegistry;
import io.mediaflow.Planner;
import io.mediaflow.Workspace;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.ffmpeg.ParallelProber;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The FFmpeg fusion benchmark's warm-JVM half (see {@code benchmarks/run-fusion.sh}): runs one job
 * spec with the {@link Planner} and {@link LocalJobRunner} directly, in one JVM, so that the JVM's
 * start-up is out of the figure, and optionally times a given command (the hand-written FFmpeg
 * command) in the same rounds, interleaved.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.mediaflow.benchmarks.FusionHarness \
 *     SPEC.json ROUNDS WARMUP [-- COMMAND ARGS...]
 * </pre>
 *
 * <p>Prints one line per measured round: {@code round N prepare=S run=S total=S [command=S]} in
 * seconds, where <em>prepare</em> is read + validate + probe + plan + verify, and <em>run</em> is
 * {@link LocalJobRunner#run} (the FFmpeg invocation plus the renames into place). Times are taken
 * with {@link System#nanoTime()}.
 */
public final class FusionHarness {

  private FusionHarness() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: FusionHarness SPEC.json ROUNDS WARMUP [-- COMMAND ARGS...]");
      System.exit(2);
    }
    Path specFile = Path.of(args[0]).toAbsolutePath().normalize();
    int rounds = Integer.parseInt(args[1]);
    int warmup = Integer.parseInt(args[2]);
    List<String> command = new ArrayList<>();
    int separator = Arrays.asList(args).indexOf("--");
    if (separator >= 0) {
      command.addAll(Arrays.asList(args).subList(separator + 1, args.length));
    }

    ClassLoader loader = FusionHarness.class.getClassLoader();
    OperatorRegistry operators = OperatorRegistry.load(loader);
    MediaBackend backend = MediaBackends.require(loader);
    Workspace workspace = Workspace.builder().baseDirectory(specFile.getParent()).build();

    for (int i = -warmup; i < rounds; i++) {
      long started = System.nanoTime();
      JobSpec spec = JobSpecJson.read(specFile);
      Planner planner = new Planner(operators);
      ValidationException.throwIfAny(planner.validate(spec));
      Locations locations = workspace.resolve(spec);
      Map<String, MediaInfo> media = ParallelProber.probeAll(backend, locations.inputs());
      ProcessingPlan plan = planner.plan(spec, media, locations);
      ValidationException.throwIfAny(backend.verify(plan));
      long planned = System.nanoTime();
      new LocalJobRunner(backend).run(plan, true, progress -> {});
      long ran = System.nanoTime();
      String line =
          String.format(
              Locale.ROOT,
              "round %d prepare=%.3f run=%.3f total=%.3f",
              i,
              seconds(planned - started),
              seconds(ran - planned),
              seconds(ran - started));
      if (!command.isEmpty()) {
        line += String.format(Locale.ROOT, " command=%.3f", seconds(time(command)));
      }
      System.out.println((i < 0 ? "warmup " : "") + line);
      System.out.flush();
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
