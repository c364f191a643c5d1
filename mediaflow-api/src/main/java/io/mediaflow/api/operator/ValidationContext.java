package io.mediaflow.api.operator;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an operator's parameters sit in the spec, so that its own checks report exact paths, and
 * the host's rule for the files parameters name.
 *
 * @param paramsPath such as {@code operations[1].params}
 * @param paths resolves the files parameters name; {@link ParamType#PATH} values are resolved with
 *     it before the operator sees them
 */
public record ValidationContext(String paramsPath, PathResolver paths) {

  public ValidationContext {
    Objects.requireNonNull(paramsPath, "paramsPath");
    Objects.requireNonNull(paths, "paths");
  }

  /** A context that allows no file at all ({@link PathResolver#none()}). */
  public ValidationContext(String paramsPath) {
    this(paramsPath, PathResolver.none());
  }

  /** The path of one parameter: {@code operations[1].params.width}. */
  public String path(String param) {
    return paramsPath + "." + param;
  }

  /** A violation of one parameter. */
  public Violation violation(String param, ErrorCode code, String message) {
    return Violation.of(path(param), code, message);
  }

  /**
   * Resolves a file named inside a parameter that is not itself of type {@link ParamType#PATH} (an
   * entry of a list of files, say), under the same rule.
   *
   * @param param the parameter's name, or the place inside it: {@code files[2]}
   * @throws io.mediaflow.api.ValidationException when the file is not allowed, at {@link
   *     #path(String) path(param)}
   */
  public Path resolvePath(String param, String path) {
    return paths.resolve(path, path(param));
  }
}
