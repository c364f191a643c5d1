package io.mediaflow.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.backend.ExecutionControl;
import io.mediaflow.api.backend.Progress;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.spec.OutputSpec;
import io.mediaflow.ffmpeg.internal.HardwareEncoders;
import io.mediaflow.ffmpeg.internal.HardwareEncoders.Family;
import io.mediaflow.ffmpeg.internal.HardwareEncoders.Status;
import io.mediaflow.testkit.MediaFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code codec.hardware} and thread budgets with the real FFmpeg of this machine, which lists
 * NVENC, QSV and VAAPI encoders but has no GPU to open: {@code auto} must choose software and say
 * why, a named encoder must be refused at plan time, and a device that fails at run time must fall
 * back to software with both runs in the job's log.
 */
class HardwareEndToEndTest {

  private static final FfmpegBackend BACKEND = FfmpegBackend.ofDefaults();

  @TempDir Path dir;

  @BeforeAll
  static void ffmpeg() {
    MediaFixtures.requireFfmpeg();
  }

  /** Whether this machine has a GPU device node a driver could open. */
  private static boolean gpuDevicePresent() {
    return Files.exists(Path.of("/dev/dri")) || Files.exists(Path.of("/dev/nvidia0"));
  }

  private static ProcessingPlan plan(FfmpegBackend backend, Path out, CodecSpec codec) {
    Path input = MediaFixtures.smallClip();
    JobSpec spec =
        JobSpec.builder()
            .input("in", "file:" + input)
            .output(new OutputSpec("in", "file:" + out, codec, Map.of(), List.of(), true))
            .build();
    Map<String, MediaInfo> media = Map.of("in", backend.probe(input));
    return new Engine(backend).plan(spec, media);
  }

  /** Records what a run writes to the job's log; admits it with {@code cores}. */
  private static final class Recording implements ExecutionControl {
    final List<String> log = new CopyOnWriteArrayList<>();
    final OptionalDouble cores;

    Recording(OptionalDouble cores) {
      this.cores = cores;
    }

    @Override
    public void progress(Progress progress) {}

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public OptionalDouble cpuCores() {
      return cores;
    }

    @Override
    public void log(String level, String message) {
      log.add(level + " " + message);
    }
  }

  @Test
  void the_machines_hardware_encoders_are_tried_and_each_says_why_it_does_not_work() {
    List<String> listed = BACKEND.hardwareEncoders();

    assertThat(listed).isNotEmpty(); // Debian's build lists nvenc, qsv and vaapi encoders
    assertThat(listed).allMatch(s -> s.matches("(h264|hevc|vp9)_[a-z]+: .+"));
    if (!gpuDevicePresent()) {
      assertThat(listed).allMatch(s -> s.contains(": does not work here ("));
      assertThat(listed).anyMatch(s -> s.startsWith("h264_nvenc: does not work here (Cannot load"));
    }
  }

  @Test
  void auto_without_a_gpu_plans_software_and_the_plan_says_why() throws Exception {
    Path out = dir.resolve("auto.mp4");
    ProcessingPlan plan =
        plan(BACKEND, out, CodecSpec.builder().video("h264").hardware("auto").build());
    Invocation inv = plan.invocations().get(0);

    assertThat(BACKEND.verify(plan)).isEmpty();
    List<String> notes = BACKEND.notes(inv);
    if (!gpuDevicePresent()) {
      assertThat(String.join(" ", BACKEND.arguments(inv))).contains("-c:v libx264");
      assertThat(notes)
          .singleElement()
          .asString()
          .startsWith("outputs[0]: h264 with libx264 (software): hardware auto: no hardware")
          .contains("h264_nvenc: Cannot load libcuda");
    }
    new Engine(BACKEND).run(plan);
    assertThat(OutputOptionsEndToEndTest.Probe.of(out).codecs()).containsExactly("h264", "aac");
  }

  @Test
  void a_named_encoder_that_does_not_open_is_refused_at_plan_time_at_its_json_path() {
    if (gpuDevicePresent()) {
      return; // on a GPU host the named encoder may well work: nothing to refuse
    }
    ProcessingPlan plan =
        plan(
            BACKEND,
            dir.resolve("named.mp4"),
            CodecSpec.builder().video("h264").hardware("nvenc").build());

    List<Violation> violations = BACKEND.verify(plan);

    assertThat(violations)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("outputs[0].codec.hardware");
              assertThat(v.code()).isEqualTo(ErrorCode.HARDWARE_UNAVAILABLE);
              assertThat(v.message())
                  .startsWith("h264_nvenc does not work here: Cannot load libcuda");
            });
  }

  private static FfmpegBackend claimingNvencWorks() {
    return FfmpegBackend.builder()
        .knownHardware(
            HardwareEncoders.of(List.of(new Status("h264_nvenc", "h264", Family.NVENC, true, ""))))
        .build();
  }

  @Test
  void a_device_that_fails_at_run_time_under_auto_falls_back_to_software_and_logs_both()
      throws Exception {
    FfmpegBackend backend = claimingNvencWorks();
    Path out = dir.resolve("fallback.mp4");
    ProcessingPlan plan =
        plan(backend, out, CodecSpec.builder().video("h264").hardware("auto").build());
    Invocation inv = plan.invocations().get(0);
    assertThat(String.join(" ", backend.arguments(inv))).contains("-c:v h264_nvenc");
    Recording control = new Recording(OptionalDouble.empty());

    backend.execute(inv, control);

    assertThat(control.log)
        .singleElement()
        .asString()
        .startsWith("WARN " + inv.id() + ": the hardware encoder h264_nvenc failed at run time (")
        .endsWith("); running again with [libx264]");
    assertThat(OutputOptionsEndToEndTest.Probe.of(out).codecs()).containsExactly("h264", "aac");
    assertThat(OutputOptionsEndToEndTest.encoderSettings(out)).contains("rc=crf");
    // from then on the plan shows software, with the run-time failure as the reason
    assertThat(backend.notes(inv))
        .singleElement()
        .asString()
        .contains("h264_nvenc: failed at run time");
  }

  @Test
  void a_named_encoder_that_fails_at_run_time_is_hardware_unavailable_and_leaves_no_output() {
    FfmpegBackend backend = claimingNvencWorks();
    Path out = dir.resolve("named-fails.mp4");
    ProcessingPlan plan =
        plan(backend, out, CodecSpec.builder().video("h264").hardware("h264_nvenc").build());

    assertThatThrownBy(
            () -> backend.execute(plan.invocations().get(0), new Recording(OptionalDouble.empty())))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.HARDWARE_UNAVAILABLE);
              assertThat(e.detail())
                  .startsWith("the hardware encoder h264_nvenc failed on its device: ");
            });
  }

  @Test
  void the_admitted_cores_become_the_encoders_threads() throws Exception {
    Path one = dir.resolve("one.mp4");
    Path own = dir.resolve("own.mp4");
    ProcessingPlan budgeted = plan(BACKEND, one, CodecSpec.builder().video("h264").build());
    ProcessingPlan overridden =
        plan(BACKEND, own, CodecSpec.builder().video("h264").threads(2).build());

    BACKEND.execute(budgeted.invocations().get(0), new Recording(OptionalDouble.of(0.6)));
    BACKEND.execute(overridden.invocations().get(0), new Recording(OptionalDouble.of(0.6)));

    assertThat(OutputOptionsEndToEndTest.encoderSettings(one)).contains(" threads=1 ");
    assertThat(OutputOptionsEndToEndTest.encoderSettings(own)).contains(" threads=2 ");
  }
}
