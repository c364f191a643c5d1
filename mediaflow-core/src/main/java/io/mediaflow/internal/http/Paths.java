package io.mediaflow.internal.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits and decodes request paths and query strings. A path is refused when a segment is {@code .}
 * or {@code ..} (also percent-encoded), or decodes to a {@code /}, a {@code \}, a control character
 * or bytes that are not UTF-8: no route ever sees them.
 */
final class Paths {

  private Paths() {}

  /** The raw segments of a template or raw path, without the empty first one. */
  static List<String> split(String path) {
    List<String> out = new ArrayList<>();
    int start = 1;
    for (int i = 1; i <= path.length(); i++) {
      if (i == path.length() || path.charAt(i) == '/') {
        if (i > start || i < path.length()) {
          out.add(path.substring(start, i));
        }
        start = i + 1;
      }
    }
    return out;
  }

  /** The decoded segments of a raw request path. */
  static List<String> segments(String rawPath) {
    if (rawPath == null || !rawPath.startsWith("/")) {
      throw invalid(rawPath, "a request path starts with /");
    }
    List<String> out = new ArrayList<>();
    for (String raw : split(rawPath)) {
      String s = decode(raw, false, rawPath);
      if (s.equals(".") || s.equals("..")) {
        throw invalid(rawPath, "a path may not contain . or .. segments");
      }
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
          throw invalid(rawPath, "a path segment may not hold /, \\ or control characters");
        }
      }
      out.add(s);
    }
    return out;
  }

  /** The parameters of a raw query string; the first value of a repeated name wins. */
  static Map<String, String> query(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), true, "?" + rawQuery);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true, "?" + rawQuery);
      out.putIfAbsent(name, value);
    }
    return out;
  }

  private static String decode(String raw, boolean plusIsSpace, String whole) {
    if (raw.indexOf('%') < 0 && !(plusIsSpace && raw.indexOf('+') >= 0)) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw invalid(whole, "a % is followed by two hex digits");
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw invalid(whole, "a % is followed by two hex digits");
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        bytes.write(' ');
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw invalid(whole, "percent-encoded bytes must be UTF-8");
    }
  }

  private static HttpProblem invalid(String path, String why) {
    return new HttpProblem(
        400,
        Problems.INVALID_PATH,
        "the request path is refused: " + why,
        path == null ? "" : Printables.clip(path),
        "ask for a path the API documents (GET /v1/openapi.json lists them)");
  }
}
