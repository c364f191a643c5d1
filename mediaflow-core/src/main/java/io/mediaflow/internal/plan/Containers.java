package io.mediaflow.internal.plan;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What each output container holds and which codecs it takes by default. One table, so the
 * validator and the planner agree.
 */
public enum Containers {
  MP4("mp4", Set.of("h264", "hevc"), Set.of("aac", "mp3", "opus"), "h264", "aac", true),
  MOV("mov", Set.of("h264", "hevc"), Set.of("aac", "mp3"), "h264", "aac", true),
  MKV("mkv", Set.of("h264", "hevc", "vp9"), Set.of("aac", "mp3", "opus"), "h264", "aac", true),
  WEBM("webm", Set.of("vp9"), Set.of("opus"), "vp9", "opus", true),
  MP3("mp3", Set.of(), Set.of("mp3"), null, "mp3", false),
  M4A("m4a", Set.of(), Set.of("aac"), null, "aac", false),
  OPUS("opus", Set.of(), Set.of("opus"), null, "opus", false),
  PNG("png", Set.of("png"), Set.of(), "png", null, false),
  JPG("jpg", Set.of("jpg"), Set.of(), "jpg", null, false);

  private static final Map<String, Containers> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("mp4", MP4),
          Map.entry("m4v", MP4),
          Map.entry("mov", MOV),
          Map.entry("mkv", MKV),
          Map.entry("webm", WEBM),
          Map.entry("mp3", MP3),
          Map.entry("m4a", M4A),
          Map.entry("opus", OPUS),
          Map.entry("ogg", OPUS),
          Map.entry("png", PNG),
          Map.entry("jpg", JPG),
          Map.entry("jpeg", JPG));

  private final String id;
  private final Set<String> videoCodecs;
  private final Set<String> audioCodecs;
  private final String defaultVideo;
  private final String defaultAudio;
  private final boolean subtitles;

  Containers(
      String id,
      Set<String> videoCodecs,
      Set<String> audioCodecs,
      String defaultVideo,
      String defaultAudio,
      boolean subtitles) {
    this.id = id;
    this.videoCodecs = videoCodecs;
    this.audioCodecs = audioCodecs;
    this.defaultVideo = defaultVideo;
    this.defaultAudio = defaultAudio;
    this.subtitles = subtitles;
  }

  /** The container named in a spec ({@code mp4}, {@code jpeg}, …), if known. */
  public static Optional<Containers> byName(String name) {
    return Optional.ofNullable(BY_EXTENSION.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The container a destination's extension implies, if known. */
  public static Optional<Containers> forDestination(String destination) {
    int slash = Math.max(destination.lastIndexOf('/'), destination.lastIndexOf('\\'));
    String file = destination.substring(slash + 1);
    int dot = file.lastIndexOf('.');
    return dot < 0 ? Optional.empty() : byName(file.substring(dot + 1));
  }

  /** The names accepted in {@code codec.container}. */
  public static Set<String> names() {
    return BY_EXTENSION.keySet();
  }

  public String id() {
    return id;
  }

  public boolean holdsVideo() {
    return defaultVideo != null;
  }

  public boolean holdsAudio() {
    return defaultAudio != null;
  }

  public boolean isImage() {
    return this == PNG || this == JPG;
  }

  public boolean holdsSubtitles() {
    return subtitles;
  }

  public Optional<String> defaultVideo() {
    return Optional.ofNullable(defaultVideo);
  }

  public Optional<String> defaultAudio() {
    return Optional.ofNullable(defaultAudio);
  }

  /** Whether a stream of this codec (a probed name such as {@code h264}) can be copied in. */
  public boolean acceptsVideo(String codec) {
    return videoCodecs.contains(codec);
  }

  public boolean acceptsAudio(String codec) {
    return audioCodecs.contains(codec);
  }

  public Set<String> videoCodecs() {
    return videoCodecs;
  }

  public Set<String> audioCodecs() {
    return audioCodecs;
  }
}
