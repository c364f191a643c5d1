package io.mediaflow.internal.condition;

import io.mediaflow.api.media.MediaInfo;
import java.time.Clock;

/**
 * What a compiled condition reads while it is evaluated: the roots of the data, the clock, the
 * media of a file and the rendering of templates. A workflow run gives its scope and its {@code
 * RunMedia}; {@link ConditionEngine} gives a rule's data map.
 */
public interface EvalContext {

  /** The root value named {@code source} ({@code trigger}, {@code vars}, ...); null if none. */
  Object root(String source);

  /** The engine's clock. */
  Clock clock();

  /**
   * The media facts of {@code file} (a path text), or of the data's subject file when null.
   *
   * @throws io.mediaflow.api.MediaFlowException {@code CONDITION_MEDIA_UNAVAILABLE}
   */
  MediaInfo media(String file);

  /**
   * A template rendered over the data.
   *
   * @throws io.mediaflow.api.MediaFlowException any code: the evaluator turns it into {@code
   *     CONDITION_TEMPLATE_FAILED}
   */
  Object render(String template);
}
