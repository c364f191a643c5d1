package io.mediaflow.samples.chaos;

import static io.mediaflow.samples.chaos.RuleClusterTest.recordAction;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.MediaFlow;
import io.mediaflow.Workspace;
import io.mediaflow.api.rule.FileTrigger;
import io.mediaflow.api.rule.Rule;
import io.mediaflow.api.store.Storage;
import io.mediaflow.jdbc.JdbcStorage;
import io.mediaflow.testkit.ManualClock;
import io.mediaflow.testkit.SimplePool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watched folder on real JDBC stores: two engines ticking at the same moment on one folder fire
 * once per file (H2 file database and the local PostgreSQL), and an engine restarted on the same H2
 * file fires only what arrived while it was down.
 */
class WatchedFolderClusterTest {

  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  static final int FILES = 200;

  final ManualClock clock = ManualClock.at(T0);
  final List<String> recorded = new CopyOnWriteArrayList<>();
  final List<MediaFlow> flows = new ArrayList<>();
  final List<JdbcStorage> stores = new ArrayList<>();
  final ExecutorService threads = Executors.newFixedThreadPool(2);

  @TempDir Path dir;
  Path in;

  @BeforeEach
  void folder() throws IOException {
    in = Files.createDirectory(dir.resolve("in"));
  }

  @AfterEach
  void close() {
    threads.shutdownNow();
    flows.forEach(MediaFlow::close);
    stores.forEach(JdbcStorage::close);
  }

  MediaFlow node(String id, JdbcStorage storage) {
    stores.add(storage);
    MediaFlow f =
        MediaFlow.builder()
            .storage(storage)
            .clock(clock)
            .workspace(Workspace.builder().baseDirectory(dir).build())
            .runOnCallingThread()
            .nodeId(id)
            .action(recordAction(recorded::add))
            .build();
    f.start();
    flows.add(f);
    return f;
  }

  static Rule watching() {
    return Rule.builder("incoming")
        .trigger(FileTrigger.folder("in").rescan(Duration.ofSeconds(1)))
        .action("test.record", Map.of("value", "${trigger.file.name}"))
        .build();
  }

  void writeFiles(String prefix, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      Files.writeString(in.resolve(prefix + i + ".mkv"), prefix + i);
    }
  }

  /** Advances the clock a second at a time, each time ticking both engines at once. */
  int tickTogether(MediaFlow a, MediaFlow b, int seconds) throws Exception {
    int fired = 0;
    for (int s = 0; s < seconds; s++) {
      clock.advance(Duration.ofSeconds(1));
      List<Callable<Integer>> ticks = List.of(() -> a.rules().tick(), () -> b.rules().tick());
      for (Future<Integer> f : threads.invokeAll(ticks)) {
        fired += f.get();
      }
    }
    return fired;
  }

  void twoEnginesFireOncePerFile(JdbcStorage first, JdbcStorage second) throws Exception {
    MediaFlow a = node("a", first);
    MediaFlow b = node("b", second);
    a.rules().register(watching());
    b.rules().refresh();
    writeFiles("f", FILES);

    assertThat(tickTogether(a, b, 8)).isEqualTo(FILES);
    assertThat(tickTogether(a, b, 4)).isZero();
    a.runDueJobs();
    b.runDueJobs();
    assertThat(recorded).hasSize(FILES).doesNotHaveDuplicates();
    assertThat(a.rules().runs("incoming", 0, 1).total()).isEqualTo(FILES);
  }

  @Test
  void twoEnginesOnOneH2FileFireOncePerFile() throws Exception {
    Path db = dir.resolve("store");
    twoEnginesFireOncePerFile(JdbcStorage.h2(db), JdbcStorage.h2(db));
  }

  @Test
  void twoEnginesOnPostgresFireOncePerFile() throws Exception {
    SimplePool pool = ChaosDatabases.postgres();
    String prefix = ChaosDatabases.uniquePrefix();
    try {
      twoEnginesFireOncePerFile(
          JdbcStorage.builder(pool).tablePrefix(prefix).build(),
          JdbcStorage.builder(pool).tablePrefix(prefix).build());
    } finally {
      flows.forEach(MediaFlow::close);
      flows.clear();
      stores.forEach(JdbcStorage::close);
      stores.clear();
      ChaosDatabases.dropAll(pool, prefix);
      pool.close();
    }
  }

  @Test
  void anEngineRestartedOnTheSameH2FileFiresOnlyWhatArrivedMeanwhile() throws Exception {
    Path db = dir.resolve("store");
    MediaFlow first = node("first", JdbcStorage.h2(db));
    first.rules().register(watching());
    writeFiles("before", 20);
    assertThat(advance(first, 8)).isEqualTo(20);
    first.runDueJobs();
    flows.remove(first);
    first.close();
    stores.remove(0).close();

    writeFiles("meanwhile", 5);
    MediaFlow second = node("second", JdbcStorage.h2(db));
    assertThat(advance(second, 8)).isEqualTo(5);
    second.runDueJobs();
    assertThat(recorded).hasSize(25).doesNotHaveDuplicates();
    Storage again = stores.get(0);
    assertThat(again.files().claimed("incoming", 0, 100)).hasSize(25);
  }

  int advance(MediaFlow f, int seconds) {
    int fired = 0;
    for (int s = 0; s < seconds; s++) {
      clock.advance(Duration.ofSeconds(1));
      fired += f.rules().tick();
    }
    return fired;
  }
}
