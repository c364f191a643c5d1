package io.mediaflow.benchmarks.condition;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.condition.CompiledCondition;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Evaluations per second of a compiled 10-clause condition (an {@code and} of comparisons of every
 * common kind: numbers, a duration, texts, a boolean, a list, {@code in}) over an event map, all
 * clauses true so every one is evaluated. Target: at least 5,000,000 evaluations/s on the 2-core
 * build machine; results in {@code docs/benchmarks.md} ("Issue 14 — conditions").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ConditionBenchmark {

  /** The condition: ten clauses, in the JSON form a rule or a workflow would hold. */
  static final String CONDITION =
      "{\"type\": \"and\", \"conditions\": ["
          + "{\"left\": {\"source\": \"event\", \"path\": \"type\"}, \"op\": \"eq\","
          + " \"right\": \"download.completed\"},"
          + "{\"left\": {\"source\": \"event\", \"path\": \"size\"}, \"op\": \"gt\","
          + " \"right\": 1000000},"
          + "{\"left\": {\"source\": \"event\", \"path\": \"duration\"}, \"op\": \"gte\","
          + " \"right\": \"30m\"},"
          + "{\"left\": {\"source\": \"event\", \"path\": \"file.ext\"}, \"op\": \"in\","
          + " \"right\": [\"mp4\", \"mkv\", \"webm\"]},"
          + "{\"left\": {\"source\": \"event\", \"path\": \"title\"}, \"op\": \"contains\","
          + " \"right\": \"podcast\"},"
          + "{\"left\": {\"source\": \"event\", \"path\": \"channel.isFavorite\"}, \"op\": \"eq\","
          + " \"right\": true},"
          + "{\"left\": {\"source\": \"event\", \"path\": \"path\"}, \"op\": \"startsWith\","
          + " \"right\": \"/media/\"},"
          + "{\"left\": {\"source\": \"event\", \"path\": \"path\"}, \"op\": \"endsWith\","
          + " \"right\": \".mp4\"},"
          + "{\"left\": {\"source\": \"event\", \"path\": \"tags\"}, \"op\": \"contains\","
          + " \"right\": \"new\"},"
          + "{\"left\": \"${event.priority}\", \"op\": \"lt\", \"right\": 5}"
          + "]}";

  private MediaFlow flow;
  private CompiledCondition condition;
  private Map<String, Object> data;

  @Setup(Level.Trial)
  public void setUp() {
    flow = MediaFlow.builder().storage(new InMemoryStorage()).runOnCallingThread().build();
    condition = flow.conditions().compile(CONDITION);
    data =
        Map.of(
            "event",
            Map.of(
                "type",
                "download.completed",
                "size",
                734_003_200L,
                "duration",
                2400.5,
                "file",
                Map.of("ext", "mp4"),
                "title",
                "weekly podcast #12",
                "channel",
                Map.of("isFavorite", true),
                "path",
                "/media/podcasts/weekly-12.mp4",
                "tags",
                List.of("audio", "new"),
                "priority",
                3));
    if (!condition.test(data)) {
      throw new IllegalStateException("the benchmark's condition must hold for its data");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    flow.close();
  }

  /** One evaluation of the compiled condition. */
  @Benchmark
  public boolean evaluate() {
    return condition.test(data);
  }
}
