package io.mediaflow.ffmpeg.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.ffmpeg.internal.HardwareEncoders.Family;
import io.mediaflow.ffmpeg.internal.HardwareEncoders.Status;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The choice of a video encoder from {@code codec.hardware}, over fake capability sets. */
class EncoderChooserTest {

  private static Status works(String encoder) {
    return status(encoder, true, "");
  }

  private static Status broken(String encoder, String reason) {
    return status(encoder, false, reason);
  }

  private static Status status(String encoder, boolean works, String reason) {
    String[] parts = encoder.split("_");
    return new Status(encoder, parts[0], Family.of(parts[1]).orElseThrow(), works, reason);
  }

  private static EncoderChooser over(Status... statuses) {
    HardwareEncoders hw = HardwareEncoders.of(List.of(statuses));
    return new EncoderChooser(() -> hw);
  }

  @Test
  void off_or_absent_is_the_software_encoder_with_nothing_to_explain_and_no_trial() {
    AtomicInteger asked = new AtomicInteger();
    EncoderChooser chooser =
        new EncoderChooser(
            () -> {
              asked.incrementAndGet();
              return HardwareEncoders.none();
            });

    assertThat(chooser.choose("h264", null, false, "outputs[0]"))
        .isEqualTo(EncoderChoice.software("libx264"));
    assertThat(chooser.choose("hevc", "off", false, "outputs[0]"))
        .isEqualTo(EncoderChoice.software("libx265"));
    assertThat(asked).hasValue(0);
  }

  @Test
  void auto_takes_the_first_working_family_in_order() {
    EncoderChooser chooser =
        over(
            works("h264_vaapi"),
            broken("h264_nvenc", "Cannot load libcuda.so.1"),
            works("h264_qsv"));

    EncoderChoice c = chooser.choose("h264", "auto", false, "outputs[0]");

    assertThat(c.encoder()).isEqualTo("h264_qsv");
    assertThat(c.family()).contains(Family.QSV);
    assertThat(c.auto()).isTrue();
    assertThat(c.note()).isEqualTo("outputs[0]: h264 with h264_qsv (hardware, hardware auto)");
  }

  @Test
  void auto_with_nothing_working_chooses_software_and_says_why_for_each_encoder_tried() {
    EncoderChooser chooser =
        over(
            broken("h264_nvenc", "Cannot load libcuda.so.1"),
            broken("h264_vaapi", "no VAAPI render device /dev/dri/renderD128"),
            works("hevc_nvenc"));

    EncoderChoice c = chooser.choose("h264", "auto", false, "outputs[1]");

    assertThat(c.encoder()).isEqualTo("libx264");
    assertThat(c.hardware()).isFalse();
    assertThat(c.note())
        .isEqualTo(
            "outputs[1]: h264 with libx264 (software): hardware auto: no hardware encoder for"
                + " h264 works here (h264_nvenc: Cannot load libcuda.so.1; h264_vaapi: no VAAPI"
                + " render device /dev/dri/renderD128)");
  }

  @Test
  void auto_on_a_build_without_hardware_encoders_says_so() {
    EncoderChoice c = EncoderChooser.softwareOnly().choose("vp9", "auto", false, "outputs[0]");

    assertThat(c.encoder()).isEqualTo("libvpx-vp9");
    assertThat(c.note())
        .endsWith("(software): hardware auto: this FFmpeg build has no hardware encoder for vp9");
  }

  @Test
  void auto_skips_vaapi_for_a_filtered_stream_but_takes_it_for_a_plain_one() {
    EncoderChooser chooser = over(works("h264_vaapi"));

    assertThat(chooser.choose("h264", "auto", true, "outputs[0]").encoder()).isEqualTo("libx264");
    assertThat(chooser.choose("h264", "auto", true, "outputs[0]").note())
        .contains("h264_vaapi: VAAPI needs its frames uploaded after the filters");
    assertThat(chooser.choose("h264", "auto", false, "outputs[0]").encoder())
        .isEqualTo("h264_vaapi");
  }

  @Test
  void a_family_or_an_encoder_that_works_is_used_and_named_in_the_note() {
    EncoderChooser chooser = over(works("hevc_nvenc"), works("h264_nvenc"));

    EncoderChoice family = chooser.choose("hevc", "nvenc", false, "outputs[0]");
    EncoderChoice named = chooser.choose("h264", "h264_nvenc", false, "outputs[0]");

    assertThat(family.encoder()).isEqualTo("hevc_nvenc");
    assertThat(family.auto()).isFalse();
    assertThat(named.note()).isEqualTo("outputs[0]: h264 with h264_nvenc (hardware, asked for)");
  }

  @Test
  void a_named_encoder_that_does_not_work_is_hardware_unavailable_with_the_reason() {
    EncoderChooser chooser = over(broken("h264_nvenc", "Cannot load libcuda.so.1"));

    assertThatThrownBy(() -> chooser.choose("h264", "nvenc", false, "outputs[2]"))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.HARDWARE_UNAVAILABLE);
              assertThat(e.detail())
                  .isEqualTo(
                      "outputs[2].codec.hardware: h264_nvenc does not work here: Cannot load"
                          + " libcuda.so.1");
              assertThat(e.suggestion()).contains("\"hardware\": \"auto\"");
            });
  }

  @Test
  void an_encoder_the_build_lacks_or_of_another_codec_is_hardware_unavailable() {
    EncoderChooser chooser = over(works("h264_nvenc"));

    assertThatThrownBy(() -> chooser.choose("h264", "h264_qsv", false, "outputs[0]"))
        .isInstanceOf(MediaFlowException.class)
        .hasMessageContaining(
            "outputs[0].codec.hardware: this FFmpeg build has no encoder h264_qsv");
    assertThatThrownBy(() -> chooser.choose("h264", "hevc_nvenc", false, "outputs[0]"))
        .isInstanceOf(MediaFlowException.class)
        .hasMessageContaining("hevc_nvenc does not encode h264, the video of this output");
  }

  @Test
  void an_encoder_marked_broken_at_run_time_is_skipped_by_auto_from_then_on() {
    HardwareEncoders hw = HardwareEncoders.of(List.of(works("h264_nvenc"), works("h264_qsv")));
    EncoderChooser chooser = new EncoderChooser(() -> hw);
    assertThat(chooser.choose("h264", "auto", false, "o").encoder()).isEqualTo("h264_nvenc");

    hw.markBroken("h264_nvenc", "No NVENC capable devices found");

    assertThat(chooser.choose("h264", "auto", false, "o").encoder()).isEqualTo("h264_qsv");
    assertThat(hw.status("h264_nvenc"))
        .map(Status::reason)
        .isEqualTo(Optional.of("failed at run time: No NVENC capable devices found"));
  }

  @Test
  void a_copied_stream_never_asks_for_hardware() {
    assertThat(over().choose("copy", "nvenc", false, "outputs[0]").family()).isEmpty();
  }
}
