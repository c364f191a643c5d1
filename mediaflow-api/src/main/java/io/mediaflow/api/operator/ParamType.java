package io.mediaflow.api.operator;

import io.mediaflow.api.OutOfRangeException;
import io.mediaflow.api.media.MediaDuration;
import io.mediaflow.api.media.Resolution;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The twelve parameter types. Each converts a value as given in JSON or Java once, into the type
 * operators read ({@code "720"} becomes {@code 720} where an int is expected), or says what was
 * expected.
 */
public enum ParamType {
  /** Text, as {@link String}. Numbers and booleans are accepted and turned into text. */
  STRING("a string"),
  /** A whole number, as {@link Long}. Numeric text and whole floating numbers are accepted. */
  INT("an integer"),
  /** A number, as {@link Double}. Numeric text is accepted. */
  FLOAT("a number"),
  /** {@code true} or {@code false}, as {@link Boolean}; the text forms too. */
  BOOL("true or false"),
  /** A {@link MediaDuration}: seconds, {@code 1m30s}, {@code 01:02:03.5} or {@code PT1M30S}. */
  DURATION("a duration (seconds, \"1m30s\", \"01:02:03.500\" or \"PT1M30S\")"),
  /** A JSON object, as {@code Map<String, Object>}. */
  OBJECT("an object"),
  /** A JSON array, as {@code List<Object>}. */
  ARRAY("an array"),
  /** One of the descriptor's allowed values, as {@link String}. */
  ENUM("one of the allowed values"),
  /** A {@link Resolution}: {@code 1920x1080} or {@code 720p}. */
  RESOLUTION("a resolution (\"1920x1080\" or \"720p\")"),
  /** A position in media time written as a timecode ({@code 00:01:02.5}) or seconds. */
  TIMECODE("a timecode (\"HH:MM:SS.mmm\") or seconds"),
  /** A codec name such as {@code h264} or {@code aac}, as {@link String}. */
  CODEC("a codec name (such as \"h264\" or \"aac\")"),
  /**
   * A file the parameter names, such as a font. {@link #convert} checks the text only and returns
   * it as {@link String}; {@link ParamBinder} then resolves it through the context's {@link
   * PathResolver} (the host's allowed folders), so operators read a {@link java.nio.file.Path} that
   * is already confined: {@link Params#optPath}.
   */
  PATH("a file path (such as \"fonts/title.ttf\")"),
  /**
   * A file path, or a location of another scheme a storage serves ({@code s3://bucket/key.mp4}, a
   * host's own). {@link #convert} checks the text as for {@link #PATH}; {@link ParamBinder}
   * resolves a local path through the context's {@link PathResolver} as a {@link #PATH}, and a
   * location with a scheme other than {@code file:} through {@link PathResolver#resolveLocation}:
   * {@link Params#optLocation}.
   */
  LOCATION("a file path or a location such as \"s3://bucket/key.mp4\"");

  private static final Pattern CODEC_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
  private static final Pattern TIMECODE_TEXT =
      Pattern.compile("(\\d+:)?[0-5]?\\d:[0-5]?\\d(\\.\\d+)?|\\d+(\\.\\d+)?");

  /** A decimal number as text, which {@link BigDecimal} may still refuse for a huge exponent. */
  private static final Pattern NUMBER_TEXT =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private final String expected;

  ParamType(String expected) {
    this.expected = expected;
  }

  /** What a value of this type looks like, for error messages: "an integer". */
  public String expected() {
    return expected;
  }

  /**
   * Converts a raw value.
   *
   * @throws OutOfRangeException when the value is of the right kind but cannot be held: an integer
   *     beyond a {@code long}, a number beyond a {@code double}, a negative or too long duration
   * @throws IllegalArgumentException whose message says what was expected and what was given
   */
  public Object convert(Object raw) {
    if (raw == null) {
      throw mismatch(null);
    }
    return switch (this) {
      case PATH, LOCATION -> pathText(raw);
      case STRING -> {
        if (raw instanceof String || raw instanceof Number || raw instanceof Boolean) {
          yield raw.toString();
        }
        throw mismatch(raw);
      }
      case ENUM -> {
        if (raw instanceof String s) {
          yield s;
        }
        throw mismatch(raw);
      }
      case INT -> toLong(raw);
      case FLOAT -> toDouble(raw);
      case BOOL -> {
        if (raw instanceof Boolean b) {
          yield b;
        }
        if (raw instanceof String s) {
          String t = s.trim().toLowerCase(Locale.ROOT);
          if (t.equals("true") || t.equals("false")) {
            yield Boolean.valueOf(t);
          }
        }
        throw mismatch(raw);
      }
      case DURATION -> {
        if (!(raw instanceof String || raw instanceof Number || raw instanceof MediaDuration)) {
          throw mismatch(raw);
        }
        yield MediaDuration.from(raw); // its OutOfRangeException and message say it all
      }
      case TIMECODE -> {
        if (raw instanceof MediaDuration d) {
          yield d;
        }
        if (raw instanceof Number n) {
          yield MediaDuration.from(n);
        }
        if (raw instanceof String s && TIMECODE_TEXT.matcher(s.trim()).matches()) {
          yield MediaDuration.parse(s);
        }
        throw mismatch(raw);
      }
      case OBJECT -> {
        if (raw instanceof Map<?, ?> m) {
          yield m;
        }
        throw mismatch(raw);
      }
      case ARRAY -> {
        if (raw instanceof List<?> l) {
          yield l;
        }
        throw mismatch(raw);
      }
      case RESOLUTION -> {
        if (raw instanceof Resolution r) {
          yield r;
        }
        if (raw instanceof String s) {
          yield Resolution.parse(s);
        }
        throw mismatch(raw);
      }
      case CODEC -> {
        if (raw instanceof String s && CODEC_NAME.matcher(s).matches()) {
          yield s;
        }
        throw mismatch(raw);
      }
    };
  }

  /**
   * The text of a path: not blank, without NUL (no file system takes it), and without line breaks
   * or other control characters, which no sensible file name has and which would garble messages.
   */
  private String pathText(Object raw) {
    String text;
    if (raw instanceof String s) {
      text = s;
    } else if (raw instanceof java.nio.file.Path p) {
      text = p.toString();
    } else {
      throw mismatch(raw);
    }
    if (text.isBlank()) {
      throw mismatch(raw);
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        throw new IllegalArgumentException(
            String.format(
                "a file path must not contain control characters but has U+%04X at character %d",
                (int) text.charAt(i), i + 1));
      }
    }
    return text;
  }

  private Long toLong(Object raw) {
    BigDecimal d = decimal(raw);
    if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
      throw mismatch(raw); // a fraction is no integer, however large
    }
    // integer digits first: longValueExact on a huge exponent would build the whole number
    if (d.precision() - d.scale() > 19) {
      throw outOfRange(raw, "an integer between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE);
    }
    try {
      return d.longValueExact();
    } catch (ArithmeticException e) {
      throw outOfRange(raw, "an integer between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE);
    }
  }

  private Double toDouble(Object raw) {
    double d = decimal(raw).doubleValue();
    if (!Double.isFinite(d)) {
      throw outOfRange(raw, "a number between -" + Double.MAX_VALUE + " and " + Double.MAX_VALUE);
    }
    return d;
  }

  /** The exact value of a number or of numeric text; NaN and infinities are no numbers here. */
  private BigDecimal decimal(Object raw) {
    String text;
    if (raw instanceof Number n) {
      if ((n instanceof Double || n instanceof Float) && !Double.isFinite(n.doubleValue())) {
        throw mismatch(raw);
      }
      text = n.toString();
    } else if (raw instanceof String s) {
      text = s.trim();
    } else {
      throw mismatch(raw);
    }
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      if (NUMBER_TEXT.matcher(text).matches()) {
        // well-formed, but its exponent does not fit BigDecimal's: 1e99999999999
        throw new OutOfRangeException(
            "the number "
                + describe(raw)
                + " is too large or too small to hold; expected "
                + expected);
      }
      throw mismatch(raw);
    }
  }

  private static OutOfRangeException outOfRange(Object raw, String range) {
    return new OutOfRangeException("expected " + range + " but was " + describe(raw));
  }

  private IllegalArgumentException mismatch(Object raw) {
    return new IllegalArgumentException("expected " + expected + " but was " + describe(raw));
  }

  /** A short rendering of a value for messages: strings quoted, long values cut. */
  public static String describe(Object raw) {
    if (raw == null) {
      return "null";
    }
    if (raw instanceof String s) {
      String cut = s.length() > 60 ? s.substring(0, 57) + "..." : s;
      return "\"" + cut + "\"";
    }
    if (raw instanceof Map) {
      return "an object";
    }
    if (raw instanceof List) {
      return "an array";
    }
    return raw.toString();
  }
}
