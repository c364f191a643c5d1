package io.mediaflow.benchmarks.durable;

import com.zaxxer.hikari.HikariDataSource;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.operator.Params;
import io.mediaflow.jdbc.JdbcStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Issue 13's benchmark ({@code benchmarks/run-durable.sh} with {@code -Dgraph=true}): a workflow
 * graph of 10 no-op action nodes in a line against the 10-step code workflow of issue 12's (a1)
 * ({@code ctx.step} × 10), on one engine in this JVM, same settings for both (JdbcStorage on
 * PostgreSQL, pool {@code mediaflowPool}, {@code workers} threads, no retries, the server's {@code
 * synchronous_commit}), interleaved: each repetition runs {@code flows} of each form, in
 * alternating order; both submitted with {@code submitAll} (a graph run is a {@code workflow} job
 * whose payload carries its definition, as {@code flow.workflows().start} builds it) and timed from
 * the submit until the last {@code job.completed}. Prints runs/s per repetition, the medians and
 * the ratio code / graph (target: the graph costs at most 1.5× the code form).
 *
 * <p>Settings: {@code reps} (5), {@code flows} (2000), {@code workers} (50 per processor), {@code
 * mediaflowPool} (10), {@code out} (benchmarks/target/durable-graph.txt).
 */
public final class GraphMain {

  static final String SCHEMA = "durable_graph";
  static final int REPS = Integer.getInteger("reps", 5);
  static final int FLOWS = Integer.getInteger("flows", 2000);
  static final int WORKERS =
      Integer.getInteger("workers", Runtime.getRuntime().availableProcessors() * 50);
  static final int NODES = 10;

  private final List<String> lines = new ArrayList<>();

  private GraphMain() {}

  public static void main(String[] args) throws Exception {
    new GraphMain().run();
  }

  private void log(String s) {
    System.out.println(s);
    System.out.flush();
    lines.add(s);
  }

  /** The graph: a manual trigger, then {@value #NODES} {@code bench.noop} nodes in a line. */
  static String definition() {
    StringBuilder nodes =
        new StringBuilder("{\"id\":\"start\",\"type\":\"trigger\",\"kind\":\"manual\"}");
    StringBuilder edges = new StringBuilder();
    String prev = "start";
    for (int k = 0; k < NODES; k++) {
      String id = "n" + k;
      nodes.append(",{\"id\":\"").append(id).append("\",\"type\":\"action\",");
      nodes.append("\"action\":\"bench.noop\",\"params\":{}}");
      edges.append(edges.length() == 0 ? "" : ",");
      edges.append("{\"from\":\"").append(prev).append("\",\"to\":\"").append(id).append("\"}");
      prev = id;
    }
    return "{\"version\":1,\"id\":\"ten\",\"name\":\"Ten no-op nodes\",\"nodes\":["
        + nodes
        + "],\"edges\":["
        + edges
        + "]}";
  }

  /** A no-op action: no step of its own, nothing done; its node's cost is the runner's. */
  static Action noop() {
    return new Action() {
      @Override
      public ActionDescriptor descriptor() {
        return ActionDescriptor.builder("bench.noop").build();
      }

      @Override
      public ActionResult execute(ActionContext ctx, Params params) {
        return ActionResult.empty();
      }
    };
  }

  private void run() throws Exception {
    Db.ensureDatabase(Db.MEDIAFLOW_DB);
    try (HikariDataSource ds = Db.pool(Db.MEDIAFLOW_URL, null, 1)) {
      Db.exec(ds, "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
      Db.exec(ds, "CREATE SCHEMA " + SCHEMA);
    }
    HikariDataSource ds = Db.pool(Db.MEDIAFLOW_URL, SCHEMA, MediaflowSide.POOL);
    JdbcStorage storage = JdbcStorage.postgres(ds);
    String payload =
        "{\"workflow\":" + definition() + ",\"input\":{},\"dryRun\":false}"; // as workflows() does
    MediaFlow flow =
        MediaFlow.builder()
            .storage(storage)
            .workers(WORKERS)
            .nodeId("graph-bench")
            .retryPolicy(RetryPolicy.none())
            .handler("ten", MediaflowSide::ten)
            .action(noop())
            .build()
            .start();
    AtomicLong completed = new AtomicLong();
    flow.events().subscribe("job.completed", e -> completed.incrementAndGet());
    log(
        String.format(
            Locale.ROOT,
            "# graph vs code: reps=%d flows=%d workers=%d pool=%d; %d CPUs, Java %s, %s",
            REPS,
            FLOWS,
            WORKERS,
            MediaflowSide.POOL,
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"),
            load()));
    log(
        "# "
            + Db.text(
                ds,
                "SELECT 'PostgreSQL ' || current_setting('server_version') || ',"
                    + " synchronous_commit=' || current_setting('synchronous_commit') || ', fsync='"
                    + " || current_setting('fsync')"));
    double[] code = new double[REPS];
    double[] graph = new double[REPS];
    double[] codeCommits = new double[REPS];
    double[] graphCommits = new double[REPS];
    try {
      // warm-up: both forms once, a tenth of the size
      time(flow, completed, "ten", "0", Math.max(1, FLOWS / 10));
      time(flow, completed, "workflow", payload, Math.max(1, FLOWS / 10));
      for (int rep = 0; rep < REPS; rep++) {
        boolean codeFirst = rep % 2 == 0;
        for (int i = 0; i < 2; i++) {
          long c0 = Db.commits(ds);
          if ((i == 0) == codeFirst) {
            code[rep] = time(flow, completed, "ten", "0", FLOWS);
            codeCommits[rep] = (Db.commits(ds) - c0) / (double) FLOWS;
          } else {
            graph[rep] = time(flow, completed, "workflow", payload, FLOWS);
            graphCommits[rep] = (Db.commits(ds) - c0) / (double) FLOWS;
          }
        }
        log(
            String.format(
                Locale.ROOT,
                "rep %d (%s first): code %.0f runs/s (%.1f commits/run), graph %.0f runs/s"
                    + " (%.1f commits/run), graph costs %.2fx",
                rep,
                codeFirst ? "code" : "graph",
                code[rep],
                codeCommits[rep],
                graph[rep],
                graphCommits[rep],
                code[rep] / graph[rep]));
      }
      long failed =
          Db.count(
              ds,
              "SELECT count(*) FROM mediaflow_jobs WHERE state IN ('FAILED','DEAD','CANCELLED')");
      if (failed > 0) {
        throw new IllegalStateException(failed + " runs failed");
      }
    } finally {
      flow.close();
      storage.close();
      ds.close();
    }
    double mc = DurableMain.median(code);
    double mg = DurableMain.median(graph);
    log(
        String.format(
            Locale.ROOT,
            "median: code (ctx.step x10) %.0f runs/s %s, graph (10 action nodes) %.0f runs/s %s;"
                + " the graph costs %.2fx the code form (target <= 1.5x: %s); load after: %s",
            mc,
            Arrays.toString(round(code)),
            mg,
            Arrays.toString(round(graph)),
            mc / mg,
            mc / mg <= 1.5 ? "met" : "missed",
            load()));
    Path out = Path.of(System.getProperty("out", "benchmarks/target/durable-graph.txt"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.write(out, lines, StandardCharsets.UTF_8);
  }

  /** Submits {@code n} jobs of {@code type} and waits for them: runs/s. */
  private static double time(
      MediaFlow flow, AtomicLong completed, String type, String payload, int n) {
    long target = completed.get() + n;
    long t0 = System.nanoTime();
    List<JobRequest> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      batch.add(JobRequest.of(type, payload).withMaxAttempts(1));
      if (batch.size() == MediaflowSide.BATCH || i == n - 1) {
        flow.submitAll(batch);
        batch = new ArrayList<>();
      }
    }
    while (completed.get() < target) {
      LockSupport.parkNanos(100_000);
    }
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  private static long[] round(double[] v) {
    return Arrays.stream(v).mapToLong(Math::round).toArray();
  }

  private static String load() {
    try {
      return "loadavg " + Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "loadavg n/a";
    }
  }
}
