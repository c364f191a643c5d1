package io.mediaflow.benchmarks.rule;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.condition.CompiledCondition;
import io.mediaflow.api.event.Event;
import io.mediaflow.internal.rule.EventIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events matched per second on one thread against 10,000 event-triggered rules, each with a
 * compiled condition (built through {@code flow.conditions()}, as rules get theirs).
 *
 * <p>The rules: 7,000 exact types {@code app<a>.obj<b>.done}, 2,800 patterns {@code
 * app<a>.obj<b>.*}, 100 {@code app<a>.**} and 100 {@code *.obj<b>.done}. The events: 4,096 of the
 * 10,000 types {@code app<a>.obj<b>.done} (a, b from 0 to 99), so one event has 2 to 4 candidate
 * rules; about half of the conditions pass. Target (issue 15): at least 1,000,000 events/s; results
 * in {@code docs/benchmarks.md} ("Issue 15 — rule matching").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EventMatchBenchmark {

  static final int RULES = 10_000;
  static final int EVENTS = 4_096;

  private MediaFlow flow;
  private EventIndex index;
  private Event[] events;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    flow = MediaFlow.builder().storage(new InMemoryStorage()).runOnCallingThread().build();
    Random random = new Random(15);
    List<EventIndex.Entry> entries = new ArrayList<>(RULES);
    int id = 0;
    for (int i = 0; i < 7_000; i++) {
      entries.add(entry(id++, "app" + i / 70 + ".obj" + i % 100 + ".done", random));
    }
    for (int i = 0; i < 2_800; i++) {
      entries.add(entry(id++, "app" + (i * 7) % 100 + ".obj" + (i * 13) % 100 + ".*", random));
    }
    for (int a = 0; a < 100; a++) {
      entries.add(entry(id++, "app" + a + ".**", random));
    }
    for (int b = 0; b < 100; b++) {
      entries.add(entry(id++, "*.obj" + b + ".done", random));
    }
    index = EventIndex.build(entries);
    events = new Event[EVENTS];
    Instant now = Instant.parse("2026-12-03T10:00:00Z");
    for (int i = 0; i < EVENTS; i++) {
      String type = "app" + random.nextInt(100) + ".obj" + random.nextInt(100) + ".done";
      events[i] =
          Event.of(
              type,
              now,
              Map.of(
                  "size", random.nextInt(2_000_000),
                  "path", "/media/in/file-" + i + (i % 2 == 0 ? ".mp4" : ".mkv"),
                  "title", "episode " + i));
    }
    int matched = 0;
    int candidates = 0;
    for (Event e : events) {
      matched += index.match(e).size();
      candidates += index.matchesType(e.type()) ? 1 : 0;
    }
    if (index.size() != RULES || matched == 0 || candidates != EVENTS) {
      throw new IllegalStateException(
          "setup: " + index.size() + " rules, " + matched + " matches, " + candidates);
    }
  }

  /** One of three condition shapes a rule would hold, with its own threshold. */
  private EventIndex.Entry entry(int id, String pattern, Random random) {
    String json =
        switch (id % 3) {
          case 0 ->
              "{\"left\": {\"source\": \"trigger\", \"path\": \"size\"}, \"op\": \"gt\", \"right\": "
                  + random.nextInt(2_000_000)
                  + "}";
          case 1 ->
              "{\"type\": \"and\", \"conditions\": ["
                  + "{\"left\": {\"source\": \"event\", \"path\": \"path\"}, \"op\": \"endsWith\","
                  + " \"right\": \".mp4\"},"
                  + "{\"left\": {\"source\": \"trigger\", \"path\": \"size\"}, \"op\": \"lt\","
                  + " \"right\": "
                  + random.nextInt(2_000_000)
                  + "}]}";
          default ->
              "{\"left\": {\"source\": \"trigger\", \"path\": \"eventType\"}, \"op\": \"startsWith\","
                  + " \"right\": \"app"
                  + random.nextInt(100)
                  + "\"}";
        };
    CompiledCondition condition = flow.conditions().compile(json);
    return new EventIndex.Entry("rule-" + id, pattern, Optional.of(condition));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    flow.close();
  }

  /** The rules one event fires: candidates by type, then their conditions. */
  @Benchmark
  public List<String> match() {
    Event e = events[next];
    next = (next + 1) & (EVENTS - 1);
    return index.match(e);
  }

  /** Whether any rule listens to an event's type, as the publish path asks first. */
  @Benchmark
  public boolean matchesType() {
    Event e = events[next];
    next = (next + 1) & (EVENTS - 1);
    return index.matchesType(e.type());
  }
}
