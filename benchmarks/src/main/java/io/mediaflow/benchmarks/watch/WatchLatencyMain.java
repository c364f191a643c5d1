package io.mediaflow.benchmarks.watch;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.MediaFlow;
import io.mediaflow.Workspace;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.rule.FileTrigger;
import io.mediaflow.api.rule.OverlapPolicy;
import io.mediaflow.api.rule.Rule;
import io.mediaflow.api.rule.RuleSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A folder receiving {@code -Dfiles} (10,000) small files: the time from the last file's completion
 * (its write closed) to the last run started (its action entered), on one engine with its own rule
 * loop and the real clock, in-memory storage, debounce {@code -Ddebounce} (PT1S), the default
 * rescan (PT1M: the files are found by change notices). The runs overlap freely ({@code allow_all})
 * so that the engine's workers, not a concurrency limit, start them. A warm-up of 500 files runs
 * first; each of {@code -Dreps} (3) repetitions writes into a new sub-folder of the same watched
 * folder. {@code benchmarks/run-watch.sh}.
 */
public final class WatchLatencyMain {

  private WatchLatencyMain() {}

  /** Runs the warm-up and the repetitions, printing each. */
  public static void main(String[] args) throws Exception {
    int files = Integer.getInteger("files", 10_000);
    int reps = Integer.getInteger("reps", 3);
    Duration debounce = Duration.parse(System.getProperty("debounce", "PT1S"));
    Path base = Files.createTempDirectory("mediaflow-watch-latency");
    Path in = Files.createDirectory(base.resolve("in"));
    AtomicInteger started = new AtomicInteger();
    AtomicLong lastStart = new AtomicLong();
    MediaFlow flow =
        MediaFlow.builder()
            .storage(new InMemoryStorage())
            .workspace(Workspace.builder().baseDirectory(base).build())
            .action(marking(started, lastStart))
            .build();
    try {
      flow.start();
      flow.rules()
          .register(
              Rule.builder("incoming")
                  .trigger(FileTrigger.folder("in").recursive(true).debounce(debounce))
                  .action("bench.mark", Map.of())
                  .settings(RuleSettings.DEFAULTS.withConcurrency(1, OverlapPolicy.ALLOW_ALL))
                  .build());
      int expected = 0;
      for (int rep = -1; rep < reps; rep++) {
        int n = rep < 0 ? 500 : files;
        expected += n;
        Path folder = Files.createDirectory(in.resolve("rep" + (rep + 1)));
        long t0 = System.nanoTime();
        BenchFolders.write(folder, "f", n, 1);
        long lastWritten = System.nanoTime();
        long deadline = lastWritten + TimeUnit.MINUTES.toNanos(5);
        while (started.get() < expected) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(started.get() + " of " + expected + " runs started");
          }
          Thread.sleep(5); // a benchmark harness waiting for the engine, not engine logic
        }
        long latency = lastStart.get() - lastWritten;
        System.out.printf(
            "%s: %,d files written in %,d ms; last file complete -> last run started: %,d ms"
                + " (debounce %s, so %,d ms beyond it)%n",
            rep < 0 ? "warm-up" : "rep " + rep,
            n,
            (lastWritten - t0) / 1_000_000,
            latency / 1_000_000,
            debounce,
            (latency - debounce.toNanos()) / 1_000_000);
      }
    } finally {
      flow.close();
      BenchFolders.delete(base);
    }
  }

  /** {@code bench.mark}: counts its runs and keeps the time the latest one started. */
  static Action marking(AtomicInteger started, AtomicLong lastStart) {
    return new Action() {
      @Override
      public ActionDescriptor descriptor() {
        return ActionDescriptor.builder("bench.mark").build();
      }

      @Override
      public ActionResult execute(ActionContext ctx, Params params) {
        long now = System.nanoTime();
        lastStart.accumulateAndGet(now, Math::max);
        started.incrementAndGet();
        return ActionResult.empty();
      }
    };
  }
}
