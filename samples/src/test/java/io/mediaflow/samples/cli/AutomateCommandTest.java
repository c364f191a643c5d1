package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.MediaFlow;
import io.mediaflow.Workspace;
import io.mediaflow.ffmpeg.FfmpegBackend;
import io.mediaflow.jdbc.JdbcStorage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mediaflow automate FILE --store h2:PATH}, run in this JVM: a bad file is refused whole
 * with the JSON path of each problem; a good one's rule fires and runs for real (FFmpeg), the
 * command stops cleanly when its thread is interrupted (what Ctrl-C's hook does), and a restart on
 * the same H2 store keeps what it stored.
 */
class AutomateCommandTest {

  static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        MediaflowCli.execute(
            new Terminal(new PrintWriter(out), new PrintWriter(err), false, false), args);
    return new Result(code, out.toString(), err.toString());
  }

  Path file(String json) {
    return Workdir.spec(dir, "automation.json", json);
  }

  @Test
  void malformed_json_is_refused_with_its_line_and_column() {
    Result r = run("automate", file("{\"rules\": [ {\"id\": \"a\" ]}").toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "error: MALFORMED_JSON (document): not JSON at line 1, column 24: Unexpected close"
                + " marker ']': expected '}' (check the brackets, commas and quotes there)\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void the_files_own_shape_is_checked_first() {
    Result r =
        run(
            "automate",
            file("{\"rule\": [], \"workflows\": {}, \"templates\": [{\"name\": \"x\"}]}")
                .toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines().toList())
        .containsExactly(
            "error: UNKNOWN_FIELD rule: unknown field 'rule'; the file holds workflows, rules and"
                + " templates (did you mean 'rules'?)",
            "error: WRONG_TYPE workflows: workflows must be an array (write \"workflows\": [ ])",
            "error: WRONG_TYPE templates[0]: a template entry is {\"template\": NAME, \"params\":"
                + " {...}} (write {\"template\": \"convert-to-podcast\", \"params\":"
                + " {\"minDuration\": 2700}})");
  }

  @Test
  void an_id_used_twice_in_the_file_is_refused() {
    Result r =
        run(
            "automate",
            file("""
                {"rules": [{"id": "r", "trigger": {"type": "event", "event": "a"}, "workflow": "w"},
                           {"id": "r", "trigger": {"type": "event", "event": "b"}, "workflow": "w"}]}
                """)
                .toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines().toList())
        .containsExactly(
            "error: DUPLICATE_ID rules[1].id: id 'r' is used twice in the file (give each"
                + " workflow, rule and template its own id)");
  }

  @Test
  void every_problem_of_the_entries_is_reported_at_its_path_and_nothing_is_stored() {
    Path store = dir.resolve("db/mediaflow");
    Result r =
        run(
            "automate",
            file("""
                {"workflows": [{"version": 1, "id": "w", "nodes": [
                   {"id": "start", "type": "trigger"},
                   {"id": "x", "type": "action", "action": "media.convrt", "params": {}}],
                   "edges": [{"from": "start", "to": "x"}]}],
                 "rules": [{"id": "r", "trigger": {"type": "schedule", "cron": "61 * * * *"},
                            "actions": [{"type": "system.wait", "duration": "1s"}]}],
                 "templates": [{"template": "convert-to-podcast",
                                "params": {"minDurration": 10}}]}
                """)
                .toString(),
            "--store",
            "h2:" + store);

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("error: UNKNOWN_ACTION workflows[0].nodes[1].action: ")
        .contains(
            "error: INVALID_CRON rules[0].trigger.cron: \"61 * * * *\" is not a valid unix cron"
                + " expression")
        .contains(
            "error: UNKNOWN_FIELD templates[0].params.minDurration: template"
                + " 'convert-to-podcast' has no parameter 'minDurration'");
    assertThat(r.out()).isEmpty();
    try (JdbcStorage storage = JdbcStorage.h2(store);
        MediaFlow flow = MediaFlow.builder().storage(storage).runOnCallingThread().build()) {
      assertThat(flow.workflows().list(0, 10)).isEmpty();
      assertThat(flow.rules().list(0, 10)).isEmpty();
    }
  }

  @Test
  void the_documented_example_is_valid() {
    Path example = Path.of("..", "docs", "examples", "automation", "media-box.json");
    AutomationFile file = AutomationFile.read(example);

    try (MediaFlow flow =
        MediaFlow.builder().workspace(Workspace.builder().baseDirectory(dir).build()).build()) {
      assertThat(file.check(flow)).isEmpty();
    }
    assertThat(file.workflows())
        .extracting(AutomationFile.Entry::path)
        .containsExactly("workflows[0]");
    assertThat(file.rules()).extracting(AutomationFile.Entry::id).containsExactly("talks-to-mp3");
    assertThat(file.templates())
        .extracting(AutomationFile.TemplateUse::id)
        .containsExactly("archive-old-downloads");
  }

  @Test
  void a_bad_store_or_a_missing_file_is_refused() {
    Result store = run("automate", file("{\"rules\": []}").toString(), "--store", "postgres:x");
    Result missing = run("automate", dir.resolve("nope.json").toString());

    assertThat(store.code()).isEqualTo(2);
    assertThat(store.err().lines().toList())
        .containsExactly(
            "error: INVALID_VALUE: --store: 'postgres:x' is neither h2:PATH nor memory",
            "hint: write --store h2:data/mediaflow (an H2 file, kept across restarts) or --store"
                + " memory");
    assertThat(missing.code()).isEqualTo(3);
    assertThat(missing.err()).startsWith("error: INPUT_NOT_FOUND: cannot read ");
  }

  @Test
  void a_rule_of_the_file_fires_and_runs_and_a_restart_keeps_the_store() throws Exception {
    Workdir.clip(dir, "talk.mp4");
    Path store = dir.resolve("db/mediaflow");
    String at = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS).toString();
    String json =
        """
        {"workflows": [{"version": 1, "id": "to-mp3", "nodes": [
           {"id": "start", "type": "trigger"},
           {"id": "audio", "type": "action", "action": "media.extract_audio",
            "params": {"input": "talk.mp4", "output": "out/talk.mp3"}}],
           "edges": [{"from": "start", "to": "audio"}]}],
         "rules": [{"id": "soon", "trigger": {"type": "schedule", "at": "AT"}, "workflow": "to-mp3"}],
         "templates": [{"template": "archive-old-downloads", "params": {"olderThanDays": 30}}]}
        """
            .replace("AT", at);
    Path file = file(json);

    Session first = Session.start("automate", file.toString(), "--store", "h2:" + store);
    first.await(() -> Files.exists(dir.resolve("out/talk.mp3")));
    Result stopped = first.stop();

    assertThat(stopped.code()).as(stopped.err()).isZero();
    assertThat(stopped.out().lines().toList())
        .containsExactly(
            "registered workflow 'to-mp3'",
            "registered rule 'soon' (next " + at + ")",
            "installed template 'archive-old-downloads' as 'archive-old-downloads' (next"
                + " 2026-12-06T02:00:00Z)".replace("2026-12-06T02:00:00Z", nextSunday()),
            "running 2 rule(s) on h2:" + store + "; Ctrl-C to stop",
            "stopping: letting running jobs finish",
            "stopped");
    assertThat(FfmpegBackend.ofDefaults().probe(dir.resolve("out/talk.mp3")).duration().micros())
        .isPositive();

    Session second = Session.start("automate", file.toString(), "--store", "h2:" + store);
    second.await(() -> second.out.toString().contains("Ctrl-C"));
    Result again = second.stop();

    assertThat(again.code()).as(again.err()).isZero();
    List<String> lines = again.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("kept workflow 'to-mp3' (unchanged)");
    assertThat(lines.get(1)).isEqualTo("kept rule 'soon' (unchanged)"); // it fired: no next
    assertThat(lines.subList(2, lines.size()))
        .containsExactly(
            "kept template 'archive-old-downloads' as 'archive-old-downloads' (installed)",
            "running 2 rule(s) on h2:" + store + "; Ctrl-C to stop",
            "stopping: letting running jobs finish",
            "stopped");
    // whatever the second engine fired meanwhile, firing what is due once more on the same store
    // finds the one-time slot taken: it ran once across the restart
    try (JdbcStorage storage = JdbcStorage.h2(store);
        MediaFlow flow = MediaFlow.builder().storage(storage).runOnCallingThread().build()) {
      flow.rules().tick();
      assertThat(flow.rules().runs("soon", 0, 10).items()).hasSize(1);
      assertThat(flow.workflows().list(0, 10)).hasSize(2);
    }
  }

  private static String nextSunday() {
    return io.mediaflow.SchedulePreview.of(
            io.mediaflow.api.rule.CronTrigger.unix("0 2 * * 0"), Instant.now())
        .next(Instant.now(), 1)
        .get(0)
        .toString();
  }

  /** The command on a thread of its own, stopped by an interrupt as Ctrl-C's hook would. */
  static final class Session {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final AtomicReference<Thread> thread = new AtomicReference<>();
    final CompletableFuture<Integer> code = new CompletableFuture<>();

    static Session start(String... args) {
      Session s = new Session();
      Thread t =
          new Thread(
              () ->
                  s.code.complete(
                      MediaflowCli.execute(
                          new Terminal(
                              new PrintWriter(s.out), new PrintWriter(s.err), false, false),
                          args)),
              "automate");
      s.thread.set(t);
      t.start();
      return s;
    }

    void await(BooleanSupplier done) throws InterruptedException {
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (!done.getAsBoolean()) {
        assertThat(code).as("the command ended early: " + err).isNotDone();
        assertThat(System.nanoTime()).as("waited too long; out: " + out).isLessThan(deadline);
        Thread.sleep(50); // polling an asynchronous effect with a deadline
      }
    }

    Result stop() throws Exception {
      thread.get().interrupt();
      int exit = code.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      return new Result(exit, out.toString(), err.toString());
    }
  }
}
