package io.mediaflow.benchmarks;

import io.mediaflow.InProcessEventBus;
import io.mediaflow.api.event.Event;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Publish-to-delivery throughput of {@link InProcessEventBus}: one publisher thread publishes
 * {@value #EVENTS} events to one subscriber and waits until the subscriber has handled all of them;
 * the score is events per second, end to end.
 *
 * <p>The event is built once (a type and a one-entry map), so the figure is the bus's cost, not the
 * cost of building events. {@code pattern} picks an exact subscription ({@code job.progress}) or a
 * wildcard one ({@code job.*}). Target: at least 5,000,000 events/s on the 2-core build machine;
 * results in {@code docs/benchmarks.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EventBusBenchmark {

  /** Events per benchmark invocation. */
  static final int EVENTS = 100_000;

  @Param({"job.progress", "job.*"})
  public String pattern;

  private InProcessEventBus bus;
  private final Event event =
      Event.of("job.progress", Instant.parse("2026-01-01T00:00:00Z"), Map.of("percent", 50));
  private Counter counter;

  /** Counts on the delivery thread; opens the latch at the expected count. */
  static final class Counter {
    long seen;
    long expected;
    CountDownLatch done;

    void handle() {
      if (++seen == expected) {
        done.countDown();
      }
    }
  }

  @Setup(Level.Trial)
  public void start() {
    bus = InProcessEventBus.ofDefaults();
    counter = new Counter();
    bus.subscribe(pattern, e -> counter.handle());
  }

  @TearDown(Level.Trial)
  public void stop() {
    bus.close();
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void publishAndDeliver() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    // Seen by the delivery thread through the queue: publishing happens-before handling.
    counter.done = done;
    counter.expected = counter.seen + EVENTS;
    for (int i = 0; i < EVENTS; i++) {
      bus.publish(event);
    }
    if (!done.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("events were not delivered within 60 s");
    }
  }
}
