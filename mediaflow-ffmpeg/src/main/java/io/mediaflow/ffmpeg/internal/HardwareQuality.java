package io.mediaflow.ffmpeg.internal;

import io.mediaflow.api.spec.CodecSpec;
import io.mediaflow.ffmpeg.internal.HardwareEncoders.Family;
import java.util.List;
import java.util.Map;

/**
 * The quality options of a hardware encoder, from the same {@code crf}, {@code videoBitrate} and
 * {@code preset} a software encoder reads: a bitrate when one is given, else the family's constant
 * quality mode at the crf (NVENC {@code -cq}, QSV {@code -global_quality}, VAAPI {@code -qp},
 * VideoToolbox {@code -q:v} on its 1–100 scale), and frames in the pixel format the family takes
 * from system memory.
 */
final class HardwareQuality {

  /** x264's speed presets as NVENC's p1 (fastest) to p7 (best). */
  private static final Map<String, String> NVENC_PRESETS =
      Map.of(
          "ultrafast", "p1",
          "superfast", "p2",
          "veryfast", "p3",
          "faster", "p3",
          "fast", "p4",
          "medium", "p4",
          "slow", "p5",
          "slower", "p6",
          "veryslow", "p7");

  private HardwareQuality() {}

  static void add(
      List<String> args,
      String spec,
      EncoderChoice choice,
      CodecSpec codec,
      String videoCodec,
      String muxer) {
    Family family = choice.family().orElseThrow();
    int crf =
        codec.crf() != null
            ? codec.crf()
            : Integer.parseInt(
                videoCodec.equals("hevc")
                    ? CommandBuilder.DEFAULT_HEVC_CRF
                    : videoCodec.equals("vp9")
                        ? CommandBuilder.DEFAULT_VP9_CRF
                        : CommandBuilder.DEFAULT_H264_CRF);
    String preset = codec.preset() != null ? codec.preset() : CommandBuilder.DEFAULT_PRESET;
    String bitrate = codec.videoBitrate();
    switch (family) {
      case NVENC -> {
        args.addAll(List.of("-preset:" + spec, NVENC_PRESETS.getOrDefault(preset, "p4")));
        if (bitrate != null) {
          args.addAll(List.of("-b:" + spec, bitrate));
        } else {
          args.addAll(List.of("-rc:" + spec, "vbr", "-cq:" + spec, Integer.toString(crf)));
          args.addAll(List.of("-b:" + spec, "0"));
        }
      }
      case QSV -> {
        // QSV's presets are x264's names from veryfast on
        String qsvPreset = preset.endsWith("fast") && !preset.equals("fast") ? "veryfast" : preset;
        args.addAll(List.of("-preset:" + spec, qsvPreset));
        args.addAll(
            bitrate != null
                ? List.of("-b:" + spec, bitrate)
                : List.of("-global_quality:" + spec, Integer.toString(crf)));
      }
      case VAAPI ->
          args.addAll(
              bitrate != null
                  ? List.of("-b:" + spec, bitrate)
                  : List.of("-rc_mode:" + spec, "CQP", "-qp:" + spec, Integer.toString(crf)));
      case VIDEOTOOLBOX -> {
        int q = Math.max(1, Math.min(100, Math.round(100 - crf * 100f / 51)));
        args.addAll(
            bitrate != null
                ? List.of("-b:" + spec, bitrate)
                : List.of("-q:" + spec, Integer.toString(q)));
      }
    }
    if (family == Family.VAAPI) {
      // frames go to the device after the decoder: only for a stream that no graph filtered
      args.addAll(List.of("-filter:" + spec, "format=nv12,hwupload"));
    } else {
      args.addAll(List.of("-pix_fmt:" + spec, family == Family.QSV ? "nv12" : "yuv420p"));
    }
    if (videoCodec.equals("hevc") && Formats.isMp4Family(muxer)) {
      args.addAll(List.of("-tag:" + spec, "hvc1"));
    }
  }
}
