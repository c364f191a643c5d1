package io.mediaflow.api.condition;

import java.util.Objects;

/**
 * Holds when {@code pattern} finds a match anywhere in the text of {@code field} (anchor it with
 * {@code ^...$} for a whole match). The pattern is RE2 syntax, matched in time linear in the text:
 * no back-references or look-arounds, so no pattern can hang a worker ({@code docs/conditions.md}).
 *
 * @param field the value whose text is searched; a missing value never matches
 * @param pattern the expression
 * @param flags any of {@code i} (ignore case), {@code m} (multi-line {@code ^ $}), {@code s} (dot
 *     matches new lines); empty for none
 */
public record RegexCondition(Value field, String pattern, String flags) implements Condition {

  /** Checks that every part is given; null flags are none. */
  public RegexCondition {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(pattern, "pattern");
    flags = flags == null ? "" : flags;
  }

  @Override
  public String type() {
    return "regex";
  }
}
