package io.mediaflow.internal.action.system;

import static io.mediaflow.internal.action.ActionRuns.completes;
import static io.mediaflow.internal.action.ActionRuns.fails;
import static io.mediaflow.internal.action.ActionRuns.node;
import static io.mediaflow.internal.action.ActionRuns.nodeRun;
import static io.mediaflow.internal.action.ActionRuns.outputs;
import static io.mediaflow.internal.action.ActionRuns.quoted;
import static io.mediaflow.internal.action.ActionRuns.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.ExecPolicy;
import io.mediaflow.InMemoryStorage;
import io.mediaflow.JobHandle;
import io.mediaflow.MediaFlow;
import io.mediaflow.Workspace;
import io.mediaflow.api.job.JobError;
import io.mediaflow.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code system.exec} running real programs in real workflow runs. */
class ExecActionTest {

  static final Path ECHO = Path.of("/usr/bin/echo");
  static final Path ENV = Path.of("/usr/bin/env");
  static final Path SEQ = Path.of("/usr/bin/seq");
  static final Path FALSE = Path.of("/usr/bin/false");
  static final Path TOUCH = Path.of("/usr/bin/touch");
  static final Path SLEEP = Path.of("/usr/bin/sleep");

  @TempDir Path dir;
  final ManualClock clock = ManualClock.at(Instant.parse("2026-03-01T12:00:00Z"));
  final List<MediaFlow> flows = new ArrayList<>();

  @AfterEach
  void close() {
    flows.forEach(MediaFlow::close);
  }

  MediaFlow flow(ExecPolicy policy) {
    MediaFlow.Builder b =
        MediaFlow.builder()
            .storage(new InMemoryStorage())
            .clock(clock)
            .runOnCallingThread()
            .workspace(Workspace.builder().baseDirectory(dir).build());
    if (policy != null) {
      b.actionService(ExecPolicy.class, policy);
    }
    MediaFlow f = b.build();
    flows.add(f);
    return f;
  }

  static ExecPolicy.Builder allowing(Path... programs) {
    return ExecPolicy.builder().allow(List.of(programs));
  }

  static String def(Path program, String args, String extra) {
    return def(program.toString(), args, extra);
  }

  static String def(String program, String args, String extra) {
    return workflow(
        node(
            "run",
            "system.exec",
            "{\"program\":" + quoted(program) + ",\"args\":" + args + extra + "}"));
  }

  @Test
  void is_disabled_unless_the_host_registers_a_policy() {
    MediaFlow f = flow(null);

    JobError e = fails(f, f.workflows().start(def(ECHO, "[\"hi\"]", ""), Map.of()));

    assertThat(e.code()).isEqualTo("SYSTEM_EXEC_DISABLED");
    assertThat(e.message())
        .contains("system.exec is disabled on this engine: the host registered no ExecPolicy");
    assertThat(e.suggestion()).contains("ExecPolicy.builder().allow(");
  }

  @Test
  void runs_an_allowed_program_with_its_arguments_as_given_never_through_a_shell() {
    MediaFlow f = flow(allowing(ECHO).build());

    JobHandle h =
        completes(
            f,
            f.workflows()
                .start(def(ECHO, "[\"hello\", \"$HOME; rm -rf / `id`\", \"*\"]", ""), Map.of()));

    assertThat(outputs(h, "run"))
        .containsEntry("exitCode", 0)
        .containsEntry("stdout", "hello $HOME; rm -rf / `id` *\n")
        .containsEntry("stderr", "")
        .containsEntry("stdoutTruncated", false);
    assertThat(nodeRun(f, h, "run").summary()).isEqualTo("ran /usr/bin/echo: exit code 0");
  }

  @Test
  void programs_off_the_allow_list_are_refused_however_they_are_written() {
    MediaFlow f = flow(allowing(ECHO).build());
    record Case(String program, String code, String message) {}
    List<Case> cases =
        List.of(
            new Case(
                "/bin/sh",
                "SYSTEM_EXEC_NOT_ALLOWED",
                "system.exec: /bin/sh is not on the host's allow-list"),
            new Case(
                "/usr/bin/../../bin/sh",
                "SYSTEM_EXEC_NOT_ALLOWED",
                "system.exec: /bin/sh is not on the host's allow-list"),
            new Case(
                "echo",
                "SYSTEM_EXEC_NOT_ALLOWED",
                "nodes[run].params.program: the program must be an absolute path but was \"echo\""));
    for (Case c : cases) {
      JobError e = fails(f, f.workflows().start(def(c.program(), "[]", ""), Map.of()));
      assertThat(e.code()).as(c.program()).isEqualTo(c.code());
      assertThat(e.message()).as(c.program()).contains(c.message());
    }
    JobError e = fails(f, f.workflows().start(def("/bin/sh", "[]", ""), Map.of()));
    assertThat(e.suggestion()).isEqualTo("the host allows: [/usr/bin/echo]");
    // a normalised path to the allowed program is the allowed program
    completes(f, f.workflows().start(def("/usr/bin/./echo", "[]", ""), Map.of()));
  }

  @Test
  void a_program_sees_only_the_policy_environment() {
    MediaFlow f = flow(allowing(ENV).environment("LANG", "C.UTF-8").build());

    JobHandle h = completes(f, f.workflows().start(def(ENV, "[]", ""), Map.of()));

    assertThat(String.valueOf(outputs(h, "run").get("stdout")).lines().sorted().toList())
        .containsExactly("LANG=C.UTF-8", "PATH=" + ExecPolicy.DEFAULT_PATH);
  }

  @Test
  void output_is_kept_up_to_the_bound_and_marked_as_cut() {
    MediaFlow f = flow(allowing(SEQ).maxOutputBytes(1000).build());

    JobHandle h = completes(f, f.workflows().start(def(SEQ, "[\"1\", \"200000\"]", ""), Map.of()));

    Map<String, Object> out = outputs(h, "run");
    assertThat(String.valueOf(out.get("stdout"))).hasSize(1000).startsWith("1\n2\n3\n");
    assertThat(out).containsEntry("stdoutTruncated", true).containsEntry("exitCode", 0);
  }

  @Test
  void a_program_past_its_timeout_is_stopped() {
    MediaFlow f = flow(allowing(SLEEP).build());
    long start = System.nanoTime();

    JobError e =
        fails(f, f.workflows().start(def(SLEEP, "[\"30\"]", ",\"timeout\":\"1s\""), Map.of()));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    assertThat(e.code()).isEqualTo("SYSTEM_EXEC_TIMEOUT");
    assertThat(e.message())
        .contains(
            "system.exec: /usr/bin/sleep ran longer than its timeout of 1000 ms and was stopped");
  }

  @Test
  void a_timeout_beyond_the_policy_maximum_is_refused() {
    MediaFlow f = flow(allowing(ECHO).maxTimeout(Duration.ofMinutes(5)).build());

    JobError e = fails(f, f.workflows().start(def(ECHO, "[]", ",\"timeout\":\"6m\""), Map.of()));

    assertThat(e.code()).isEqualTo("SYSTEM_EXEC_NOT_ALLOWED");
    assertThat(e.message())
        .contains(
            "system.exec: a timeout of 360 s is not allowed: the host's ExecPolicy allows more"
                + " than 0 and at most 300 s");
  }

  @Test
  void a_non_zero_exit_fails_the_node_unless_the_node_accepts_it() {
    MediaFlow f = flow(allowing(FALSE).build());

    JobError e = fails(f, f.workflows().start(def(FALSE, "[]", ""), Map.of()));
    assertThat(e.code()).isEqualTo("SYSTEM_EXEC_EXIT_CODE");
    assertThat(e.message()).contains("system.exec: /usr/bin/false ended with exit code 1");

    JobHandle h =
        completes(f, f.workflows().start(def(FALSE, "[]", ",\"failOnExitCode\":false"), Map.of()));
    assertThat(outputs(h, "run")).containsEntry("exitCode", 1);
  }

  @Test
  void an_allowed_program_that_is_missing_fails_to_start() {
    MediaFlow f = flow(allowing(Path.of("/nonexistent/tool")).build());

    JobError e = fails(f, f.workflows().start(def("/nonexistent/tool", "[]", ""), Map.of()));

    assertThat(e.code()).isEqualTo("SYSTEM_EXEC_START_FAILED");
    assertThat(e.message()).contains("system.exec: /nonexistent/tool could not be started");
  }

  @Test
  void arguments_must_be_strings_without_nul() {
    MediaFlow f = flow(allowing(ECHO).build());

    JobError nul = fails(f, f.workflows().start(def(ECHO, "[\"a\\u0000b\"]", ""), Map.of()));
    assertThat(nul.code()).isEqualTo("SYSTEM_EXEC_NOT_ALLOWED");
    assertThat(nul.message())
        .contains(
            "nodes[run].params.args: argument 0 has a NUL character, which no program can receive");

    JobError object = fails(f, f.workflows().start(def(ECHO, "[{\"a\":1}]", ""), Map.of()));
    assertThat(object.code()).isEqualTo("SYSTEM_EXEC_NOT_ALLOWED");
    assertThat(object.message()).contains("argument 0 must be a string but was an object");
  }

  @Test
  void runs_in_the_working_directory_inside_the_roots_and_a_test_run_runs_nothing()
      throws Exception {
    MediaFlow f = flow(allowing(TOUCH).build());
    java.nio.file.Files.createDirectories(dir.resolve("work"));
    String def = def(TOUCH, "[\"made.txt\"]", ",\"workingDirectory\":\"work\"");

    JobHandle dry = completes(f, f.workflows().testRun(def, Map.of()));
    assertThat(dir.resolve("work/made.txt")).doesNotExist();
    assertThat(nodeRun(f, dry, "run").summary())
        .isEqualTo("test run: would run /usr/bin/touch with 1 argument(s)");

    completes(f, f.workflows().start(def, Map.of()));
    assertThat(dir.resolve("work/made.txt")).exists();

    JobError outside =
        fails(
            f,
            f.workflows()
                .start(def(TOUCH, "[\"x\"]", ",\"workingDirectory\":\"../..\""), Map.of()));
    assertThat(outside.code()).isEqualTo("PATH_NOT_ALLOWED");
    JobError missing =
        fails(
            f,
            f.workflows()
                .start(def(TOUCH, "[\"x\"]", ",\"workingDirectory\":\"nowhere\""), Map.of()));
    assertThat(missing.code()).isEqualTo("INPUT_NOT_FOUND");
    assertThat(missing.message())
        .contains("system.exec: the working directory \"nowhere\" is not a folder");
  }

  @Test
  void a_test_run_still_reports_a_refused_program() {
    MediaFlow f = flow(null);

    JobError e = fails(f, f.workflows().testRun(def(ECHO, "[]", ""), Map.of()));

    assertThat(e.code()).isEqualTo("SYSTEM_EXEC_DISABLED");
  }

  @Test
  void the_policy_builder_refuses_what_cannot_be_safe() {
    assertThatThrownBy(() -> ExecPolicy.builder().allow(Path.of("bin/tool")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an allowed program must be an absolute path but was \"bin/tool\"");
    assertThatThrownBy(
            () ->
                ExecPolicy.builder()
                    .timeout(Duration.ofHours(2))
                    .maxTimeout(Duration.ofHours(1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout PT2H is longer than maxTimeout PT1H");
    assertThatThrownBy(() -> ExecPolicy.builder().maxOutputBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxOutputBytes must be between 1 and 1048576 but was 0");
    assertThatThrownBy(
            () ->
                ExecPolicy.builder().timeout(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("timeout was already set");
    assertThatThrownBy(() -> ExecPolicy.builder().environment("A=B", "c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an environment variable name: \"A=B\"");
  }
}
