package io.mediaflow.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.store.StoredApiKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One request as a route sees it: its parameters, its body (read already), its key. */
public final class Call {

  private final HttpExchange exchange;
  private final Map<String, String> params;
  private final Map<String, String> query;
  private final Optional<StoredApiKey> key;
  private final byte[] body;
  private final Guard guard;

  Call(
      HttpExchange exchange,
      Map<String, String> params,
      Map<String, String> query,
      Optional<StoredApiKey> key,
      byte[] body,
      Guard guard) {
    this.exchange = exchange;
    this.params = params;
    this.query = query;
    this.key = key;
    this.body = body;
    this.guard = guard;
  }

  /** {@code GET}, {@code POST}, … */
  public String method() {
    return exchange.getRequestMethod();
  }

  /** A path parameter of the route's template, decoded. */
  public String param(String name) {
    String v = params.get(name);
    if (v == null) {
      throw new IllegalStateException("the route has no parameter " + name);
    }
    return v;
  }

  /** A query parameter, decoded. */
  public Optional<String> query(String name) {
    return Optional.ofNullable(query.get(name));
  }

  /**
   * An integer query parameter.
   *
   * @throws HttpProblem 400 {@code INVALID_VALUE} when it is not a number within the bounds
   */
  public int intQuery(String name, int fallback, int min, int max) {
    String raw = query.get(name);
    if (raw == null || raw.isEmpty()) {
      return fallback;
    }
    try {
      int v = Integer.parseInt(raw.strip());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new HttpProblem(
        400,
        ErrorCode.INVALID_VALUE,
        name
            + " must be a whole number between "
            + min
            + " and "
            + max
            + " but was \""
            + Printables.clip(raw)
            + "\"",
        "?" + name,
        "give " + name + " a number between " + min + " and " + max);
  }

  /** The request body, read in full within the size limit; empty when there is none. */
  public byte[] body() {
    return body.clone();
  }

  /**
   * The body as JSON.
   *
   * @throws HttpProblem 400 {@code MALFORMED_JSON} for an empty body or text that is not JSON
   */
  public JsonNode json() {
    return Json.read(body);
  }

  /** A request header's first value. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
  }

  /** Every request header. */
  public Map<String, List<String>> headers() {
    return exchange.getRequestHeaders();
  }

  /** The key the request was made with; empty on an open route. */
  public Optional<StoredApiKey> key() {
    return key;
  }

  /** The guard of this request, which a stream hands to whoever may end it. */
  public Guard guard() {
    return guard;
  }
}
