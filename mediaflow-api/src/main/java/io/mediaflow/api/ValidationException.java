package io.mediaflow.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A request was refused; {@link #violations()} lists every problem found, each with its path and
 * its own code.
 *
 * <p>With one problem, the exception takes that problem's code and suggestion, and its message is
 * {@code CODE: path: message (suggestion)}. With several, its code is {@link
 * ErrorCode#INVALID_SPEC} and its message counts them, one per line:
 *
 * <pre>
 * INVALID_SPEC: 2 problems:
 *   UNKNOWN_FIELD operations[0].prams: unknown field "prams" in an operation; ...
 *   UNKNOWN_OPERATOR operations[1].op: unknown operator 'scael' (did you mean 'scale'?)
 * (fix each problem at the path it names and submit again)
 * </pre>
 */
public class ValidationException extends MediaFlowException {

  private static final long serialVersionUID = 1L;

  /** The suggestion of an exception with several problems. */
  static final String FIX_EACH = "fix each problem at the path it names and submit again";

  private final transient List<Violation> violations;

  public ValidationException(List<Violation> violations) {
    super(
        codeOf(violations),
        describe(violations),
        violations.size() == 1 ? violations.get(0).suggestion() : FIX_EACH,
        false,
        null);
    this.violations = List.copyOf(violations);
  }

  public ValidationException(Violation violation) {
    this(List.of(violation));
  }

  /**
   * {@code CODE: path: message (suggestion)} for one problem; for several, the count and one line
   * for each, with the suggestion on a line of its own.
   */
  @Override
  public String getMessage() {
    if (code() != ErrorCode.INVALID_SPEC) {
      return super.getMessage();
    }
    return code().code() + ": " + detail() + "\n(" + suggestion() + ")";
  }

  /** Every problem, in document order. Never empty. */
  public List<Violation> violations() {
    return violations;
  }

  /** Throws when {@code violations} is not empty. */
  public static void throwIfAny(List<Violation> violations) {
    if (!violations.isEmpty()) {
      throw new ValidationException(violations);
    }
  }

  private static ErrorCode codeOf(List<Violation> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("a ValidationException needs at least one violation");
    }
    return violations.size() == 1 ? violations.get(0).code() : ErrorCode.INVALID_SPEC;
  }

  /** The message without the exception's code and suggestion, which {@link #getMessage} adds. */
  private static String describe(List<Violation> violations) {
    if (violations.size() == 1) {
      Violation v = violations.get(0);
      return (v.path().isEmpty() ? "(document)" : v.path()) + ": " + v.message();
    }
    return violations.size()
        + " problems:\n"
        + violations.stream().map(v -> "  " + v).collect(Collectors.joining("\n"));
  }
}
