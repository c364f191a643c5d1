package io.mediaflow.samples.chaos;

import static io.mediaflow.samples.ChildProcesses.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediaflow.MediaFlow;
import io.mediaflow.Workspace;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.rule.FileTrigger;
import io.mediaflow.api.rule.OverlapPolicy;
import io.mediaflow.api.rule.Rule;
import io.mediaflow.api.rule.RuleSettings;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.SeenFile;
import io.mediaflow.jdbc.JdbcStorage;
import io.mediaflow.samples.ChildProcesses;
import io.mediaflow.testkit.ManualClock;
import io.mediaflow.testkit.SimplePool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watched folder in a cluster of real processes: three engine JVMs ({@link WatchedFolderNode})
 * share the local PostgreSQL and watch one folder, with a real clock and their own rule loops.
 * Files are waiting before they start and keep arriving (renamed into place) while they run; one
 * engine is killed with SIGKILL half-way and started again later; some files are rewritten after
 * they fired. Each file version has exactly one run in the store — none lost, none twice, also
 * after a quiet period in which every engine lists the folder again — every run completes, and an
 * action ran twice only for a run the killed engine held.
 *
 * <p>CI size: 10 waves of 15 files, one kill, about 15 s. Long variant: {@code
 * benchmarks/run-watch-cluster.sh} (more waves, a kill every 10 of them, each node in turn).
 */
@Timeout(600)
class WatchedFolderProcessesTest {

  static final String RULE = "incoming";
  static final int NODES = 3;
  static final int BEFORE = 30;
  static final int PER_WAVE = 15;
  static final int REWRITTEN = 5;
  static final int KILL_EVERY = 10;
  static final Duration DEBOUNCE = Duration.ofSeconds(1);
  static final Duration RESCAN = Duration.ofSeconds(1);
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void three_engines_one_killed_fire_each_file_version_exactly_once() throws Exception {
    int waves = Integer.getInteger("mediaflow.watch.cluster.waves", 10);
    Path dir = tmp.toRealPath(); // the watch reports real paths
    Path in = Files.createDirectory(dir.resolve("in"));
    Path logs = Files.createDirectories(Path.of("target", "watch-cluster"));
    SimplePool pool = ChaosDatabases.postgres();
    String prefix = ChaosDatabases.uniquePrefix();
    Process[] nodes = new Process[NODES];
    try (JdbcStorage store = JdbcStorage.builder(pool).tablePrefix(prefix).build()) {
      register(store, dir);
      WatchedFolderNode.createLogTable(pool, prefix);
      for (int i = 0; i < BEFORE; i++) {
        arrive(in, "before-" + i, 100 + i); // arrived while no engine ran
      }
      for (int n = 0; n < NODES; n++) {
        nodes[n] = startNode(logs, prefix, dir, "n" + n);
      }
      for (int n = 0; n < NODES; n++) {
        awaitReady(logs.resolve(prefix + "n" + n + ".log"), "n" + n);
      }

      // every 10 waves: a node killed at the 5th, started again at the 7th
      Set<String> killed = new HashSet<>();
      String[] ids = {"n0", "n1", "n2"};
      int victim = -1;
      for (int w = 0; w < waves; w++) {
        for (int i = 0; i < PER_WAVE; i++) {
          arrive(in, "w" + w + "-" + i, 200 + i);
        }
        if (w % KILL_EVERY == KILL_EVERY / 2) {
          victim = (w / KILL_EVERY) % NODES;
          nodes[victim].toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, leases held
          assertThat(nodes[victim].waitFor(10, TimeUnit.SECONDS)).as("killed").isTrue();
          killed.add(ids[victim]);
        }
        if (w % KILL_EVERY == KILL_EVERY / 2 + 2) {
          ids[victim] = "n" + victim + "g" + (w / KILL_EVERY + 1);
          nodes[victim] = startNode(logs, prefix, dir, ids[victim]); // on the same folder
        }
        Thread.sleep(300);
      }
      // a new version of files that fired: another size and modification time fires again
      awaitTrue(
          () -> firedPaths(store).containsAll(paths(in, "before-", REWRITTEN)),
          Duration.ofSeconds(60),
          "the first versions of the files to rewrite fired");
      Map<String, Set<String>> firstVersions = versionsByPath(store);
      for (int i = 0; i < REWRITTEN; i++) {
        arrive(in, "before-" + i, 1_000 + i);
      }

      int expected = BEFORE + waves * PER_WAVE + REWRITTEN;
      awaitTrue(
          () -> runs(store).size() >= expected && unfinished(store) == 0,
          Duration.ofSeconds(60L + waves),
          "every file version ran"); // more than expected fails below, naming the versions
      // a quiet period: each engine lists the folder again, debounces and finds nothing new
      Thread.sleep(DEBOUNCE.plus(RESCAN).multipliedBy(2).toMillis());

      List<Job> runs = runs(store);
      Map<String, Integer> perVersion = new TreeMap<>();
      for (Job j : runs) {
        perVersion.merge(version(j), 1, Integer::sum);
      }
      Set<String> onDisk = new HashSet<>();
      try (var files = Files.list(in)) {
        for (Path f : files.toList()) {
          onDisk.add(version(f));
        }
      }
      for (Map.Entry<String, Set<String>> e : firstVersions.entrySet()) {
        onDisk.addAll(e.getValue()); // the rewritten files' first versions
      }
      assertThat(perVersion.entrySet().stream().filter(e -> e.getValue() > 1).toList())
          .as("file versions run more than once")
          .isEmpty();
      assertThat(perVersion.keySet()).isEqualTo(onDisk);
      assertThat(runs).hasSize(expected);
      assertThat(runs).extracting(Job::state).containsOnly(JobState.COMPLETED);

      // the claims: one row per file, at its last version
      List<SeenFile> claimed = store.files().claimed(RULE, 0, 10_000);
      assertThat(claimed).hasSize(BEFORE + waves * PER_WAVE);
      for (SeenFile f : claimed) {
        assertThat(onDisk).contains(f.path() + " " + f.size() + " " + f.modified());
      }

      // executions: every run's action ran; more than once only when the killed node held it
      Map<String, List<String>> executions = executions(pool, prefix);
      assertThat(executions.keySet()).isEqualTo(perVersion.keySet());
      List<String> unjustified = new ArrayList<>();
      int twice = 0;
      for (Map.Entry<String, List<String>> e : executions.entrySet()) {
        if (e.getValue().size() > 1) {
          twice++;
          if (e.getValue().subList(0, e.getValue().size() - 1).stream()
              .noneMatch(killed::contains)) {
            unjustified.add(e.getKey() + " ran on " + e.getValue());
          }
        }
      }
      assertThat(unjustified).as("actions run twice without a kill").isEmpty();
      assertThat(killed).as("kills").isNotEmpty();
      Map<String, Integer> byNode = new TreeMap<>();
      executions.values().forEach(v -> v.forEach(n -> byNode.merge(n, 1, Integer::sum)));
      System.out.printf(
          "WATCH-CLUSTER files=%d versions=%d runs=%d kills=%d re-executed-after-kill=%d"
              + " by node %s%n",
          claimed.size(), onDisk.size(), runs.size(), killed.size(), twice, byNode);
    } finally {
      for (Process p : nodes) {
        if (p != null) {
          p.toHandle().destroyForcibly();
          p.waitFor(10, TimeUnit.SECONDS);
        }
      }
      ChaosDatabases.dropAll(pool, prefix);
      pool.close();
    }
  }

  @Test
  void an_engine_killed_on_an_h2_file_fires_at_restart_only_what_changed_while_it_was_down()
      throws Exception {
    Path dir = tmp.toRealPath();
    Path in = Files.createDirectory(dir.resolve("in"));
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Path file = dir.resolve("store");
    try (JdbcStorage store = JdbcStorage.h2(file)) {
      register(store, dir);
    }
    for (int i = 0; i < 10; i++) {
      arrive(in, "before-" + i, 100 + i);
    }
    Process node = startNode(logs, "h2-", dir, "h2a", "h2", file.toString());
    Path log = logs.resolve("h2-h2a.log");
    try {
      awaitTrue(
          () -> Files.exists(log) && Files.readString(log).split("FIRED ", -1).length > 10,
          Duration.ofSeconds(60),
          "the node ran the 10 files (" + log + ")");
    } finally {
      node.toHandle().destroyForcibly(); // SIGKILL: the H2 file is left as a crash leaves it
      assertThat(node.waitFor(10, TimeUnit.SECONDS)).as("killed").isTrue();
    }
    Set<String> before = new HashSet<>();
    try (var files = Files.list(in)) {
      for (Path f : files.toList()) {
        before.add(version(f));
      }
    }
    // while no engine runs: three new files, one rewritten, one deleted
    for (int i = 0; i < 3; i++) {
      arrive(in, "meanwhile-" + i, 300 + i);
    }
    arrive(in, "before-0", 1_000);
    Files.delete(in.resolve("before-1.bin"));

    ManualClock clock = ManualClock.at(Instant.now());
    List<String> recorded = new CopyOnWriteArrayList<>();
    try (JdbcStorage store = JdbcStorage.h2(file);
        MediaFlow again =
            MediaFlow.builder()
                .storage(store)
                .clock(clock)
                .workspace(Workspace.builder().baseDirectory(dir).build())
                .runOnCallingThread()
                .action(RuleClusterTest.recordAction(recorded::add))
                .build()) {
      again.start();
      for (int s = 0; s < 10; s++) { // past the debounce and the dead node's leases
        clock.advance(Duration.ofSeconds(1));
        again.rules().tick();
        again.runDueJobs();
      }
      Map<String, Integer> perVersion = new TreeMap<>();
      for (Job j : runs(store)) {
        perVersion.merge(version(j), 1, Integer::sum);
        assertThat(j.state()).isEqualTo(JobState.COMPLETED);
      }
      Set<String> changed = new HashSet<>();
      for (String name : List.of("meanwhile-0", "meanwhile-1", "meanwhile-2", "before-0")) {
        changed.add(version(in.resolve(name + ".bin")));
      }
      Set<String> all = new HashSet<>(before);
      all.addAll(changed);
      assertThat(perVersion.values()).as("runs per file version").containsOnly(1);
      assertThat(perVersion.keySet()).isEqualTo(all);
      List<String> changedRecorded = new ArrayList<>();
      for (String v : recorded) {
        String[] parts = v.split(" ");
        String normal = parts[0] + " " + parts[1] + " " + Instant.parse(parts[2]);
        if (!before.contains(normal)) {
          changedRecorded.add(normal);
        }
      }
      // what ran here beyond the changes can only be a run the killed node had not finished
      assertThat(changedRecorded).containsExactlyInAnyOrderElementsOf(changed);
      assertThat(store.files().claimed(RULE, 0, 100)).hasSize(12); // before-1 forgotten
    }
  }

  /** The rule, registered once in the store the nodes load it from. */
  static void register(JdbcStorage store, Path dir) {
    try (MediaFlow admin =
        MediaFlow.builder()
            .storage(store)
            .workspace(Workspace.builder().baseDirectory(dir).build())
            .runOnCallingThread()
            .action(RuleClusterTest.recordAction(value -> {}))
            .build()) {
      admin.start();
      admin
          .rules()
          .register(
              Rule.builder(RULE)
                  .trigger(FileTrigger.folder("in").glob("*.bin").debounce(DEBOUNCE).rescan(RESCAN))
                  .action(
                      "test.record",
                      Map.of(
                          "value",
                          "${trigger.file.path} ${trigger.file.size} ${trigger.file.modifiedAt}"))
                  .settings(RuleSettings.DEFAULTS.withConcurrency(4, OverlapPolicy.BUFFER_ALL))
                  .build());
    }
  }

  /**
   * A file of {@code size} bytes written aside and renamed into place, as a download client does.
   */
  private static void arrive(Path in, String name, int size) throws IOException {
    Path part = in.resolve(name + ".part");
    Files.write(part, new byte[size]);
    Files.move(
        part,
        in.resolve(name + ".bin"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  private static Set<String> paths(Path in, String prefix, int n) {
    Set<String> out = new HashSet<>();
    for (int i = 0; i < n; i++) {
      out.add(in.resolve(prefix + i + ".bin").toString());
    }
    return out;
  }

  /** "path size modifiedAt" of a file on disk. */
  private static String version(Path f) throws IOException {
    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
    return f + " " + a.size() + " " + a.lastModifiedTime().toInstant();
  }

  /** "path size modifiedAt" of a run's trigger file. */
  private static String version(Job run) {
    try {
      JsonNode file = JSON.readTree(run.payload()).path("input").path("file");
      return file.path("path").asText()
          + " "
          + file.path("size").asLong()
          + " "
          + Instant.parse(file.path("modifiedAt").asText());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Job> runs(JdbcStorage store) {
    List<Job> all = new ArrayList<>();
    for (int page = 0; ; page++) {
      List<Job> items =
          store
              .jobs()
              .query(
                  JobQuery.all()
                      .withType("workflow")
                      .withRuleId("rule:" + RULE)
                      .withPage(page, JobQuery.MAX_PAGE_SIZE))
              .items();
      all.addAll(items);
      if (items.size() < JobQuery.MAX_PAGE_SIZE) {
        return all;
      }
    }
  }

  private static long unfinished(JdbcStorage store) {
    return runs(store).stream().filter(j -> j.state() != JobState.COMPLETED).count();
  }

  private static Set<String> firedPaths(JdbcStorage store) {
    Set<String> out = new HashSet<>();
    for (Job j : runs(store)) {
      out.add(version(j).split(" ")[0]);
    }
    return out;
  }

  private static Map<String, Set<String>> versionsByPath(JdbcStorage store) {
    Map<String, Set<String>> out = new HashMap<>();
    for (Job j : runs(store)) {
      String v = version(j);
      out.computeIfAbsent(v.split(" ")[0], k -> new HashSet<>()).add(v);
    }
    return out;
  }

  /** Each recorded version with the nodes that executed its action, in order. */
  private static Map<String, List<String>> executions(SimplePool pool, String prefix)
      throws SQLException {
    Map<String, List<String>> out = new TreeMap<>();
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT value, node FROM " + prefix + "fired ORDER BY at_ms")) {
      while (rs.next()) {
        String[] parts = rs.getString(1).split(" ");
        String v = parts[0] + " " + parts[1] + " " + Instant.parse(parts[2]);
        out.computeIfAbsent(v, k -> new ArrayList<>()).add(rs.getString(2));
      }
    }
    return out;
  }

  private static Process startNode(Path logs, String prefix, Path dir, String id)
      throws IOException {
    return startNode(logs, prefix, dir, id, "pg", ChaosDatabases.PG_URL, prefix);
  }

  /** A node on {@code store} ({@code pg URL PREFIX} or {@code h2 FILE}), logging to a file. */
  private static Process startNode(Path logs, String logName, Path dir, String id, String... store)
      throws IOException {
    List<String> args = new ArrayList<>(List.of(store));
    args.addAll(List.of(dir.toString(), id));
    return ChildProcesses.startMain(
        logs.resolve(logName + id + ".log"), WatchedFolderNode.class, args.toArray(String[]::new));
  }

  private static void awaitReady(Path log, String id) throws Exception {
    awaitTrue(
        () -> Files.exists(log) && Files.readString(log).contains("READY " + id),
        Duration.ofSeconds(60),
        id + " started (" + log + ")");
  }
}
