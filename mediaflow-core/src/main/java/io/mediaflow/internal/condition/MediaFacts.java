package io.mediaflow.internal.condition;

import io.mediaflow.api.media.AudioStream;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.SubtitleStream;
import io.mediaflow.api.media.VideoStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A probe's facts as a map of plain values, and back: what templates read and runs keep. */
public final class MediaFacts {

  private MediaFacts() {}

  /**
   * The facts as templates see them ({@code media.duration} in seconds, {@code media.size} in
   * bytes, ...), and as the run's state keeps them.
   */
  public static Map<String, Object> of(MediaInfo info) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", info.container());
    m.put("durationMicros", info.duration().micros());
    m.put("duration", info.duration().toSeconds());
    m.put("size", info.sizeBytes());
    m.put("bitrate", info.bitRate());
    info.primaryVideo()
        .ifPresent(
            v -> {
              m.put("width", v.width());
              m.put("height", v.height());
              m.put("resolution", v.width() + "x" + v.height());
              m.put("videoCodec", v.codec());
              m.put("fps", v.fps());
            });
    info.primaryAudio().ifPresent(a -> m.put("audioCodec", a.codec()));
    m.put(
        "codec",
        info.primaryVideo()
            .map(VideoStream::codec)
            .orElse(info.primaryAudio().map(AudioStream::codec).orElse("")));
    List<Map<String, Object>> video = new ArrayList<>();
    for (VideoStream v : info.video()) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("index", v.index());
      s.put("codec", v.codec());
      s.put("width", v.width());
      s.put("height", v.height());
      s.put("fps", v.fps());
      s.put("pixelFormat", v.pixelFormat());
      s.put("language", v.language());
      video.add(s);
    }
    List<Map<String, Object>> audio = new ArrayList<>();
    for (AudioStream a : info.audio()) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("index", a.index());
      s.put("codec", a.codec());
      s.put("sampleRate", a.sampleRate());
      s.put("channels", a.channels());
      s.put("language", a.language());
      audio.add(s);
    }
    m.put("video", video);
    m.put("audio", audio);
    m.put("tags", info.tags());
    m.put("title", info.tags().getOrDefault("title", ""));
    return m;
  }

  /**
   * The facts back from the run's saved state (subtitles are not kept: no condition reads them).
   */
  public static MediaInfo from(Map<String, Object> m) {
    List<VideoStream> video = new ArrayList<>();
    for (Object o : list(m.get("video"))) {
      Map<?, ?> s = (Map<?, ?>) o;
      video.add(
          new VideoStream(
              num(s.get("index")).intValue(),
              str(s.get("codec")),
              num(s.get("width")).intValue(),
              num(s.get("height")).intValue(),
              num(s.get("fps")).doubleValue(),
              str(s.get("pixelFormat")),
              str(s.get("language"))));
    }
    List<AudioStream> audio = new ArrayList<>();
    for (Object o : list(m.get("audio"))) {
      Map<?, ?> s = (Map<?, ?>) o;
      audio.add(
          new AudioStream(
              num(s.get("index")).intValue(),
              str(s.get("codec")),
              num(s.get("sampleRate")).intValue(),
              num(s.get("channels")).intValue(),
              str(s.get("language"))));
    }
    Map<String, String> tags = new LinkedHashMap<>();
    if (m.get("tags") instanceof Map<?, ?> t) {
      t.forEach((k, v) -> tags.put(String.valueOf(k), String.valueOf(v)));
    }
    return new MediaInfo(
        str(m.get("format")),
        MediaDuration.ofMicros(num(m.get("durationMicros")).longValue()),
        num(m.get("size")).longValue(),
        num(m.get("bitrate")).longValue(),
        video,
        audio,
        List.<SubtitleStream>of(),
        tags);
  }

  private static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }

  private static Number num(Object o) {
    return o instanceof Number n ? n : 0;
  }

  private static String str(Object o) {
    return o == null ? "" : String.valueOf(o);
  }
}
