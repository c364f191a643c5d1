package io.mediaflow.api.operator;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;

/**
 * Where an operator's parameters sit in the spec, so that its own checks report exact paths.
 *
 * @param paramsPath such as {@code operations[1].params}
 */
public record ValidationContext(String paramsPath) {

  /** The path of one parameter: {@code operations[1].params.width}. */
  public String path(String param) {
    return paramsPath + "." + param;
  }

  /** A violation of one parameter. */
  public Violation violation(String param, ErrorCode code, String message) {
    return Violation.of(path(param), code, message);
  }
}
