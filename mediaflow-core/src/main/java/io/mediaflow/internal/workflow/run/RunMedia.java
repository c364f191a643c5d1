package io.mediaflow.internal.workflow.run;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.condition.ConditionErrors;
import io.mediaflow.api.job.JobContext;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.operator.PathResolver;
import io.mediaflow.internal.condition.MediaFacts;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The media facts of a run's files, probed once per run: the first probe of a file is saved as the
 * run's state {@code media:<path>}, so later nodes, later attempts and a resumed run read it back
 * instead of probing again. The run's subject file is {@code trigger.path}, else {@code
 * trigger.file.path}.
 */
final class RunMedia {

  private final JobContext ctx;
  private final Map<String, Object> trigger;
  private final PathResolver paths;
  private final Function<Path, MediaInfo> probe;
  private final Map<String, MediaInfo> memo = new HashMap<>();

  RunMedia(
      JobContext ctx,
      Map<String, Object> trigger,
      PathResolver paths,
      Function<Path, MediaInfo> probe) {
    this.ctx = ctx;
    this.trigger = trigger;
    this.paths = paths;
    this.probe = probe;
  }

  /** The run's subject file: {@code trigger.path}, else {@code trigger.file.path}; else null. */
  static String subject(Map<?, ?> trigger) {
    Object path = trigger.get("path");
    if (path == null && trigger.get("file") instanceof Map<?, ?> file) {
      path = file.get("path");
    }
    return path == null ? null : String.valueOf(path);
  }

  /**
   * The facts of {@code file}, or of the run's subject when null.
   *
   * @throws MediaFlowException {@code CONDITION_MEDIA_UNAVAILABLE} when there is no file, it is not
   *     allowed, or it cannot be probed
   */
  MediaInfo of(String file) {
    String name = file != null ? file : subject(trigger);
    if (name == null) {
      throw new MediaFlowException(
          ConditionErrors.CONDITION_MEDIA_UNAVAILABLE,
          "no media file to probe: the trigger has no \"path\" nor \"file.path\"",
          "start the run with {\"path\": \"<file>\"}, or name the file in the condition's \"file\"");
    }
    MediaInfo known = memo.get(name);
    if (known != null) {
      return known;
    }
    String state = "media:" + name;
    @SuppressWarnings("unchecked")
    Map<String, Object> saved = ctx.loadState(state, Map.class).orElse(null);
    MediaInfo info;
    if (saved != null) {
      info = MediaFacts.from(saved);
    } else {
      info = probe(name);
      ctx.saveState(state, MediaFacts.of(info));
    }
    memo.put(name, info);
    return info;
  }

  private MediaInfo probe(String name) {
    try {
      return probe.apply(paths.resolve(name, "media"));
    } catch (MediaFlowException e) {
      throw new MediaFlowException(
          ConditionErrors.CONDITION_MEDIA_UNAVAILABLE,
          "cannot probe \"" + name + "\": " + e.getMessage(),
          e.suggestion().isEmpty() ? "check that the file exists and is media" : e.suggestion(),
          false,
          e);
    } catch (RuntimeException e) {
      throw new MediaFlowException(
          ConditionErrors.CONDITION_MEDIA_UNAVAILABLE,
          "cannot probe \"" + name + "\": " + e,
          "check that the file exists and is media",
          false,
          e);
    }
  }
}
