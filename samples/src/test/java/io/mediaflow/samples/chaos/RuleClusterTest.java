package io.mediaflow.samples.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.MediaFlow;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.event.Event;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.WaitReason;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.rule.OverlapPolicy;
import io.mediaflow.api.rule.Rule;
import io.mediaflow.api.rule.RuleSettings;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.jdbc.JdbcStorage;
import io.mediaflow.testkit.ManualClock;
import io.mediaflow.testkit.SimplePool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rules across engines sharing one PostgreSQL, each engine with a store of its own (as separate
 * JVMs would have), on one manual clock, their ticks and publishes racing on real threads: every
 * slot fires once whichever engines tick, and no overlap policy lets two engines together run more
 * of a rule than its {@code maxConcurrent}.
 */
@Timeout(300)
class RuleClusterTest {

  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  // a second past a slot: a schedule's first slot is the first at or after its registration
  final ManualClock clock = ManualClock.at(T0.plusSeconds(1));
  final List<String> recorded = new CopyOnWriteArrayList<>();
  final List<MediaFlow> flows = new ArrayList<>();
  final List<JdbcStorage> stores = new ArrayList<>();
  final ExecutorService threads = Executors.newFixedThreadPool(8);
  SimplePool pool;
  String prefix;

  @BeforeEach
  void connect() {
    pool = ChaosDatabases.postgres();
    prefix = ChaosDatabases.uniquePrefix();
  }

  @AfterEach
  void close() {
    threads.shutdownNow();
    flows.forEach(MediaFlow::close);
    stores.forEach(JdbcStorage::close);
    ChaosDatabases.dropAll(pool, prefix);
    pool.close();
  }

  /** An engine with a store of its own on the shared tables. */
  MediaFlow node(String id) {
    JdbcStorage storage = JdbcStorage.builder(pool).tablePrefix(prefix).build();
    stores.add(storage);
    MediaFlow f =
        MediaFlow.builder()
            .storage(storage)
            .clock(clock)
            .runOnCallingThread()
            .nodeId(id)
            .action(recordAction(recorded::add))
            .build();
    f.start();
    flows.add(f);
    return f;
  }

  @Test
  void threeNodesFireFiftySlotsOnceEach() throws Exception {
    List<MediaFlow> nodes = List.of(node("a"), node("b"), node("c"));
    nodes
        .get(0)
        .rules()
        .register(
            Rule.builder("minutely")
                .cron("* * * * *")
                .action("test.record", Map.of("value", "${trigger.scheduledTime}"))
                .settings(RuleSettings.DEFAULTS.withConcurrency(1, OverlapPolicy.ALLOW_ALL))
                .build());
    for (int slot = 1; slot <= 50; slot++) {
      clock.set(T0.plus(Duration.ofMinutes(slot)));
      all(nodes, f -> f.rules().tick());
      all(nodes, MediaFlow::runDueJobs);
    }
    assertThat(recorded).hasSize(50).doesNotHaveDuplicates();
    assertThat(Set.copyOf(recorded)).contains("2026-03-01T00:01:00Z", "2026-03-01T00:50:00Z");
    assertThat(nodes.get(2).rules().get("minutely").orElseThrow().counters().executions())
        .isEqualTo(50);
  }

  @ParameterizedTest
  @EnumSource(OverlapPolicy.class)
  void twoEnginesHoldTheOverlapPolicyTogether(OverlapPolicy policy) throws Exception {
    List<MediaFlow> nodes = List.of(node("a"), node("b"));
    nodes
        .get(0)
        .rules()
        .register(
            Rule.builder("slow")
                .onEvent("tick.now")
                .action("system.wait", Map.of("duration", "1h"))
                .action("test.record", Map.of("value", "${trigger.n}"))
                .settings(RuleSettings.DEFAULTS.withConcurrency(2, policy))
                .build());
    nodes.get(1).rules().refresh();
    List<Future<?>> publishes = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      MediaFlow f = nodes.get(t % 2);
      int thread = t;
      publishes.add(
          threads.submit(
              () -> {
                for (int i = 0; i < 10; i++) {
                  f.events().publish(Event.of("tick.now", T0, Map.of("n", thread * 100 + i)));
                }
              }));
    }
    for (Future<?> p : publishes) {
      p.get();
    }
    List<Job> runs = nodes.get(0).storage().jobs().query(JobQuery.all().withPage(0, 1000)).items();
    long holding =
        runs.stream()
            .filter(j -> !j.state().isTerminal() && j.state() != JobState.DEAD)
            .filter(j -> j.waitReason().filter(r -> r == WaitReason.OVERLAP).isEmpty())
            .count();
    long buffered =
        runs.stream()
            .filter(j -> j.waitReason().filter(r -> r == WaitReason.OVERLAP).isPresent())
            .count();
    switch (policy) {
      case SKIP -> assertThat(runs).hasSize(2);
      case BUFFER_ONE -> {
        assertThat(holding).isEqualTo(2);
        assertThat(buffered).isEqualTo(1);
      }
      case BUFFER_ALL -> {
        assertThat(holding).isEqualTo(2);
        assertThat(buffered).isEqualTo(78);
      }
      case CANCEL_OTHER -> {
        // the third cancels both, the fourth starts beside it, …: the 80th leaves two
        assertThat(holding).isEqualTo(2);
        assertThat(runs).filteredOn(j -> j.state() == JobState.CANCELLED).hasSize(78);
      }
      case ALLOW_ALL -> assertThat(holding).isEqualTo(80);
    }
    if (policy != OverlapPolicy.ALLOW_ALL) {
      assertThat(holding).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void aRuleRegisteredOnOneEngineReachesAnotherAtOnce() {
    JdbcStorage storage = JdbcStorage.builder(pool).tablePrefix(prefix).build();
    stores.add(storage);
    // the other engine runs its scheduler thread with a poll interval far longer than the wait:
    // only PostgreSQL's notification can tell it in time
    MediaFlow watcher =
        MediaFlow.builder()
            .storage(storage)
            .workers(1)
            .pollInterval(Duration.ofMinutes(5))
            .nodeId("watcher")
            .action(recordAction(recorded::add))
            .build();
    watcher.start();
    flows.add(watcher);
    MediaFlow editor = node("editor");
    long start = System.nanoTime();
    editor
        .rules()
        .register(
            Rule.builder("seen")
                .onEvent("file.seen")
                .action("test.record", Map.of("value", "${trigger.eventId}"))
                .settings(RuleSettings.DEFAULTS.withConcurrency(1, OverlapPolicy.ALLOW_ALL))
                .build());
    int n = 0;
    while (editor.rules().runs("seen", 0, 1).items().isEmpty()) {
      assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(10).toNanos());
      watcher.events().publish(Event.of("file.seen", T0, Map.of("eventId", "e" + n++)));
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  private void all(List<MediaFlow> nodes, Consumer<MediaFlow> step) throws Exception {
    List<Future<?>> done = new ArrayList<>();
    for (MediaFlow f : nodes) {
      done.add(threads.submit(() -> step.accept(f)));
    }
    for (Future<?> d : done) {
      d.get();
    }
  }

  /** {@code test.record}: hands its {@code value} to {@code sink}, once per run. */
  static Action recordAction(Consumer<String> sink) {
    return new Action() {
      @Override
      public ActionDescriptor descriptor() {
        return ActionDescriptor.builder("test.record")
            .param(ParamSpec.builder("value", ParamType.STRING).required().build())
            .dryRun(DryRun.PLACEHOLDERS)
            .build();
      }

      @Override
      public ActionResult execute(ActionContext ctx, Params params) throws Exception {
        String value = params.getString("value");
        ctx.step(
            "record",
            String.class,
            () -> {
              sink.accept(value); // a step: once per run
              return value;
            });
        return ActionResult.of(Map.of());
      }
    };
  }
}
