package io.mediaflow.samples.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Makes text from outside safe to print on a terminal: the one place every command-line print path
 * goes through. A spec's ids, keys, paths and values, and bytes a server or FFmpeg sent, may hold a
 * newline (one problem would then span several {@code error:} lines, or one written file several
 * stdout lines), a NUL, or an ESC that starts a terminal escape sequence (a hostile spec could move
 * the cursor, retitle the window, or hide text).
 *
 * <p>{@link #escape} writes such characters the way a C or Java string literal would ({@code \n},
 * {@code \r}, {@code \e}, {@code \x00}, <code>&#92;u009b</code>), and a backslash as {@code \\}, so
 * the escaped text reads back unambiguously. A tab is left as it is: it moves the cursor right and
 * nothing else. {@link #json} leaves JSON exact: JSON already escapes what lies below U+0020, and
 * the rest (DEL, the C1 controls, bidirectional overrides, line separators) becomes <code>
 * &#92;uXXXX</code> escapes, which decode to the same strings.
 */
final class Printable {

  private Printable() {}

  /** {@code text} on one line, every control character but tab, and every backslash, escaped. */
  static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement = replacement(c);
      if (replacement != null && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  /** Each line of {@code text} escaped, the line breaks kept: for documents such as Mermaid. */
  static String lines(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.lines().forEach(line -> out.append(out.isEmpty() ? "" : "\n").append(escape(line)));
    return out.toString();
  }

  /**
   * JSON text with the characters a terminal acts on written as <code>&#92;uXXXX</code> escapes.
   */
  static String json(String json) {
    StringBuilder out = null;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      // outside strings JSON has only ASCII structure and whitespace, none of these
      boolean escape = c == 0x7f || (c >= 0x80 && c <= 0x9f) || isInvisibleFormat(c);
      if (escape && out == null) {
        out = new StringBuilder(json.length() + 16).append(json, 0, i);
      }
      if (out != null) {
        if (escape) {
          out.append(String.format("\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? json : out.toString();
  }

  /**
   * A stream for text mediaflow does not format itself (log lines): control bytes other than tab
   * and newline become {@code \xHH}. Byte-wise is safe in UTF-8, where these bytes never occur
   * inside a multi-byte character.
   */
  static PrintStream guard(OutputStream raw) {
    OutputStream filter =
        new FilterOutputStream(raw) {
          @Override
          public void write(int b) throws IOException {
            int v = b & 0xff;
            if ((v < 0x20 && v != '\n' && v != '\t') || v == 0x7f) {
              out.write(String.format("\\x%02x", v).getBytes(StandardCharsets.US_ASCII));
            } else {
              out.write(v);
            }
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
              write(b[i]);
            }
          }
        };
    return new PrintStream(filter, true, StandardCharsets.UTF_8);
  }

  private static String replacement(char c) {
    switch (c) {
      case '\\':
        return "\\\\";
      case '\n':
        return "\\n";
      case '\r':
        return "\\r";
      case 0x1b:
        return "\\e";
      default:
        break;
    }
    if ((c < 0x20 && c != '\t') || c == 0x7f) {
      return String.format("\\x%02x", (int) c);
    }
    if ((c >= 0x80 && c <= 0x9f) || isInvisibleFormat(c)) {
      return String.format("\\u%04x", (int) c);
    }
    return null;
  }

  /** Line and paragraph separators and the bidirectional controls that reorder what is shown. */
  private static boolean isInvisibleFormat(char c) {
    return c == 0x2028
        || c == 0x2029
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069)
        || c == 0x200e
        || c == 0x200f
        || c == 0x061c;
  }
}
