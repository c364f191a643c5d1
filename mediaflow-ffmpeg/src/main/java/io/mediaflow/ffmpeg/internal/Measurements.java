package io.mediaflow.ffmpeg.internal;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.plan.Invocation;
import java.util.Map;

/**
 * What an analysis run measured: the last JSON object FFmpeg printed on stderr, such as loudnorm's
 * {@code { "input_i" : "-23.54", ... }}, as a flat map of its values as text, keys exactly as
 * printed.
 */
public final class Measurements {

  private Measurements() {}

  /**
   * Reads the measurements of {@code invocation} from its stderr.
   *
   * @throws MediaFlowException {@code PROCESSING_FAILED} when stderr holds no JSON object
   */
  public static Map<String, String> parse(Invocation invocation, String stderr) {
    Map<String, String> found = lastObject(stderr);
    if (found == null) {
      throw new MediaFlowException(
          ErrorCode.PROCESSING_FAILED,
          "analysis run "
              + invocation.id()
              + " of "
              + String.join(", ", invocation.nodeIds())
              + " printed no measurements; the end of its output was:\n"
              + tail(stderr),
          "check that the installed FFmpeg has the analysing filter and prints at -loglevel info");
    }
    return found;
  }

  /** The last JSON object in {@code text} as a flat map, or null when there is none. */
  static Map<String, String> lastObject(String text) {
    int end = text.lastIndexOf('}');
    while (end >= 0) {
      int start = text.lastIndexOf('{', end);
      if (start < 0) {
        return null;
      }
      try {
        return ToolJson.flatObject(text.substring(start, end + 1));
      } catch (IllegalArgumentException e) {
        // not JSON (a message that happens to hold braces): look further up
      }
      end = text.lastIndexOf('}', end - 1);
    }
    return null;
  }

  private static String tail(String text) {
    return text.length() > 2000 ? "…" + text.substring(text.length() - 2000) : text;
  }
}
