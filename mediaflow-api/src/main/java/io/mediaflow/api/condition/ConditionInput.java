package io.mediaflow.api.condition;

import io.mediaflow.api.media.MediaInfo;
import java.time.Clock;

/** What a custom condition may read while it is tested. */
public interface ConditionInput {

  /**
   * The value at {@code path} of {@code source}, as a {@link Value.Ref} reads it; null if missing.
   */
  Object value(String source, String path);

  /** The engine's clock. */
  Clock clock();

  /**
   * The run's media file as probed once per run.
   *
   * @throws io.mediaflow.api.MediaFlowException {@code CONDITION_MEDIA_UNAVAILABLE} when there is
   *     no file or it cannot be probed
   */
  MediaInfo media();
}
