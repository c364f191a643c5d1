package io.mediaflow.api.media;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a media file holds, as probed from an input or predicted for an operator's result.
 *
 * @param container format name ({@code mov,mp4,m4a,3gp,3g2,mj2}, {@code matroska,webm}, {@code
 *     png_pipe}); may be empty when predicted
 * @param duration playing time; zero for a still image
 * @param sizeBytes file size; 0 when unknown or predicted
 * @param bitRate overall bits per second; 0 when unknown
 * @param video video tracks in file order
 * @param audio audio tracks in file order
 * @param subtitles subtitle tracks in file order
 * @param tags container-level metadata tags
 */
public record MediaInfo(
    String container,
    MediaDuration duration,
    long sizeBytes,
    long bitRate,
    List<VideoStream> video,
    List<AudioStream> audio,
    List<SubtitleStream> subtitles,
    Map<String, String> tags) {

  public MediaInfo {
    container = container == null ? "" : container;
    Objects.requireNonNull(duration, "duration");
    video = List.copyOf(video);
    audio = List.copyOf(audio);
    subtitles = List.copyOf(subtitles);
    tags = Map.copyOf(tags);
  }

  /** A predicted result with the given tracks and no file-level facts. */
  public static MediaInfo of(
      MediaDuration duration, List<VideoStream> video, List<AudioStream> audio) {
    return new MediaInfo("", duration, 0, 0, video, audio, List.of(), Map.of());
  }

  public boolean hasVideo() {
    return !video.isEmpty();
  }

  public boolean hasAudio() {
    return !audio.isEmpty();
  }

  /** The first video track, the one filters work on. */
  public Optional<VideoStream> primaryVideo() {
    return video.isEmpty() ? Optional.empty() : Optional.of(video.get(0));
  }

  /** The first audio track, the one filters work on. */
  public Optional<AudioStream> primaryAudio() {
    return audio.isEmpty() ? Optional.empty() : Optional.of(audio.get(0));
  }

  /** Whether this is a single picture rather than a moving clip. */
  public boolean isStillImage() {
    return hasVideo() && !hasAudio() && duration.isZero();
  }

  public MediaInfo withDuration(MediaDuration newDuration) {
    return new MediaInfo(container, newDuration, 0, 0, video, audio, subtitles, tags);
  }

  public MediaInfo withVideo(List<VideoStream> newVideo) {
    return new MediaInfo(container, duration, 0, 0, newVideo, audio, subtitles, tags);
  }

  public MediaInfo withAudio(List<AudioStream> newAudio) {
    return new MediaInfo(container, duration, 0, 0, video, newAudio, subtitles, tags);
  }

  /** The same tracks with the first video track replaced. */
  public MediaInfo withPrimaryVideo(VideoStream stream) {
    if (video.isEmpty()) {
      return withVideo(List.of(stream));
    }
    List<VideoStream> copy = new java.util.ArrayList<>(video);
    copy.set(0, stream);
    return withVideo(copy);
  }
}
