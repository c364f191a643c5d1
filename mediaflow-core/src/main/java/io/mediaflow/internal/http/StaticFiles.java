package io.mediaflow.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard's files, from the class path folder {@value #ROOT}: {@code index.html} at {@code /}
 * and the rest under {@code /assets/}. Names are plain ({@code [A-Za-z0-9_-][A-Za-z0-9._-]*} per
 * segment); anything else is not found, and the router refuses {@code ..} and encoded slashes
 * before a name gets here.
 */
public final class StaticFiles {

  /** Where the files are on the class path. */
  public static final String ROOT = "io/mediaflow/http/dashboard/";

  /** The page's policy: its own scripts and styles only, no frames, no other origin. */
  static final String CSP =
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src"
          + " 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action"
          + " 'self'";

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("html", "text/html; charset=utf-8"),
          Map.entry("css", "text/css; charset=utf-8"),
          Map.entry("js", "text/javascript; charset=utf-8"),
          Map.entry("mjs", "text/javascript; charset=utf-8"),
          Map.entry("json", "application/json"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("ico", "image/x-icon"),
          Map.entry("woff2", "font/woff2"),
          Map.entry("txt", "text/plain; charset=utf-8"),
          Map.entry("map", "application/json"));

  private final ConcurrentHashMap<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

  /**
   * The file at {@code relative} (below {@value #ROOT}).
   *
   * @throws HttpProblem 404 {@code ROUTE_NOT_FOUND} when there is no such file
   */
  public Reply serve(String relative) {
    for (String segment : relative.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches()) {
        throw notFound(relative);
      }
    }
    byte[] bytes =
        cache.computeIfAbsent(relative, StaticFiles::load).orElseThrow(() -> notFound(relative));
    String type = TYPES.getOrDefault(extension(relative), "application/octet-stream");
    Reply reply = Reply.bytes(200, type, bytes).header("Cache-Control", "no-cache");
    if (type.startsWith("text/html")) {
      reply.header("Content-Security-Policy", CSP).header("X-Frame-Options", "DENY");
    }
    return reply;
  }

  private static Optional<byte[]> load(String relative) {
    try (InputStream in = StaticFiles.class.getResourceAsStream("/" + ROOT + relative)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static HttpProblem notFound(String relative) {
    return new HttpProblem(
        404,
        Problems.ROUTE_NOT_FOUND,
        "no dashboard file " + Printables.clip(relative) + " exists",
        "/" + Printables.clip(relative),
        "open / for the dashboard");
  }
}
