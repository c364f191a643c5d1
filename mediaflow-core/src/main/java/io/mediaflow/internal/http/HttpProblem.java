package io.mediaflow.internal.http;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the HTTP host refuses: its status, its error code, the place in the request (a JSON
 * path, a query parameter, a header) and the headers the answer carries ({@code Allow}, {@code
 * Retry-After}).
 */
public final class HttpProblem extends MediaFlowException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String path;
  private final transient Map<String, String> headers = new LinkedHashMap<>();

  public HttpProblem(int status, ErrorCode code, String message, String path, String suggestion) {
    super(code, message, suggestion);
    this.status = status;
    this.path = path == null ? "" : path;
  }

  /** The same problem, answered with one more header. */
  public HttpProblem withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** The HTTP status of the answer. */
  public int status() {
    return status;
  }

  /** Where in the request the problem is; empty when nowhere in particular. */
  public String path() {
    return path;
  }

  /** The headers the answer carries besides the usual ones. */
  public Map<String, String> headers() {
    return headers;
  }
}
