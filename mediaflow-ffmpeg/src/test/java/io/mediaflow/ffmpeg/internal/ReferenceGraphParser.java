package io.mediaflow.ffmpeg.internal;

import io.mediaflow.api.operator.FilterArg;
import java.util.ArrayList;
import java.util.List;

/**
 * An independent re-implementation of how FFmpeg 5.1 reads a filtergraph ({@code graphparser.c},
 * {@code av_get_token}, {@code av_opt_get_key_value}), to check that what we render is read back as
 * exactly the filters we meant.
 */
final class ReferenceGraphParser {

  private static final String WHITESPACE = " \n\t\r";

  /** A filter as FFmpeg sees it. */
  record Parsed(List<String> inputs, String name, List<FilterArg> args, List<String> outputs) {}

  private final String s;
  private int pos;

  private ReferenceGraphParser(String s) {
    this.s = s;
  }

  static List<Parsed> parse(String graph) {
    return new ReferenceGraphParser(graph).filters();
  }

  private List<Parsed> filters() {
    List<Parsed> out = new ArrayList<>();
    while (true) {
      skipSpace();
      List<String> inputs = labels();
      String name = token("=,;[");
      String opts = null;
      if (pos < s.length() && s.charAt(pos) == '=') {
        pos++;
        opts = token("[],;");
      }
      List<String> outputs = labels();
      out.add(new Parsed(inputs, name, opts == null ? List.of() : options(opts), outputs));
      skipSpace();
      if (pos >= s.length()) {
        return out;
      }
      char sep = s.charAt(pos++);
      if (sep != ';' && sep != ',') {
        throw new IllegalArgumentException("unexpected '" + sep + "' at " + (pos - 1));
      }
    }
  }

  private List<String> labels() {
    List<String> labels = new ArrayList<>();
    skipSpace();
    while (pos < s.length() && s.charAt(pos) == '[') {
      int close = s.indexOf(']', pos);
      if (close < 0) {
        throw new IllegalArgumentException("unterminated label at " + pos);
      }
      labels.add(s.substring(pos + 1, close));
      pos = close + 1;
      skipSpace();
    }
    return labels;
  }

  private String token(String term) {
    return token(s, new int[] {pos}, term, true);
  }

  private String token(String text, int[] at, String term, boolean advanceSelf) {
    StringBuilder out = new StringBuilder();
    int p = at[0];
    while (p < text.length() && WHITESPACE.indexOf(text.charAt(p)) >= 0) {
      p++;
    }
    int end = 0;
    while (p < text.length() && term.indexOf(text.charAt(p)) < 0) {
      char c = text.charAt(p++);
      if (c == '\\' && p < text.length()) {
        out.append(text.charAt(p++));
        end = out.length();
      } else if (c == '\'') {
        while (p < text.length() && text.charAt(p) != '\'') {
          out.append(text.charAt(p++));
        }
        if (p < text.length()) {
          p++;
          end = out.length();
        }
      } else {
        out.append(c);
      }
    }
    int len = out.length();
    while (len > end && WHITESPACE.indexOf(out.charAt(len - 1)) >= 0) {
      len--;
    }
    at[0] = p;
    if (advanceSelf) {
      pos = p;
    }
    return out.substring(0, len);
  }

  /** Level 1: {@code key=value:value2}, as av_opt_get_key_value with implicit keys. */
  private List<FilterArg> options(String opts) {
    List<FilterArg> args = new ArrayList<>();
    int[] at = {0};
    while (at[0] < opts.length()) {
      int p = at[0];
      while (p < opts.length() && WHITESPACE.indexOf(opts.charAt(p)) >= 0) {
        p++;
      }
      int keyStart = p;
      while (p < opts.length() && isKeyChar(opts.charAt(p))) {
        p++;
      }
      String key = opts.substring(keyStart, p);
      while (p < opts.length() && WHITESPACE.indexOf(opts.charAt(p)) >= 0) {
        p++;
      }
      if (p < opts.length() && opts.charAt(p) == '=' && !key.isEmpty()) {
        at[0] = p + 1;
      } else {
        key = null;
      }
      String value = token(opts, at, ":", false);
      args.add(new FilterArg(key, value));
      if (at[0] < opts.length()) {
        at[0]++; // the ':' between options
      }
    }
    return args;
  }

  private static boolean isKeyChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_'
        || c == '/'
        || c == '.';
  }

  private void skipSpace() {
    while (pos < s.length() && WHITESPACE.indexOf(s.charAt(pos)) >= 0) {
      pos++;
    }
  }
}
