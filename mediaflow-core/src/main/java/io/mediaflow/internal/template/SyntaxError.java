package io.mediaflow.internal.template;

/**
 * Thrown inside the parser at the first thing it cannot read; {@link Templates} turns it into a
 * {@code TEMPLATE_SYNTAX} error or violation. No stack trace: it is an answer, not a bug.
 */
final class SyntaxError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The 1-based character of the template where reading stopped. */
  final int column;

  /** What to do about it. */
  final String suggestion;

  SyntaxError(int index, String why, String suggestion) {
    super(why, null, false, false);
    this.column = index + 1;
    this.suggestion = suggestion;
  }
}
