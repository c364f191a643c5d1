package io.mediaflow.benchmarks.rule;

import io.mediaflow.api.rule.CronTrigger;
import io.mediaflow.internal.rule.schedule.DueSlots;
import io.mediaflow.internal.rule.schedule.ScheduleIndex;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One scheduler tick of the in-memory schedule index: 100,000 registered cron triggers over 1,000
 * distinct expressions, each tick taking the 1,000 due slots ({@link ScheduleIndex#due}) and moving
 * each schedule to its next fire time ({@link ScheduleIndex#advanced}). Target: at most 10 ms a
 * tick; results in {@code docs/benchmarks.md} ("Issue 15 — schedule tick").
 *
 * <p>The 1,000 expressions are ten spellings of a daily time ({@code m h * * *}, {@code m h * *
 * 0-6}, …) for each of the first 100 minutes of the day, each shared by 100 triggers: every minute
 * from 00:00 to 01:39 ten expressions, so 1,000 triggers, are due. Each tick moves the clock one
 * minute (from 01:39 to 00:00 of the next day), so every tick fires 1,000 slots and computes the
 * next fire time of ten expressions.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScheduleTickBenchmark {

  /** Registered triggers. */
  static final int TRIGGERS = 100_000;

  /** Distinct expressions among them. */
  static final int EXPRESSIONS = 1_000;

  /** Minutes of the day that have slots: 00:00 to 01:39. */
  static final int MINUTES = 100;

  /** Ten spellings of "daily at h:m", all firing at the same instants. */
  static final List<String> SPELLINGS =
      List.of(
          "%d %d * * *",
          "%d %d * * 0-6",
          "%d %d 1-31 * *",
          "%d %d * 1-12 *",
          "%d %d 1-31 1-12 *",
          "%d %d */1 * *",
          "%d %d * */1 *",
          "%d %d * * */1",
          "%d %d * 1-12 0-6",
          "%d %d 1-31 */1 *");

  static final Instant START = Instant.parse("2026-12-03T00:00:00Z");

  ScheduleIndex index;
  Instant now;

  /** The 1,000 distinct expressions, expression {@code i} firing at minute {@code i / 10}. */
  static List<String> expressions() {
    List<String> out = new ArrayList<>(EXPRESSIONS);
    for (int i = 0; i < EXPRESSIONS; i++) {
      int minuteOfDay = i / SPELLINGS.size();
      out.add(
          String.format(SPELLINGS.get(i % SPELLINGS.size()), minuteOfDay % 60, minuteOfDay / 60));
    }
    return out;
  }

  /** An index holding {@link #TRIGGERS} triggers, each at its first fire time after {@code at}. */
  static ScheduleIndex filled(Instant at) {
    List<String> expressions = expressions();
    ScheduleIndex index = new ScheduleIndex();
    for (int i = 0; i < TRIGGERS; i++) {
      CronTrigger trigger = CronTrigger.unix(expressions.get(i % EXPRESSIONS));
      index.put("rule-" + i, trigger, index.firstFireTime(trigger, at).orElseThrow());
    }
    return index;
  }

  @Setup(Level.Trial)
  public void setUp() {
    index = filled(START.minusSeconds(1));
    now = START.minusSeconds(60);
  }

  /** One tick: the due slots taken and every due schedule advanced; returns how many fired. */
  @Benchmark
  public int tick() {
    now = now.plusSeconds(60);
    if (now.atZone(java.time.ZoneOffset.UTC).toLocalTime().toSecondOfDay() >= MINUTES * 60) {
      now = now.plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
    }
    List<DueSlots> due = index.due(now, 2 * EXPRESSIONS);
    int fired = 0;
    for (DueSlots d : due) {
      fired += d.slots().size();
      index.advanced(d.scheduleId(), d.next());
    }
    if (fired != TRIGGERS / MINUTES) {
      throw new IllegalStateException("a tick at " + now + " fired " + fired + " slots");
    }
    return fired;
  }
}
