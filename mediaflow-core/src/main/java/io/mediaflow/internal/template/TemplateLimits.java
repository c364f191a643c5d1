package io.mediaflow.internal.template;

/**
 * The bounds every template is held to, so that no template, however written, costs more than a
 * known amount of time and memory.
 *
 * @param maxTemplateLength the longest template text, in characters
 * @param maxOutputLength the longest text one render may produce, in characters
 * @param maxSteps the most evaluation steps of one render (a reference's segment, a filter, a part)
 */
public record TemplateLimits(int maxTemplateLength, int maxOutputLength, int maxSteps) {

  /** Templates of up to 64 Ki characters, results of up to 64 Ki characters, 10,000 steps. */
  public static final TemplateLimits DEFAULTS = new TemplateLimits(65_536, 65_536, 10_000);

  /** Checks the bounds. */
  public TemplateLimits {
    if (maxTemplateLength < 1 || maxOutputLength < 1 || maxSteps < 1) {
      throw new IllegalArgumentException(
          "template limits must be at least 1 but were "
              + maxTemplateLength
              + ", "
              + maxOutputLength
              + ", "
              + maxSteps);
    }
  }
}
