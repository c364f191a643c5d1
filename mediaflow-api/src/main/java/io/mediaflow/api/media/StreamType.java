package io.mediaflow.api.media;

/** The kinds of elementary stream a media file carries. */
public enum StreamType {
  VIDEO("v"),
  AUDIO("a"),
  SUBTITLE("s");

  private final String specifier;

  StreamType(String specifier) {
    this.specifier = specifier;
  }

  /** FFmpeg's one-letter stream specifier: {@code v}, {@code a} or {@code s}. */
  public String specifier() {
    return specifier;
  }
}
