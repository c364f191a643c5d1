package io.mediaflow.benchmarks.template;

import io.mediaflow.internal.template.CompiledTemplate;
import io.mediaflow.internal.template.Templates;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Renders of a compiled path template of five expressions, as a workflow's {@code media.move}
 * destination would be: {@code Podcasts/{{date:YYYY-MM}}/{{trigger.show | slug}}/{{title |
 * truncate(40)}}-{{nodes.probe.output.height}}p.{{trigger.ext | lower}}} against a run's scope (a
 * bare name, a filter on each of three, the trigger time, a node output), each value sanitised as a
 * path segment. {@code compiled} is the render alone; {@code cached} adds the cache look-up a
 * runner makes for each parameter. Target: at least 2,000,000 renders/s; results in {@code
 * docs/benchmarks.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TemplateBenchmark {

  /** The template measured: five expressions, four texts between them. */
  public static final String TEMPLATE =
      "Podcasts/{{date:YYYY-MM}}/{{trigger.show | slug}}/{{title | truncate(40)}}"
          + "-{{nodes.probe.output.height}}p.{{trigger.ext | lower}}";

  private CompiledTemplate compiled;
  private Map<String, Object> scope;

  /** Compiles the template once and builds a run's scope. */
  @Setup
  public void setup() {
    compiled = Templates.standard().compile(TEMPLATE, "benchmark");
    Map<String, Object> trigger = new HashMap<>();
    trigger.put("show", "The Weekly Show");
    trigger.put("ext", "MP3");
    trigger.put("path", "/media/in/episode-42.mp4");
    Map<String, Object> vars = new HashMap<>();
    vars.put("title", "Episode 42: what the templates cost");
    scope = new HashMap<>();
    scope.put("trigger", trigger);
    scope.put("vars", vars);
    scope.put("nodes", Map.of("probe", Map.of("output", Map.of("height", 720))));
    scope.put("run", Map.of("id", "r1", "startedAt", Instant.parse("2026-12-03T18:00:00Z")));
    scope.put("workflow", Map.of("id", "podcast"));
    String out = compiled.renderPath(scope, "benchmark");
    String expected =
        "Podcasts/2026-12/the-weekly-show/Episode 42: what the templates cost-720p.mp3";
    if (!out.equals(expected)) {
      throw new IllegalStateException("rendered " + out + ", expected " + expected);
    }
  }

  /** One render of the compiled template. */
  @Benchmark
  public String compiled() {
    return compiled.renderPath(scope, "benchmark");
  }

  /** One render with the cache look-up a runner makes. */
  @Benchmark
  public String cached() {
    return Templates.renderPath(TEMPLATE, scope, "benchmark");
  }
}
