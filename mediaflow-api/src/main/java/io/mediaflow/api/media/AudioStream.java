package io.mediaflow.api.media;

/**
 * An audio track.
 *
 * @param index the stream's index in its file
 * @param codec codec name as ffprobe reports it ({@code aac}); may be empty when unknown
 * @param sampleRate samples per second
 * @param channels channel count
 * @param language ISO 639 code; may be empty
 */
public record AudioStream(int index, String codec, int sampleRate, int channels, String language) {

  public AudioStream {
    codec = codec == null ? "" : codec;
    language = language == null ? "" : language;
  }
}
