package io.mediaflow.ffmpeg;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.backend.ExecutionControl;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.StreamType;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationInput;
import io.mediaflow.api.plan.InvocationOutput;
import io.mediaflow.api.plan.OutputStream;
import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.testkit.MediaFixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An FFmpeg that cannot start because of its arguments is not a missing FFmpeg. Validation refuses
 * such values first; these invocations skip it, as a plugin's plan or a bug might, so the operating
 * system's own refusal is what is seen.
 */
class FfmpegBackendArgumentsTest {

  private static final FfmpegBackend BACKEND = new FfmpegBackend();

  @TempDir Path dir;

  @BeforeAll
  static void ffmpeg() {
    MediaFixtures.requireFfmpeg();
  }

  @Test
  void an_argument_longer_than_linux_takes_is_argument_too_long_not_binary_not_found() {
    Invocation run = withTitle("x".repeat(200_000));

    assertThatThrownBy(() -> BACKEND.execute(run, ExecutionControl.none()))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e ->
                org.assertj.core.api.Assertions.assertThat(e.code())
                    .isEqualTo(ErrorCode.ARGUMENT_TOO_LONG))
        .hasMessageContaining("cannot start ffmpeg for inv0")
        .hasMessageContaining("too long");
  }

  @Test
  void a_nul_in_an_argument_is_an_invalid_value_not_binary_not_found() {
    Invocation run = withTitle("a\0b");

    assertThatThrownBy(() -> BACKEND.execute(run, ExecutionControl.none()))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e ->
                org.assertj.core.api.Assertions.assertThat(e.code())
                    .isEqualTo(ErrorCode.INVALID_VALUE))
        .hasMessageContaining("NUL");
  }

  private Invocation withTitle(String title) {
    InvocationOutput out =
        new InvocationOutput(
            "outputs[0]",
            "main",
            dir.resolve("out.mkv").toString(),
            "mkv",
            false,
            List.of(new OutputStream(StreamType.VIDEO, "0:v:0", "copy", false)),
            CodecSpec.builder().video("copy").audio("none").build(),
            Map.of("title", title),
            true);
    return new Invocation(
        "inv0",
        List.of(new InvocationInput(0, "main", MediaFixtures.smallClip().toString())),
        List.of(),
        List.of(out),
        MediaDuration.ofSeconds(1),
        Estimate.ZERO,
        List.of("main"));
  }
}
