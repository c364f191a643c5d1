package io.mediaflow.ffmpeg.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationInput;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real stderr of FFmpeg 5.1 (most produced on this machine with the commands noted; the others
 * copied from FFmpeg's sources and bug reports) against the code each must get.
 */
class ErrorClassifierTest {

  private static final String INPUT = "file:/media/in.mp4";

  static Stream<Arguments> stderr() {
    return Stream.of(
        // ffmpeg -i file:/media/in.mp4 (missing)
        arguments(
            "file:/media/in.mp4: No such file or directory", ErrorCode.INPUT_NOT_FOUND, false),
        // an output folder that does not exist
        arguments(
            "file:/nonexistent_dir/x.mp4: No such file or directory",
            ErrorCode.PROCESSING_FAILED,
            false),
        // a text file named .mp4
        arguments(
            "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55ea1313b8c0] Format mov,mp4,m4a,3gp,3g2,mj2 detected"
                + " only with low score of 1, misdetection possible!\n"
                + "file:/media/other.mkv: Invalid data found when processing input",
            ErrorCode.INPUT_INVALID,
            false),
        // head -c 2000 clip.mp4 > truncated.mp4
        arguments(
            "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55ea1313b8c0] moov atom not found\n"
                + "file:/media/in.mp4: Invalid data found when processing input",
            ErrorCode.INPUT_INVALID,
            false),
        // -c:v libnonexistent
        arguments("Unknown encoder 'libnonexistent'", ErrorCode.ENCODER_NOT_FOUND, false),
        arguments(
            "Encoder (codec hevc) not found for output stream #0:0",
            ErrorCode.ENCODER_NOT_FOUND,
            false),
        // -c:a mp3 -f ipod
        arguments(
            "[ipod @ 0x55d23ea9ef40] Could not find tag for codec mp3 in stream #0, codec not"
                + " currently supported in container\n"
                + "Could not write header for output file #0 (incorrect codec parameters ?):"
                + " Invalid argument",
            ErrorCode.INCOMPATIBLE_STREAM,
            false),
        // -c:a libopus -f mov
        arguments(
            "[mov @ 0x5582c5fd7f40] opus only supported in MP4.\n"
                + "Could not write header for output file #0 (incorrect codec parameters ?):"
                + " Invalid argument",
            ErrorCode.INCOMPATIBLE_STREAM,
            false),
        arguments(
            "file:/out/x.mp4: Permission denied\nConversion failed!",
            ErrorCode.PERMISSION_DENIED,
            false),
        arguments("file:/media/in.mp4: Permission denied", ErrorCode.INPUT_UNREADABLE, false),
        arguments(
            "[mp4 @ 0x5599] Error writing trailer of file:/out/x.mp4: No space left on device\n"
                + "Conversion failed!",
            ErrorCode.DISK_FULL,
            true),
        arguments(
            "av_interleaved_write_frame(): No space left on device", ErrorCode.DISK_FULL, true),
        // -filter_complex "[0:v]nosuchfilter[o]"
        arguments(
            "[AVFilterGraph @ 0x563052f033c0] No such filter: 'nosuchfilter'\n"
                + "Error initializing complex filters.\nInvalid argument",
            ErrorCode.FILTER_NOT_FOUND,
            false),
        // -filter_complex "[0:v]scale=w=abc:h=-7[o]"
        arguments(
            "[Parsed_scale_0 @ 0x55ce3d02ce80] Cannot parse expression for width: 'abc'\n"
                + "[AVFilterGraph @ 0x55ce3d02d440] Error initializing filter 'scale' with args"
                + " 'w=abc:h=-7'\nError initializing complex filters.\nInvalid argument",
            ErrorCode.FILTER_FAILED,
            false),
        // -vf crop=0:0
        arguments(
            "[Parsed_crop_0 @ 0x55c612066280] Failed to configure input pad on Parsed_crop_0\n"
                + "Error reinitializing filters!\n"
                + "Failed to inject frame into filter network: Invalid argument",
            ErrorCode.FILTER_FAILED,
            false),
        // -map 0:a on a clip without audio
        arguments(
            "Stream map '0:a' matches no streams.\nTo ignore this, add a trailing '?' to the map.",
            ErrorCode.INPUT_INVALID,
            false),
        arguments(
            "Stream specifier ':a' in filtergraph description [0:a]volume=2[o] matches no"
                + " streams.",
            ErrorCode.INPUT_INVALID,
            false),
        arguments(
            "[h264 @ 0x5566] Cannot allocate memory\nError while decoding stream #0:0",
            ErrorCode.OUT_OF_MEMORY,
            true),
        // -i http://127.0.0.1:1/x.mp4 without a whitelist
        arguments(
            "[tcp @ 0x555a52023e80] Connection to tcp://127.0.0.1:1 failed: Connection refused\n"
                + "http://127.0.0.1:1/x.mp4: Connection refused",
            ErrorCode.NETWORK,
            true),
        arguments(
            "[tcp @ 0x5555] Connection to tcp://10.0.0.1:80 failed: Connection timed out",
            ErrorCode.NETWORK,
            true),
        arguments(
            "[http @ 0x55d0] HTTP error 404 Not Found\n"
                + "http://example.com/x.mp4: Server returned 404 Not Found",
            ErrorCode.NETWORK,
            false),
        arguments(
            "http://example.com/x.mp4: Server returned 5XX Server Error reply",
            ErrorCode.NETWORK,
            true),
        arguments(
            "http://example.com/x.mp4: Server returned 403 Forbidden (access denied)",
            ErrorCode.NETWORK,
            false),
        // -protocol_whitelist file -i http://...
        arguments(
            "[http @ 0x55904b973100] Protocol 'http' not on whitelist 'file'!\n"
                + "http://127.0.0.1:1/x.mp4: Invalid argument",
            ErrorCode.INPUT_INVALID,
            false),
        // -format_whitelist mov,matroska -i playlist.mp4 (an HLS playlist)
        arguments(
            "[hls @ 0x55a927e0f940] Format not on whitelist 'mov,matroska'\n"
                + "file:/media/x.mp4: Invalid argument",
            ErrorCode.INPUT_FORMAT_NOT_ALLOWED,
            false),
        arguments(
            "[hls @ 0x5588] Protocol 'https' not on whitelist 'file,pipe'!",
            ErrorCode.INPUT_INVALID,
            false),
        arguments("[h264 @ 0x55b3] Invalid frame dimensions 0x0.", ErrorCode.INPUT_INVALID, false),
        // -vf scale=64:47 -c:v libx264 -pix_fmt yuv420p
        arguments(
            "[libx264 @ 0x55a370ace0c0] height not divisible by 2 (64x47)\n"
                + "Error initializing output stream 0:0 -- Error while opening encoder for output"
                + " stream #0:0 - maybe incorrect parameters such as bit_rate, rate, width or"
                + " height",
            ErrorCode.INVALID_VALUE,
            false),
        arguments(
            "[libx264 @ 0x55d919a8f0c0] width not divisible by 2 (63x47)",
            ErrorCode.INVALID_VALUE,
            false),
        // -c:v mpeg4 -f mp3
        arguments(
            "Output file #0 does not contain any stream", ErrorCode.INCOMPATIBLE_STREAM, false),
        arguments(
            "Output with label 'xx' does not exist in any defined filter graph, or was already"
                + " used elsewhere.",
            ErrorCode.INTERNAL,
            false),
        arguments(
            "[h264 @ 0x55] Decoder (codec av1) not found for input stream #0:0",
            ErrorCode.UNSUPPORTED_CODEC,
            false),
        arguments("Received signal 15: terminating.", ErrorCode.PROCESSING_FAILED, true),
        arguments(
            "[aac @ 0x55] Too many bits per frame requested\nConversion failed!",
            ErrorCode.PROCESSING_FAILED,
            true),
        arguments(
            "File 'file:/out/x.mp4' already exists. Exiting.",
            ErrorCode.DESTINATION_EXISTS,
            false));
  }

  @ParameterizedTest
  @MethodSource("stderr")
  void classifies_real_ffmpeg_stderr(String stderr, ErrorCode code, boolean retryable) {
    ErrorClassifier.Classification c =
        ErrorClassifier.classify(stderr, 1, List.of(INPUT)).orElseThrow();

    assertThat(c.code()).isEqualTo(code);
    assertThat(c.retryable()).isEqualTo(retryable);
    assertThat(c.suggestion()).isNotBlank();
    assertThat(c.summary()).isNotBlank();
    assertThat(stderr).contains(c.line());
  }

  @Test
  void sigkill_is_taken_for_the_oom_killer() {
    ErrorClassifier.Classification c = ErrorClassifier.classify("", 137, List.of()).orElseThrow();

    assertThat(c.code()).isEqualTo(ErrorCode.OUT_OF_MEMORY);
    assertThat(c.retryable()).isTrue();
    assertThat(c.summary()).contains("signal 9");
  }

  @Test
  void a_crash_names_its_signal() {
    ErrorClassifier.Classification c = ErrorClassifier.classify("", 139, List.of()).orElseThrow();

    assertThat(c.code()).isEqualTo(ErrorCode.PROCESSING_FAILED);
    assertThat(c.summary()).contains("signal 11").contains("SIGSEGV");
  }

  @Test
  void unknown_stderr_is_not_classified() {
    assertThat(ErrorClassifier.classify("something odd happened", 1, List.of())).isEmpty();
  }

  @Test
  void failure_carries_code_retryable_flag_suggestion_and_the_tail() {
    Invocation inv =
        new Invocation(
            "inv3",
            List.of(new InvocationInput(0, "main", "/media/in.mp4")),
            List.of(),
            List.of(),
            MediaDuration.ZERO,
            Estimate.ZERO,
            List.of());
    String stderr = "av_interleaved_write_frame(): No space left on device\nConversion failed!";

    var e = Failures.failed(inv, 1, stderr);

    assertThat(e.code()).isEqualTo(ErrorCode.DISK_FULL);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage())
        .contains("inv3")
        .contains("disk being written to is full")
        .contains("Conversion failed!")
        .contains("free space");
  }

  @Test
  void failure_message_keeps_ffmpegs_last_twenty_stderr_lines_labelled_and_cut() {
    Invocation inv =
        new Invocation(
            "inv4",
            List.of(new InvocationInput(0, "main", "/media/in.mp4")),
            List.of(),
            List.of(),
            MediaDuration.ZERO,
            Estimate.ZERO,
            List.of());
    StringBuilder stderr = new StringBuilder();
    for (int i = 1; i <= 39; i++) {
      stderr.append("line ").append(i).append('\n');
    }
    stderr.append("x".repeat(700)).append("\nConversion failed!");

    var e = Failures.failed(inv, 1, stderr.toString());

    List<String> lines = e.detail().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo("invocation inv4 failed (ffmpeg exit 1): FFmpeg could not convert the media");
    assertThat(lines.get(1)).isEqualTo("FFmpeg's last 20 lines on stderr:");
    assertThat(lines.get(2)).isEqualTo("line 22");
    assertThat(lines.get(20)).isEqualTo("x".repeat(500) + "…");
    assertThat(lines.get(21)).isEqualTo("Conversion failed!");
    assertThat(lines).hasSize(22);
    assertThat(Failures.failed(inv, 1, " ").detail())
        .isEqualTo("invocation inv4 failed (ffmpeg exit 1)\n(FFmpeg printed nothing on stderr)");
  }
}
