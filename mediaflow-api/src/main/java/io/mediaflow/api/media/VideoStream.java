package io.mediaflow.api.media;

/**
 * A video track.
 *
 * @param index the stream's index in its file
 * @param codec codec name as ffprobe reports it ({@code h264}); may be empty when unknown
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param fps frames per second; 0 when unknown (a still image)
 * @param pixelFormat such as {@code yuv420p}; may be empty
 * @param language ISO 639 code; may be empty
 */
public record VideoStream(
    int index,
    String codec,
    int width,
    int height,
    double fps,
    String pixelFormat,
    String language) {

  public VideoStream {
    codec = codec == null ? "" : codec;
    pixelFormat = pixelFormat == null ? "" : pixelFormat;
    language = language == null ? "" : language;
  }

  public Resolution resolution() {
    return new Resolution(width, height);
  }

  public VideoStream withSize(int newWidth, int newHeight) {
    return new VideoStream(index, codec, newWidth, newHeight, fps, pixelFormat, language);
  }

  public VideoStream withFps(double newFps) {
    return new VideoStream(index, codec, width, height, newFps, pixelFormat, language);
  }
}
