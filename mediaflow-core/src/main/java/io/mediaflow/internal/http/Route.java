package io.mediaflow.internal.http;

import io.mediaflow.api.store.ApiScope;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One route of the HTTP host.
 *
 * @param method {@code GET}, {@code POST}, {@code PUT}, {@code DELETE}; a GET route answers HEAD
 *     too
 * @param template the path with {@code {name}} for one segment and {@code {name...}} (last only)
 *     for the rest of the path
 * @param scope the scope a key needs; empty for a route open to anyone
 * @param body what the route reads from the body
 * @param handler what answers
 */
public record Route(
    String method, String template, Optional<ApiScope> scope, Body body, Handler handler) {

  /** What a route reads from the request body. */
  public enum Body {
    /** Nothing: a body is read (within the limit) and ignored. */
    NONE,
    /** A JSON document: a non-empty body of another content type is refused with 415. */
    JSON,
    /** Any bytes of any content type (inbound webhooks). */
    ANY
  }

  /** Answers a request that matched the route. */
  @FunctionalInterface
  public interface Handler {
    Reply handle(Call call) throws Exception;
  }

  public Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(handler, "handler");
    if (!template.startsWith("/")) {
      throw new IllegalArgumentException("a route template starts with / but was " + template);
    }
  }

  /** The template's segments ({@code /} gives none). */
  List<String> segments() {
    return Paths.split(template);
  }
}
