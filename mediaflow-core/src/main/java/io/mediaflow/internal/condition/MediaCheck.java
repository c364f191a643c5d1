package io.mediaflow.internal.condition;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.condition.ConditionErrors;
import io.mediaflow.api.condition.MediaProperty;
import io.mediaflow.api.condition.Operator;
import io.mediaflow.api.media.AudioStream;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.media.VideoStream;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A media condition compiled: the fact read from the file's probe (made once per run by the
 * context), then compared by the rules of {@link Compare}, with the property's own readings of the
 * right side (resolutions, bit rates, container names).
 */
final class MediaCheck implements Check {

  private static final Pattern BITRATE =
      Pattern.compile(
          "([0-9]{1,12}(?:\\.[0-9]{1,9})?)\\s*([kmg])?(?:bps|b/s)?", Pattern.CASE_INSENSITIVE);

  private static final Pattern RESOLUTION =
      Pattern.compile("([0-9]{1,6})\\s*[xX×]\\s*([0-9]{1,6})");

  private static final Pattern LINES = Pattern.compile("([0-9]{1,6})[pP]");

  private final MediaProperty property;
  private final Operator op;
  private final Operand value;
  private final Operand file;
  private final String where;

  MediaCheck(MediaProperty property, Operator op, Operand value, Operand file, String where) {
    this.property = property;
    this.op = op;
    this.value = value;
    this.file = file;
    this.where = where;
  }

  @Override
  public boolean test(EvalContext ctx) {
    String path = null;
    if (file != null) {
      Object f = file.get(ctx, where);
      if (f == null) {
        throw new MediaFlowException(
            ConditionErrors.CONDITION_MEDIA_UNAVAILABLE,
            where + ": the media condition's file is missing",
            "make \"file\" name a file the data holds, such as ${trigger.path}");
      }
      path = Coercion.text(f);
    }
    MediaInfo info = ctx.media(path);
    Object right = value.get(ctx, where);
    switch (property) {
      case FORMAT, CONTAINER -> {
        return names(info.container(), op, right);
      }
      case RESOLUTION -> {
        return resolution(info, right);
      }
      case BITRATE -> {
        return Compare.test(
            op, info.bitRate() > 0 ? info.bitRate() : null, bitrate(right), false, where);
      }
      case CODEC, VIDEO_CODEC, AUDIO_CODEC -> {
        return Compare.test(op, codec(info), right, true, where);
      }
      default -> {
        return Compare.test(op, fact(info), right, false, where);
      }
    }
  }

  private Object fact(MediaInfo info) {
    VideoStream v = info.primaryVideo().orElse(null);
    return switch (property) {
      case DURATION -> info.duration().toSeconds();
      case SIZE -> info.sizeBytes() > 0 ? info.sizeBytes() : null;
      case WIDTH -> v == null ? null : v.width();
      case HEIGHT -> v == null ? null : v.height();
      default -> throw new IllegalStateException("not a plain fact: " + property);
    };
  }

  private String codec(MediaInfo info) {
    String video = info.primaryVideo().map(VideoStream::codec).orElse("");
    String audio = info.primaryAudio().map(AudioStream::codec).orElse("");
    String c =
        switch (property) {
          case VIDEO_CODEC -> video;
          case AUDIO_CODEC -> audio;
          default -> video.isEmpty() ? audio : video;
        };
    return c.isEmpty() ? null : c;
  }

  /** A container's names ({@code mov,mp4,m4a}): eq holds when one of them is the value. */
  private boolean names(String container, Operator op, Object right) {
    List<String> names = List.of(container.toLowerCase(Locale.ROOT).split(","));
    return switch (op) {
      case EQ -> Compare.contains(names, right, true);
      case NE -> !Compare.contains(names, right, true);
      case IN -> {
        for (String n : names) {
          if (Compare.in(n, right, true, where)) {
            yield true;
          }
        }
        yield false;
      }
      default -> Compare.test(op, container.isEmpty() ? null : container, right, true, where);
    };
  }

  /**
   * {@code 1080p} (or a number) compares the height; {@code 1920x1080} compares exactly for eq and
   * by pixels for an ordering.
   */
  private boolean resolution(MediaInfo info, Object right) {
    VideoStream v = info.primaryVideo().orElse(null);
    if (v == null || right == null) {
      return Compare.test(op, v == null ? null : v.width() + "x" + v.height(), right, true, where);
    }
    String text = Coercion.text(right).trim();
    Matcher lines = LINES.matcher(text);
    if (lines.matches() || Coercion.number(right) != null) {
      long height =
          lines.matches() ? Long.parseLong(lines.group(1)) : Coercion.number(right).longValue();
      return Compare.test(op, (long) v.height(), height, false, where);
    }
    Matcher wh = RESOLUTION.matcher(text);
    if (!wh.matches()) {
      throw new MediaFlowException(
          ConditionErrors.CONDITION_TYPE_MISMATCH,
          where + ": " + Coercion.describe(right) + " is not a resolution",
          "write 1920x1080 or 1080p");
    }
    long w = Long.parseLong(wh.group(1));
    long h = Long.parseLong(wh.group(2));
    if (op == Operator.EQ || op == Operator.NE) {
      return (v.width() == w && v.height() == h) == (op == Operator.EQ);
    }
    return Compare.test(op, (long) v.width() * v.height(), w * h, false, where);
  }

  /** A bit rate: a number of bits per second, or {@code 192k}, {@code 5M}, {@code 5Mbps}. */
  static Object bitrate(Object right) {
    if (right == null || right instanceof Number) {
      return right;
    }
    Matcher m = BITRATE.matcher(Coercion.text(right).trim());
    if (!m.matches()) {
      return right;
    }
    double amount = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
    int power = unit.isEmpty() ? 0 : "kmg".indexOf(unit.charAt(0)) + 1;
    return amount * Math.pow(1000, power);
  }
}
