package io.mediaflow.api;

import java.util.Objects;

/**
 * One thing wrong with a request, at one place.
 *
 * @param path where, as a JSON path such as {@code operations[1].params.width}; empty for the whole
 *     document
 * @param code what kind of problem
 * @param message what is wrong, naming the value that was given
 * @param suggestion how to fix it; may be empty
 */
public record Violation(String path, ErrorCode code, String message, String suggestion) {

  public Violation {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    suggestion = suggestion == null ? "" : suggestion;
  }

  public static Violation of(String path, ErrorCode code, String message) {
    return new Violation(path, code, message, "");
  }

  /** {@code CODE path: message}, the form the command line prints. */
  @Override
  public String toString() {
    String where = path.isEmpty() ? "(document)" : path;
    String text = code.code() + " " + where + ": " + message;
    return suggestion.isEmpty() ? text : text + " (" + suggestion + ")";
  }
}
