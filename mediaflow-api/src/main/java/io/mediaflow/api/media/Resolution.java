package io.mediaflow.api.media;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A frame size. Parses {@code 1920x1080} and the usual names {@code 720p}, {@code 1080p}, {@code
 * 4k}.
 */
public record Resolution(int width, int height) {

  private static final Pattern WxH = Pattern.compile("(\\d{1,5})\\s*[xX×]\\s*(\\d{1,5})");
  private static final Map<String, Resolution> NAMED =
      Map.of(
          "240p", new Resolution(426, 240),
          "360p", new Resolution(640, 360),
          "480p", new Resolution(854, 480),
          "720p", new Resolution(1280, 720),
          "1080p", new Resolution(1920, 1080),
          "1440p", new Resolution(2560, 1440),
          "2160p", new Resolution(3840, 2160),
          "4k", new Resolution(3840, 2160));

  public Resolution {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "a resolution needs a positive width and height but was " + width + "x" + height);
    }
  }

  /**
   * Parses {@code WIDTHxHEIGHT} or a name such as {@code 720p}.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static Resolution parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    Resolution named = NAMED.get(t);
    if (named != null) {
      return named;
    }
    Matcher m = WxH.matcher(t);
    if (m.matches()) {
      int w = Integer.parseInt(m.group(1));
      int h = Integer.parseInt(m.group(2));
      if (w > 0 && h > 0) {
        return new Resolution(w, h);
      }
    }
    throw new IllegalArgumentException(
        "\"" + text + "\" is not a resolution; use WIDTHxHEIGHT (1920x1080) or a name (720p)");
  }

  public long pixels() {
    return (long) width * height;
  }

  @Override
  public String toString() {
    return width + "x" + height;
  }
}
