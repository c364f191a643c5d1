package io.mediaflow;

import static io.mediaflow.MediaFlowEngineTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.rule.FileTrigger;
import io.mediaflow.api.rule.Rule;
import io.mediaflow.api.store.FileStateStore;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.testkit.ManualClock;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watched-folder rules on the engine in calling-thread mode, on a manual clock, in-memory storage
 * and the real file system: a file fires once when complete, across restarts and two engines; a
 * folder that goes and comes back is watched again; glob and recursion choose the files.
 */
class RulesFileTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration SECOND = Duration.ofSeconds(1);

  final ManualClock clock = ManualClock.at(T0);
  final InMemoryStorage storage = new InMemoryStorage();
  final RecordAction record = new RecordAction();
  final List<MediaFlow> flows = new ArrayList<>();

  @TempDir Path dir;
  Path in;

  @BeforeEach
  void folder() throws IOException {
    in = Files.createDirectory(dir.resolve("in"));
  }

  @AfterEach
  void close() {
    flows.forEach(MediaFlow::close);
  }

  MediaFlow flow(Storage on) {
    return started(builder(on).runOnCallingThread());
  }

  MediaFlow.Builder builder(Storage on) {
    return MediaFlow.builder()
        .storage(on)
        .clock(clock)
        .workspace(Workspace.builder().baseDirectory(dir).build())
        .action(record);
  }

  MediaFlow started(MediaFlow.Builder builder) {
    MediaFlow f = builder.build();
    flows.add(f);
    f.start();
    return f;
  }

  /** Files in {@code in}, listed again every second (so no test waits on change notices). */
  static FileTrigger inFolder() {
    return FileTrigger.folder("in").rescan(SECOND);
  }

  static Rule watching(String id, FileTrigger trigger) {
    return Rule.builder(id)
        .trigger(trigger)
        .action("test.record", Map.of("key", id, "value", "${trigger.file.relativePath}"))
        .build();
  }

  /** Advances the clock by {@code step} and ticks, {@code times} times; the runs submitted. */
  int advance(MediaFlow f, Duration step, int times) {
    int fired = 0;
    for (int i = 0; i < times; i++) {
      clock.advance(step);
      fired += f.rules().tick();
    }
    return fired;
  }

  static long runs(MediaFlow f, String ruleId) {
    return f.rules().runs(ruleId, 0, 1).total();
  }

  static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void aFileWrittenInTenChunksOverTwentySecondsFiresOnceWhenComplete() throws IOException {
    MediaFlow f = flow(storage);
    f.rules().register(watching("movies", inFolder()));
    Path movie = in.resolve("movie.mkv");
    byte[] chunk = new byte[64 * 1024];
    for (int i = 0; i < 10; i++) {
      Files.write(movie, chunk, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      assertThat(advance(f, Duration.ofSeconds(2), 1)).as("while writing, chunk %d", i).isZero();
    }
    // the last change was seen at the last tick: 4 s later it is not complete yet, 6 s later it is
    assertThat(advance(f, Duration.ofSeconds(2), 2)).isZero();
    assertThat(advance(f, Duration.ofSeconds(2), 1)).isEqualTo(1);
    assertThat(advance(f, Duration.ofSeconds(5), 3)).isZero();

    f.runDueJobs();
    assertThat(record.values("movies")).containsExactly("movie.mkv");
    Job run = f.rules().runs("movies", 0, 1).items().get(0);
    assertThat(run.payload())
        .contains("\"name\":\"movie.mkv\"")
        .contains("\"size\":" + 10 * chunk.length)
        .contains("\"path\":\"" + in.toRealPath().resolve("movie.mkv") + "\"")
        .contains("\"modifiedAt\":\"");
  }

  @Test
  void aThousandFilesAtOnceFireAThousandRuns() throws IOException {
    MediaFlow f = flow(storage);
    f.rules().register(watching("many", inFolder()));
    for (int i = 0; i < 1000; i++) {
      write(in.resolve("file-" + i + ".ts"), "x" + i);
    }
    assertThat(advance(f, SECOND, 1)).isZero(); // seen: the debounce starts
    assertThat(advance(f, Duration.ofSeconds(5), 1)).isEqualTo(1000);
    assertThat(advance(f, Duration.ofSeconds(5), 2)).isZero();
    assertThat(runs(f, "many")).isEqualTo(1000);
  }

  @Test
  void aFolderDeletedAndCreatedAgainIsWatchedAgain() throws IOException {
    MediaFlow f = flow(storage);
    f.rules().register(watching("back", inFolder()));
    write(in.resolve("a.mkv"), "a");
    assertThat(advance(f, Duration.ofSeconds(3), 3)).isEqualTo(1);

    deleteTree(in);
    assertThat(advance(f, SECOND, 2)).isZero();
    write(in.resolve("b.mkv"), "b");
    assertThat(advance(f, Duration.ofSeconds(3), 3)).isEqualTo(1);

    f.runDueJobs();
    assertThat(record.values("back")).containsExactly("a.mkv", "b.mkv");
  }

  @Test
  void twoEnginesWatchingOneFolderFireOncePerFile() throws IOException {
    MediaFlow a = flow(storage);
    MediaFlow b = flow(storage);
    a.rules().register(watching("shared", inFolder()));
    for (int i = 0; i < 50; i++) {
      write(in.resolve("f" + i + ".wav"), "w" + i);
    }
    int fired = 0;
    for (int i = 0; i < 8; i++) {
      clock.advance(SECOND);
      fired += b.rules().tick() + a.rules().tick();
    }
    assertThat(fired).isEqualTo(50);
    assertThat(runs(a, "shared")).isEqualTo(50);
  }

  @Test
  void aCrashBetweenTheSubmitAndTheClaimLosesNothingAndRunsTheFileOnce() throws IOException {
    // the first engine's claims fail, as if it died right after submitting the runs
    FileStateStore files = storage.files();
    FileStateStore failing =
        (FileStateStore)
            Proxy.newProxyInstance(
                FileStateStore.class.getClassLoader(),
                new Class<?>[] {FileStateStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("claim")) {
                    throw new StorageException(
                        StorageException.STORAGE_UNAVAILABLE, "the engine died here", "");
                  }
                  try {
                    return method.invoke(files, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    Storage crashing =
        (Storage)
            Proxy.newProxyInstance(
                Storage.class.getClassLoader(),
                new Class<?>[] {Storage.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("files")) {
                    return failing;
                  }
                  try {
                    return method.invoke(storage, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    MediaFlow first = flow(crashing);
    first.rules().register(watching("crash", inFolder()));
    write(in.resolve("a.mkv"), "1");
    assertThat(advance(first, Duration.ofSeconds(3), 3)).as("nothing claimed").isZero();
    assertThat(runs(first, "crash")).as("the run was submitted before the claim").isEqualTo(1);
    flows.remove(first);
    first.close();

    MediaFlow second = flow(storage);
    assertThat(advance(second, Duration.ofSeconds(3), 3)).as("claimed now").isEqualTo(1);
    assertThat(runs(second, "crash")).as("the submit again was a duplicate").isEqualTo(1);
    second.runDueJobs();
    assertThat(record.values("crash")).containsExactly("a.mkv");
    assertThat(advance(second, Duration.ofSeconds(3), 3)).isZero();
    assertThat(runs(second, "crash")).isEqualTo(1);
  }

  @Test
  void aRestartFiresWhatArrivedMeanwhileAndNothingTwice() throws IOException {
    MediaFlow first = flow(storage);
    first.rules().register(watching("restart", inFolder()));
    write(in.resolve("before.mkv"), "1");
    assertThat(advance(first, Duration.ofSeconds(3), 3)).isEqualTo(1);
    flows.remove(first);
    first.close();

    write(in.resolve("while-down.mkv"), "2");
    MediaFlow second = flow(storage);
    assertThat(advance(second, Duration.ofSeconds(3), 4)).isEqualTo(1);
    second.runDueJobs();
    assertThat(record.values("restart")).containsExactlyInAnyOrder("before.mkv", "while-down.mkv");
  }

  @Test
  void filesPresentBeforeTheRuleFireOnceEach() throws IOException {
    write(in.resolve("one.mp4"), "1");
    write(in.resolve("two.mp4"), "22");
    MediaFlow f = flow(storage);
    f.rules().register(watching("present", inFolder()));
    assertThat(advance(f, Duration.ofSeconds(3), 4)).isEqualTo(2);
  }

  @Test
  void aFileRenamedIntoPlaceFiresOnce() throws IOException {
    MediaFlow f = flow(storage);
    f.rules().register(watching("renamed", inFolder().glob("*.mkv")));
    Path partial = in.resolve("show.mkv.part");
    write(partial, "still downloading");
    assertThat(advance(f, Duration.ofSeconds(3), 3)).isZero(); // *.part is not taken
    Files.move(partial, in.resolve("show.mkv"), StandardCopyOption.ATOMIC_MOVE);
    Path elsewhere = dir.resolve("tmp/movie.mkv");
    write(elsewhere, "done elsewhere");
    Files.move(elsewhere, in.resolve("movie.mkv"), StandardCopyOption.ATOMIC_MOVE);
    assertThat(advance(f, Duration.ofSeconds(3), 4)).isEqualTo(2);
    f.runDueJobs();
    assertThat(record.values("renamed")).containsExactlyInAnyOrder("show.mkv", "movie.mkv");
  }

  @Test
  void globAndRecursionChooseTheFiles() throws IOException {
    write(in.resolve("a.mkv"), "a");
    write(in.resolve("notes.txt"), "n");
    write(in.resolve("shows/b.mkv"), "b");
    write(in.resolve("shows/deep/c.mkv"), "c");
    write(in.resolve("other/d.mkv"), "d");
    MediaFlow f = flow(storage);
    f.rules().register(watching("flat", inFolder().glob("*.mkv")));
    f.rules().register(watching("deep", inFolder().glob("*.mkv").recursive(true)));
    f.rules().register(watching("shows", inFolder().glob("shows/*.mkv").recursive(true)));
    advance(f, Duration.ofSeconds(3), 4);
    f.runDueJobs();
    assertThat(record.values("flat")).containsExactly("a.mkv");
    assertThat(record.values("deep"))
        .containsExactlyInAnyOrder("a.mkv", "shows/b.mkv", "shows/deep/c.mkv", "other/d.mkv");
    assertThat(record.values("shows")).containsExactly("shows/b.mkv");
  }

  @Test
  void aSubFolderCreatedLaterIsWatchedWhenRecursive() throws IOException {
    MediaFlow f = flow(storage);
    f.rules().register(watching("later", inFolder().recursive(true)));
    advance(f, SECOND, 1);
    write(in.resolve("new/sub/e.flac"), "e");
    assertThat(advance(f, Duration.ofSeconds(3), 4)).isEqualTo(1);
  }

  @Test
  void changeNoticesFindANewFileBeforeTheNextRescan() throws IOException {
    MediaFlow f = flow(storage);
    f.rules()
        .register(
            watching(
                "notices", FileTrigger.folder("in").rescan(Duration.ofHours(1)).debounce(SECOND)));
    advance(f, SECOND, 1); // the first listing
    write(in.resolve("noticed.mkv"), "n");
    // notices arrive asynchronously from the operating system: tick until the file fires
    eventually(
        () -> {
          advance(f, SECOND, 1);
          return runs(f, "notices") == 1;
        },
        "the file fires from its change notice");
    assertThat(clock.instant()).isBefore(T0.plus(Duration.ofHours(1)));
  }

  @Test
  void anEngineWithItsOwnRuleLoopWatchesByItself() throws IOException {
    MediaFlow f = started(builder(storage));
    // debounce 0: the loop's once-a-second look is all the time that must pass
    f.rules().register(watching("looped", inFolder().debounce(Duration.ZERO)));
    write(in.resolve("by-itself.mkv"), "x");

    eventually(
        () -> record.values("looped").contains("by-itself.mkv"),
        "the rule loop fires the file and a worker runs it");
    assertThat(runs(f, "looped")).isEqualTo(1);
  }

  @Test
  void aChangedFileFiresAgainAsANewVersion() throws IOException {
    MediaFlow f = flow(storage);
    f.rules().register(watching("versions", inFolder()));
    Path file = in.resolve("report.csv");
    write(file, "v1");
    assertThat(advance(f, Duration.ofSeconds(3), 3)).isEqualTo(1);
    Files.writeString(file, "version 2");
    assertThat(advance(f, Duration.ofSeconds(3), 3)).isEqualTo(1);
    assertThat(advance(f, Duration.ofSeconds(3), 3)).isZero();
  }

  @Test
  void aFileDeletedAndPutBackFiresAgain() throws IOException {
    MediaFlow f = flow(storage);
    f.rules().register(watching("again", inFolder()));
    Path file = in.resolve("a.mkv");
    write(file, "a");
    assertThat(advance(f, Duration.ofSeconds(3), 3)).isEqualTo(1);
    Path aside = Files.move(file, dir.resolve("a.mkv"));
    assertThat(advance(f, Duration.ofSeconds(3), 2)).isZero();
    assertThat(storage.files().claimed("again", 0, 10)).isEmpty();
    Files.move(aside, file);
    assertThat(advance(f, Duration.ofSeconds(3), 3)).isEqualTo(1);
  }

  @Test
  void aDisabledRuleWatchesNothingAndARemovedOneForgetsItsFiles() throws IOException {
    MediaFlow f = flow(storage);
    f.rules().register(watching("switch", inFolder()));
    f.rules().disable("switch");
    write(in.resolve("a.mkv"), "a");
    assertThat(advance(f, Duration.ofSeconds(3), 3)).isZero();

    f.rules().enable("switch");
    assertThat(advance(f, Duration.ofSeconds(3), 3)).isEqualTo(1);
    assertThat(storage.files().claimed("switch", 0, 10)).hasSize(1);

    f.rules().remove("switch");
    assertThat(storage.files().claimed("switch", 0, 10)).isEmpty();
    write(in.resolve("b.mkv"), "b");
    assertThat(advance(f, Duration.ofSeconds(3), 3)).isZero();
  }

  @Test
  void aFolderOutsideTheWorkspaceIsRefused() {
    MediaFlow f = flow(storage);
    Path outside = dir.getParent();

    assertThatThrownBy(
            () -> f.rules().register(watching("escape", FileTrigger.folder(outside.toString()))))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.violations()).hasSize(1);
              assertThat(e.violations().get(0).path()).isEqualTo("trigger.path");
              assertThat(e.violations().get(0).code()).isEqualTo(ErrorCode.PATH_NOT_ALLOWED);
              assertThat(e.violations().get(0).message())
                  .contains("is outside the allowed folders");
              assertThat(e.violations().get(0).suggestion()).contains("allowRoot");
            });
    assertThatThrownBy(() -> f.rules().register(watching("dots", FileTrigger.folder("in/../.."))))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.violations().get(0).code()).isEqualTo(ErrorCode.PATH_NOT_ALLOWED));
    assertThat(f.rules().get("escape")).isEmpty();
  }

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
