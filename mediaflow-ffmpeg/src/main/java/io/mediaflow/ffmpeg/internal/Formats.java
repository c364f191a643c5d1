package io.mediaflow.ffmpeg.internal;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** mediaflow's codec and container names, and the FFmpeg encoders and muxers they stand for. */
final class Formats {

  private static final Map<String, String> VIDEO_ENCODERS =
      Map.of(
          "h264", "libx264",
          "hevc", "libx265",
          "h265", "libx265",
          "vp9", "libvpx-vp9",
          "av1", "libaom-av1",
          "mpeg4", "mpeg4",
          "png", "png",
          "jpg", "mjpeg",
          "jpeg", "mjpeg",
          "mjpeg", "mjpeg");

  private static final Map<String, String> AUDIO_ENCODERS =
      Map.of(
          "aac", "aac",
          "mp3", "libmp3lame",
          "opus", "libopus",
          "vorbis", "libvorbis",
          "flac", "flac",
          "pcm", "pcm_s16le",
          "pcm_s16le", "pcm_s16le");

  private static final Map<String, String> SUBTITLE_ENCODERS =
      Map.of(
          "mov_text", "mov_text",
          "srt", "srt",
          "subrip", "srt",
          "webvtt", "webvtt",
          "ass", "ass",
          "ssa", "ass");

  private static final Map<String, String> MUXERS = new TreeMap<>();

  static {
    MUXERS.putAll(
        Map.of(
            "mp4", "mp4",
            "mov", "mov",
            "mkv", "matroska",
            "matroska", "matroska",
            "webm", "webm",
            "mp3", "mp3",
            "m4a", "ipod",
            "ipod", "ipod",
            "opus", "opus",
            "ogg", "ogg"));
    MUXERS.putAll(
        Map.of(
            "png", "image2",
            "jpg", "image2",
            "jpeg", "image2",
            "image2", "image2",
            "wav", "wav",
            "flac", "flac",
            "aac", "adts",
            "ts", "mpegts",
            "mpegts", "mpegts",
            "gif", "gif"));
    MUXERS.put("null", "null");
  }

  private Formats() {}

  static String videoEncoder(String codec, String where) {
    return lookup(VIDEO_ENCODERS, codec, "video codec", where);
  }

  static String audioEncoder(String codec, String where) {
    return lookup(AUDIO_ENCODERS, codec, "audio codec", where);
  }

  static String subtitleEncoder(String codec, String where) {
    return lookup(SUBTITLE_ENCODERS, codec, "subtitle codec", where);
  }

  static String muxer(String container, String where) {
    return lookup(MUXERS, container, "container", where);
  }

  /** Whether the container is one of the MP4 family, which wants its index at the front. */
  static boolean isMp4Family(String muxer) {
    return muxer.equals("mp4") || muxer.equals("mov") || muxer.equals("ipod");
  }

  private static String lookup(Map<String, String> names, String name, String what, String where) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    String found = names.get(key);
    if (found == null) {
      throw new MediaFlowException(
          ErrorCode.INVALID_VALUE,
          where + ": unknown " + what + " \"" + name + "\"",
          "use one of " + new TreeMap<>(names).keySet());
    }
    return found;
  }
}
