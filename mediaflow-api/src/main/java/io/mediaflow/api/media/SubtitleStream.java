package io.mediaflow.api.media;

/**
 * A subtitle track.
 *
 * @param index the stream's index in its file
 * @param codec codec name as ffprobe reports it ({@code mov_text}, {@code subrip})
 * @param language ISO 639 code; may be empty
 */
public record SubtitleStream(int index, String codec, String language) {

  public SubtitleStream {
    codec = codec == null ? "" : codec;
    language = language == null ? "" : language;
  }
}
