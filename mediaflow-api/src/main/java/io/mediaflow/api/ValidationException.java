package io.mediaflow.api;

import java.util.List;
import java.util.stream.Collectors;

/** A request was refused; {@link #violations()} lists every problem found, each with its path. */
public class ValidationException extends MediaFlowException {

  private static final long serialVersionUID = 1L;

  private final transient List<Violation> violations;

  public ValidationException(List<Violation> violations) {
    super(
        codeOf(violations),
        describe(violations),
        "fix each problem at the path it names and submit again",
        false,
        null);
    this.violations = List.copyOf(violations);
  }

  public ValidationException(Violation violation) {
    this(List.of(violation));
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
    return violations.get(0).code();
  }

  private static String describe(List<Violation> violations) {
    if (violations.size() == 1) {
      return violations.get(0).toString();
    }
    return violations.size()
        + " problems:\n"
        + violations.stream().map(v -> "  " + v).collect(Collectors.joining("\n"));
  }
}
