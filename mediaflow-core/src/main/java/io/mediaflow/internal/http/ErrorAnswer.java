package io.mediaflow.internal.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import java.util.Map;

/**
 * Turns what a route threw into the JSON error every answer uses: {@code {"code", "message",
 * "path", "suggestion"}} (and {@code violations} for a refused document). Never a stack trace: an
 * unexpected exception is answered with a request id the server log has it under.
 *
 * @param status the HTTP status
 * @param body the JSON error
 * @param headers headers the answer carries
 */
public record ErrorAnswer(int status, ObjectNode body, Map<String, String> headers) {

  /** The answer to {@code failure}; {@code requestId} names it in the log when it is a bug. */
  public static ErrorAnswer of(Throwable failure, String requestId) {
    if (failure instanceof HttpProblem p) {
      return new ErrorAnswer(
          p.status(),
          body(p.code(), p.detail(), p.path(), p.suggestion()),
          Map.copyOf(p.headers()));
    }
    if (failure instanceof ValidationException v) {
      Violation first = v.violations().get(0);
      ObjectNode o = body(v.code(), v.detail(), first.path(), v.suggestion());
      ArrayNode all = o.putArray("violations");
      v.violations().forEach(x -> all.add(Json.violation(x)));
      return new ErrorAnswer(400, o, Map.of());
    }
    if (failure instanceof MediaFlowException m) {
      return new ErrorAnswer(
          status(m.code()), body(m.code(), m.detail(), "", m.suggestion()), Map.of());
    }
    if (failure instanceof IllegalArgumentException e) {
      return new ErrorAnswer(
          400,
          body(ErrorCode.INVALID_VALUE, e.getMessage(), "", "fix the value named and try again"),
          Map.of());
    }
    if (failure instanceof UnsupportedOperationException e) {
      return new ErrorAnswer(
          501,
          body(
              Problems.NOT_SUPPORTED,
              String.valueOf(e.getMessage()),
              "",
              "give the engine a storage that keeps this (JdbcStorage keeps everything)"),
          Map.of());
    }
    return new ErrorAnswer(
        500,
        body(
            ErrorCode.INTERNAL,
            "an unexpected error happened; the server log has it under request " + requestId,
            "",
            "report it with the request id if it happens again"),
        Map.of());
  }

  /** The status of a mediaflow error code. */
  static int status(ErrorCode code) {
    String c = code.code();
    if (c.endsWith("_NOT_FOUND") && code.category() == ErrorCode.Category.VALIDATION) {
      return 404;
    }
    if (c.equals("JOB_ACTIVE")
        || c.equals("ILLEGAL_TRANSITION")
        || c.equals("JOB_FINISHED")
        || c.endsWith("_CONFLICT")
        || c.endsWith("NOT_REDELIVERABLE")) {
      return 409;
    }
    if (c.equals("STORAGE_UNAVAILABLE")) {
      return 503;
    }
    return switch (code.category()) {
      case VALIDATION, INPUT -> 400;
      default -> 500;
    };
  }

  /** The error document. */
  public static ObjectNode body(ErrorCode code, String message, String path, String suggestion) {
    ObjectNode o = Json.object();
    o.put("code", code.code());
    o.put("message", message);
    o.put("path", path == null ? "" : path);
    o.put("suggestion", suggestion == null ? "" : suggestion);
    return o;
  }
}
