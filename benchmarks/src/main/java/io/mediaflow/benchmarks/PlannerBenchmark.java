package io.mediaflow.benchmarks;

import io.mediaflow.JobLimits;
import io.mediaflow.OperatorRegistry;
import io.mediaflow.Planner;
import io.mediaflow.api.Violation;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.JobSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Validate + plan of job specs of 10, 1,000 and 10,000 operations, shaped as a chain and as a
 * random fan-out tree. Target: 1,000 operations in under 5 ms, and cost growing no worse than n log
 * n. {@code -p operations=100,300,1000,3000,10000,30000 -p shape=chain} draws the whole curve.
 *
 * <p>{@code benchmarks/run-planner.sh} builds and runs it; {@code docs/benchmarks.md} has the
 * results.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// a fixed, pre-touched heap: at 10,000 operations a call allocates ~40 MB, and a heap still
// growing (page faults on fresh memory, young-generation resizing) made the first iterations of
// each fork 2-10x slower than the rest
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 8, time = 1)
public class PlannerBenchmark {

  /** Number of operations in the spec. */
  @Param({"10", "1000", "10000"})
  public int operations;

  /** {@code chain}: each operation reads the previous one; {@code tree}: a random fan-out. */
  @Param({"chain", "tree"})
  public String shape;

  /**
   * {@code stub}: the benchmark's own trim and scale (stable, see {@link StubOperators}); {@code
   * ffmpeg}: the built-in ones found with ServiceLoader.
   */
  @Param({"stub"})
  public String operators;

  private Planner planner;
  private JobSpec spec;
  private JobSpec twin;
  private long calls;
  private Map<String, MediaInfo> media;

  @Setup(Level.Trial)
  public void setUp() {
    OperatorRegistry registry =
        switch (operators) {
          case "stub" -> OperatorRegistry.of(new StubOperators.Trim(), new StubOperators.Scale());
          case "ffmpeg" -> OperatorRegistry.load(PlannerBenchmark.class.getClassLoader());
          default -> throw new IllegalArgumentException("unknown operators: " + operators);
        };
    if (registry.find("trim").isEmpty() || registry.find("scale").isEmpty()) {
      throw new IllegalStateException("no trim or scale operator among " + registry.names());
    }
    // far above the default limits (a few hundred operations): this measures the planner on
    // specs of up to 30,000 operations, and the tree shape has an output per leaf
    int most = Math.max(1, operations);
    planner = new Planner(registry, new JobLimits(1, most, most));
    spec =
        switch (shape) {
          case "chain" -> PlannerSpecs.chain(operations);
          case "tree" -> PlannerSpecs.tree(operations, 42L);
          default -> throw new IllegalArgumentException("unknown shape: " + shape);
        };
    twin =
        switch (shape) {
          case "chain" -> PlannerSpecs.chain(operations);
          default -> PlannerSpecs.tree(operations, 42L);
        };
    if (twin == spec || !twin.equals(spec)) {
      throw new IllegalStateException("the twin spec must be an equal, separate instance");
    }
    media = PlannerSpecs.media();
    List<Violation> violations = planner.validate(spec);
    if (!violations.isEmpty()) {
      throw new IllegalStateException(
          "the benchmark's spec is invalid ("
              + violations.size()
              + " violations), first: "
              + violations.subList(0, Math.min(5, violations.size())));
    }
    ProcessingPlan plan = planner.plan(spec, media);
    int expectedNodes = spec.inputs().size() + spec.operations().size() + spec.outputs().size();
    if (plan.nodes().size() != expectedNodes) {
      throw new IllegalStateException(
          "expected " + expectedNodes + " plan nodes but got " + plan.nodes().size());
    }
  }

  /**
   * What a host does with a submitted spec: validate it, then plan it. Each call takes the other of
   * two equal spec instances: the planner remembers its last validation by instance (so that
   * validate-then-plan validates once), and one instance every time would measure planning alone.
   */
  @Benchmark
  public ProcessingPlan validateAndPlan() {
    JobSpec spec = (calls++ & 1) == 0 ? this.spec : this.twin;
    List<Violation> violations = planner.validate(spec);
    if (!violations.isEmpty()) {
      throw new IllegalStateException("invalid spec: " + violations.get(0));
    }
    return planner.plan(spec, media);
  }
}
