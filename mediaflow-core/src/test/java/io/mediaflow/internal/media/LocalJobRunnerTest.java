package io.mediaflow.internal.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.Planner;
import io.mediaflow.TestOperators;
import io.mediaflow.Workspace;
import io.mediaflow.WorkspaceTest;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.backend.ExecutionControl;
import io.mediaflow.api.backend.ExecutionResult;
import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.backend.Progress;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationOutput;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.spec.OutputSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class LocalJobRunnerTest {

  @TempDir Path dir;

  /** Writes each output's location as the media tool would; fails after the first if asked. */
  private static class WritingBackend implements MediaBackend {
    final boolean failAfterFirstOutput;
    final List<String> written = new ArrayList<>();

    WritingBackend(boolean failAfterFirstOutput) {
      this.failAfterFirstOutput = failAfterFirstOutput;
    }

    @Override
    public String name() {
      return "writing";
    }

    @Override
    public MediaInfo probe(Path file) {
      throw new UnsupportedOperationException("not used here");
    }

    @Override
    public List<String> arguments(Invocation invocation) {
      return List.of();
    }

    @Override
    public ExecutionResult execute(Invocation invocation, ExecutionControl control) {
      for (InvocationOutput out : invocation.outputs()) {
        try {
          Files.writeString(Path.of(out.location()), "media");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        written.add(out.location());
        control.progress(new Progress(50, MediaDuration.ofSeconds(1), 1, Optional.empty()));
        if (failAfterFirstOutput) {
          throw new MediaFlowException(ErrorCode.PROCESSING_FAILED, "boom", "");
        }
      }
      return ExecutionResult.EMPTY;
    }
  }

  private ProcessingPlan plan() {
    JobSpec spec =
        JobSpec.builder()
            .input("main", "file:in.mp4")
            .output("main", "file:" + dir.resolve("out/a.mkv"))
            .output("main", "file:" + dir.resolve("out/b.mkv"))
            .build();
    return new Planner(TestOperators.registry())
        .plan(spec, Map.of("main", TestOperators.clip(2, 64, 64)));
  }

  private List<Path> filesIn(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.toList();
    }
  }

  @Test
  void writes_to_temp_files_then_moves_all_outputs_into_place() throws IOException {
    WritingBackend backend = new WritingBackend(false);
    List<Double> percents = new ArrayList<>();

    List<Path> written =
        new LocalJobRunner(backend).run(plan(), false, p -> percents.add(p.percent()));

    assertThat(written).containsExactly(dir.resolve("out/a.mkv"), dir.resolve("out/b.mkv"));
    assertThat(backend.written).allMatch(l -> l.endsWith(TempFiles.SUFFIX));
    assertThat(filesIn(dir.resolve("out"))).containsExactlyInAnyOrderElementsOf(written);
    assertThat(percents).last().isEqualTo(100.0);
  }

  @Test
  void leaves_nothing_behind_when_a_run_fails() throws IOException {
    assertThatThrownBy(
            () -> new LocalJobRunner(new WritingBackend(true)).run(plan(), false, p -> {}))
        .isInstanceOf(MediaFlowException.class)
        .hasMessageContaining("boom");

    assertThat(filesIn(dir.resolve("out"))).isEmpty();
  }

  @Test
  void refuses_to_replace_an_existing_destination_before_running() throws IOException {
    Files.createDirectories(dir.resolve("out"));
    Files.writeString(dir.resolve("out/b.mkv"), "precious");
    WritingBackend backend = new WritingBackend(false);

    assertThatThrownBy(() -> new LocalJobRunner(backend).run(plan(), false, p -> {}))
        .isInstanceOf(MediaFlowException.class)
        .satisfies(
            e ->
                assertThat(((MediaFlowException) e).code()).isEqualTo(ErrorCode.DESTINATION_EXISTS))
        .hasMessageContaining(
            "outputs[1]: " + dir.resolve("out/b.mkv").toRealPath() + " already exists")
        .hasMessageContaining("allow replacing it with \"overwrite\": true on the output")
        .hasMessageNotContaining("--overwrite");
    assertThat(backend.written).isEmpty();
    assertThat(Files.readString(dir.resolve("out/b.mkv"))).isEqualTo("precious");
  }

  @Test
  void replaces_an_existing_destination_when_allowed() throws IOException {
    Files.createDirectories(dir.resolve("out"));
    Files.writeString(dir.resolve("out/b.mkv"), "old");

    new LocalJobRunner(new WritingBackend(false)).run(plan(), true, p -> {});

    assertThat(Files.readString(dir.resolve("out/b.mkv"))).isEqualTo("media");
  }

  /** A pid no process has: Linux pids stop at 2^22, Windows ones are multiples of four. */
  private static final long DEAD_PID = 2_147_483_647L;

  private static Path temp(Path folder, String dest, long ownerPid) throws IOException {
    Files.createDirectories(folder);
    Path p =
        folder.resolve("." + dest + ".1234abcd." + TempFiles.ownerTag(ownerPid) + TempFiles.SUFFIX);
    return Files.writeString(p, "partial");
  }

  private static Path aged(Path p, Duration age) throws IOException {
    Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(age)));
    return p;
  }

  @Test
  void names_each_temp_file_after_the_process_that_writes_it() {
    WritingBackend backend = new WritingBackend(false);

    new LocalJobRunner(backend).run(plan(), false, p -> {});

    assertThat(backend.written)
        .allMatch(
            l ->
                l.endsWith(
                    "." + TempFiles.ownerTag(ProcessHandle.current().pid()) + TempFiles.SUFFIX));
  }

  @Test
  void sweeps_temp_files_whose_owner_process_is_dead_however_fresh() throws IOException {
    Path dead = temp(dir, "a.mp4", DEAD_PID);
    Files.writeString(dir.resolve("keep.mp4"), "x");

    assertThat(TempFiles.sweepTempFiles(dir)).isEqualTo(1);
    assertThat(filesIn(dir)).containsExactly(dir.resolve("keep.mp4"));
    assertThat(dead).doesNotExist();
  }

  @Test
  void keeps_temp_files_of_a_live_run_however_old() throws IOException {
    // a concurrent run in this JVM: an earlier invocation's output waits while a later one runs
    Path mine = temp(dir, "a.mp4", ProcessHandle.current().pid());
    Path sameFolderOtherFile = Files.writeString(dir.resolve("b.mp4"), "x");

    // stale by age at once, yet kept: its owner is alive
    assertThat(TempFiles.sweepTempFiles(dir, Duration.ZERO, Clock.systemUTC())).isZero();
    assertThat(filesIn(dir)).containsExactlyInAnyOrder(mine, sameFolderOtherFile);
  }

  @Test
  void a_live_process_that_started_after_the_file_last_changed_reused_the_owners_pid()
      throws IOException {
    Path reused = aged(temp(dir, "a.mp4", ProcessHandle.current().pid()), Duration.ofDays(2));

    assertThat(TempFiles.sweepTempFiles(dir)).isEqualTo(1);
    assertThat(reused).doesNotExist();
  }

  @Test
  void sweeps_temp_files_of_unknown_owners_only_once_they_are_stale() throws IOException {
    Path fresh = Files.writeString(dir.resolve(".a.mp4.1234abcd" + TempFiles.SUFFIX), "x");
    Path otherHost =
        Files.writeString(dir.resolve(".b.mp4.1234abcd.1-00000000" + TempFiles.SUFFIX), "x");
    Path old =
        aged(
            Files.writeString(dir.resolve(".c.mp4.1234abcd" + TempFiles.SUFFIX), "x"),
            TempFiles.DEFAULT_STALE_AFTER.plusHours(1));
    Path oldOtherHost =
        aged(
            Files.writeString(dir.resolve(".d.mp4.1234abcd.1-00000000" + TempFiles.SUFFIX), "x"),
            TempFiles.DEFAULT_STALE_AFTER.plusHours(1));

    assertThat(TempFiles.sweepTempFiles(dir)).isEqualTo(2);
    assertThat(filesIn(dir)).containsExactlyInAnyOrder(fresh, otherHost);
    assertThat(old).doesNotExist();
    assertThat(oldOtherHost).doesNotExist();
  }

  @Test
  void a_run_sweeps_stale_temp_files_beside_its_destinations_and_spares_a_live_runs()
      throws IOException {
    Path out = dir.resolve("out");
    Path killed = temp(out, "a.mkv", DEAD_PID);
    Path live = temp(out, "other.mkv", ProcessHandle.current().pid());
    Path elsewhere = temp(dir.resolve("elsewhere"), "x.mkv", DEAD_PID);

    List<Path> written = new LocalJobRunner(new WritingBackend(false)).run(plan(), false, p -> {});

    assertThat(killed).doesNotExist();
    assertThat(filesIn(out)).containsExactlyInAnyOrder(written.get(0), written.get(1), live);
    assertThat(elsewhere).as("only the job's destination folders are swept").exists();
  }

  @Test
  void progress_weighs_each_run_by_its_estimated_work_not_its_media_length() {
    JobSpec spec =
        JobSpec.builder()
            .input("main", "file:in.mp4")
            .operation("level")
            .from("main")
            .to("loud")
            .output("loud", "file:" + dir.resolve("out/a.mp4"))
            .build();
    ProcessingPlan plan =
        new Planner(TestOperators.registry())
            .plan(spec, Map.of("main", TestOperators.clip(20, 1280, 720)));
    Invocation analysis = plan.invocations().get(0);
    Invocation encode = plan.invocations().get(1);
    assertThat(analysis.purpose()).isEqualTo(Invocation.Purpose.ANALYSIS);
    // both runs read 20 s of media, but only the second encodes it
    assertThat(analysis.expectedDuration()).isEqualTo(encode.expectedDuration());
    assertThat(analysis.estimate().cpuSeconds())
        .isPositive()
        .isLessThan(encode.estimate().cpuSeconds());
    List<Double> percents = new ArrayList<>();
    MediaBackend reporting =
        new WritingBackend(false) {
          @Override
          public ExecutionResult execute(Invocation invocation, ExecutionControl control) {
            control.progress(new Progress(100, invocation.expectedDuration(), 1, Optional.empty()));
            return invocation.purpose() == Invocation.Purpose.ANALYSIS
                ? new ExecutionResult(Map.of("input_i", "-19.2"))
                : super.execute(invocation, control);
          }
        };

    new LocalJobRunner(reporting).run(plan, false, p -> percents.add(p.percent()));

    double analysisShare =
        100
            * analysis.estimate().cpuSeconds()
            / (analysis.estimate().cpuSeconds() + encode.estimate().cpuSeconds());
    assertThat(percents.get(0))
        .isCloseTo(analysisShare, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(percents.get(0)).isLessThan(50); // by media length it would have been half
    assertThat(percents.get(percents.size() - 1)).isEqualTo(100.0);
  }

  @Test
  void feeds_measurements_of_an_analysis_run_into_the_next_run() {
    JobSpec spec =
        JobSpec.builder()
            .input("main", "file:in.mp4")
            .operation("level")
            .from("main")
            .to("loud")
            .output("loud", "file:" + dir.resolve("out/a.mkv"))
            .build();
    ProcessingPlan plan =
        new Planner(TestOperators.registry())
            .plan(spec, Map.of("main", TestOperators.clip(2, 64, 64)));
    List<Invocation> seen = new ArrayList<>();
    MediaBackend measuring =
        new WritingBackend(false) {
          @Override
          public ExecutionResult execute(Invocation invocation, ExecutionControl control) {
            seen.add(invocation);
            if (invocation.purpose() == Invocation.Purpose.ANALYSIS) {
              return new ExecutionResult(Map.of("input_i", "-19.2"));
            }
            return super.execute(invocation, control);
          }
        };

    new LocalJobRunner(measuring).run(plan, false, p -> {});

    assertThat(seen).hasSize(2);
    assertThat(seen.get(1).filters())
        .flatExtracting(f -> f.args())
        .extracting(a -> a.value())
        .contains("-19.2");
    assertThat(Files.exists(dir.resolve("out/a.mkv"))).isTrue();
  }

  @Test
  void plan_eta_adds_the_invocations_still_to_come_at_the_reported_speed() {
    // 10 s done before, this invocation weighs 20 s and is half done, 30 s follow it
    Progress halfway =
        new Progress(50, MediaDuration.ZERO, 2.0, Optional.of(java.time.Duration.ofSeconds(5)));
    assertThat(LocalJobRunner.planEta(halfway, 10, 20, 60))
        .contains(java.time.Duration.ofSeconds(5 + 15));

    Progress noSpeed =
        new Progress(50, MediaDuration.ZERO, 0, Optional.of(java.time.Duration.ofSeconds(5)));
    // 10 media seconds left took 5 s: the 30 that follow take 15 s
    assertThat(LocalJobRunner.planEta(noSpeed, 10, 20, 60))
        .contains(java.time.Duration.ofSeconds(20));

    Progress last =
        new Progress(50, MediaDuration.ZERO, 2.0, Optional.of(java.time.Duration.ofSeconds(5)));
    assertThat(LocalJobRunner.planEta(last, 40, 20, 60)).contains(java.time.Duration.ofSeconds(5));
    assertThat(
            LocalJobRunner.planEta(
                new Progress(50, MediaDuration.ZERO, 2.0, Optional.empty()), 0, 20, 60))
        .isEmpty();
  }

  private static OutputSpec output(Path destination, boolean overwrite) {
    return new OutputSpec("main", "file:" + destination, null, Map.of(), List.of(), overwrite);
  }

  private static JobSpec spec(OutputSpec... outputs) {
    JobSpec.Builder spec = JobSpec.builder().input("main", "file:in.mp4");
    for (OutputSpec o : outputs) {
      spec.output(o);
    }
    return spec.build();
  }

  /** A plan whose paths are taken as written, as a host that plans without a workspace has. */
  private static ProcessingPlan plan(OutputSpec... outputs) {
    return new Planner(TestOperators.registry())
        .plan(spec(outputs), Map.of("main", TestOperators.clip(2, 64, 64)));
  }

  private static List<Path> tempFilesIn(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.getFileName().toString().endsWith(TempFiles.SUFFIX)).toList();
    }
  }

  private static MediaFlowException thrownBy(Runnable run) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(run::run);
    assertThat(thrown).isInstanceOf(MediaFlowException.class);
    return (MediaFlowException) thrown;
  }

  @Test
  void writes_through_a_destination_link_outside_the_roots_in_the_real_folder_inside()
      throws IOException {
    Path job = Files.createDirectories(dir.resolve("job")).toRealPath();
    Path target = Files.writeString(job.resolve("target.mp4"), "old");
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Path link = Files.createSymbolicLink(outside.resolve("out.mp4"), target);
    JobSpec spec = spec(output(link, true));
    ProcessingPlan plan =
        new Planner(TestOperators.registry())
            .plan(
                spec,
                Map.of("main", TestOperators.clip(2, 64, 64)),
                Workspace.builder().baseDirectory(job).build().resolve(spec));
    WritingBackend backend = new WritingBackend(false);

    List<Path> written = new LocalJobRunner(backend).run(plan, false, p -> {});

    assertThat(written).containsExactly(target);
    assertThat(backend.written).singleElement().satisfies(t -> assertThat(t).startsWith(job + "/"));
    assertThat(Files.readString(target)).isEqualTo("media");
    assertThat(Files.isSymbolicLink(link)).as("the link outside is left as it was").isTrue();
    assertThat(filesIn(outside)).containsExactly(link);
    assertThat(tempFilesIn(job)).isEmpty();
  }

  @Test
  void writes_through_a_destination_link_in_its_targets_folder_also_without_a_workspace()
      throws IOException {
    Path real = Files.createDirectories(dir.resolve("real"));
    Path target = Files.writeString(real.resolve("target.mkv"), "old");
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Path link = Files.createSymbolicLink(elsewhere.resolve("out.mkv"), target);

    List<Path> written =
        new LocalJobRunner(new WritingBackend(false)).run(plan(output(link, true)), false, p -> {});

    assertThat(written).containsExactly(target);
    assertThat(Files.readString(target)).isEqualTo("media");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(filesIn(elsewhere)).containsExactly(link);
    assertThat(filesIn(real)).containsExactly(target);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void refuses_a_fifo_destination_or_a_link_to_one_even_with_overwrite() throws IOException {
    Path out = Files.createDirectories(dir.resolve("out"));
    Path pipe = WorkspaceTest.fifo(out.resolve("pipe.mkv"));
    Path link = Files.createSymbolicLink(out.resolve("link.mkv"), pipe);
    Path folder = Files.createDirectories(out.resolve("folder.mkv"));

    for (Path destination : List.of(pipe, link, folder)) {
      WritingBackend backend = new WritingBackend(false);

      MediaFlowException e =
          thrownBy(
              () ->
                  new LocalJobRunner(backend).run(plan(output(destination, true)), true, p -> {}));

      assertThat(e.code()).as(destination.toString()).isEqualTo(ErrorCode.NOT_A_REGULAR_FILE);
      assertThat(e.getMessage()).contains("outputs[0]").contains("not a regular file");
      assertThat(backend.written).as("refused before running").isEmpty();
    }
    assertThat(Files.isRegularFile(pipe)).isFalse();
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(tempFilesIn(out)).isEmpty();
  }

  @Test
  void a_destination_created_during_the_run_is_kept_and_the_job_leaves_no_output()
      throws IOException {
    Path out = dir.resolve("out");
    Path theirs = out.resolve("b.mkv");
    MediaBackend racing =
        new WritingBackend(false) {
          @Override
          public ExecutionResult execute(Invocation invocation, ExecutionControl control) {
            ExecutionResult result = super.execute(invocation, control);
            try {
              Files.writeString(theirs, "theirs"); // another party takes the name meanwhile
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            return result;
          }
        };

    MediaFlowException e = thrownBy(() -> new LocalJobRunner(racing).run(plan(), false, p -> {}));

    assertThat(e.code()).isEqualTo(ErrorCode.DESTINATION_EXISTS);
    assertThat(e.getMessage())
        .contains("outputs[1]")
        .contains(theirs.toString())
        .contains("appeared while the job ran");
    assertThat(Files.readString(theirs)).isEqualTo("theirs");
    assertThat(filesIn(out)).as("all outputs or none, and no temp file").containsExactly(theirs);
  }

  @Test
  void replaces_a_destination_created_during_the_run_when_overwrite_is_set() throws IOException {
    Path out = dir.resolve("out");
    MediaBackend racing =
        new WritingBackend(false) {
          @Override
          public ExecutionResult execute(Invocation invocation, ExecutionControl control) {
            ExecutionResult result = super.execute(invocation, control);
            try {
              Files.writeString(out.resolve("b.mkv"), "theirs");
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            return result;
          }
        };

    new LocalJobRunner(racing).run(plan(), true, p -> {});

    assertThat(Files.readString(out.resolve("b.mkv"))).isEqualTo("media");
    assertThat(tempFilesIn(out)).isEmpty();
  }

  @Test
  void refuses_two_outputs_that_reach_one_file_through_a_linked_folder_before_running()
      throws IOException {
    Path out = Files.createDirectories(dir.resolve("out"));
    Path same = Files.createSymbolicLink(dir.resolve("same"), out);
    WritingBackend backend = new WritingBackend(false);

    MediaFlowException e =
        thrownBy(
            () ->
                new LocalJobRunner(backend)
                    .run(
                        plan(
                            output(out.resolve("a.mkv"), false),
                            output(same.resolve("a.mkv"), false)),
                        false,
                        p -> {}));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(e.getMessage())
        .contains("outputs[0] and outputs[1] both write " + out.resolve("a.mkv"));
    assertThat(backend.written).isEmpty();
    assertThat(filesIn(out)).isEmpty();
  }

  @Test
  void a_destination_whose_name_is_as_long_as_file_systems_take_gets_its_temp_file_and_is_written()
      throws IOException {
    Path out = Files.createDirectories(dir.resolve("out"));
    Path destination = out.resolve("é".repeat(125) + ".mkv"); // 254 bytes: no room for a suffix

    List<Path> written =
        new LocalJobRunner(new WritingBackend(false))
            .run(plan(output(destination, false)), false, p -> {});

    assertThat(written).containsExactly(destination.toRealPath());
    assertThat(Files.readString(destination)).isEqualTo("media");
    assertThat(filesIn(out)).containsExactly(destination);
  }

  @Test
  void a_temp_name_stays_within_255_bytes_and_keeps_whole_characters() {
    String name = TempFiles.tempName("é".repeat(125) + ".mkv");

    assertThat(name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(255);
    assertThat(name).startsWith(".éé").endsWith(TempFiles.SUFFIX).doesNotContain("\uFFFD");
    assertThat(TempFiles.tempName("clip.mp4")).startsWith(".clip.mp4.");
  }
}
