package io.mediaflow;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.condition.ConditionErrors;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.internal.condition.EvalContext;
import io.mediaflow.internal.condition.LazyMedia;
import io.mediaflow.internal.condition.MediaFacts;
import io.mediaflow.internal.workflow.run.TemplateResolver;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What a condition tested outside a workflow reads: a data map's top-level keys as sources, the
 * engine's clock, and its media probe (once per test, for the data's subject file).
 */
final class DataContext implements EvalContext {

  private final Map<String, Object> data;
  private final Clock clock;
  private final Function<String, MediaInfo> probe;
  private Map<String, MediaInfo> probed;

  DataContext(Map<String, Object> data, Clock clock, Function<String, MediaInfo> probe) {
    this.data = data;
    this.clock = clock;
    this.probe = probe;
  }

  @Override
  public Object root(String source) {
    Object v = data.get(source);
    if (v == null && source.equals("media")) {
      return new LazyMedia(() -> media(null), MediaFacts::of);
    }
    return v;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public MediaInfo media(String file) {
    if (file == null && data.get("media") instanceof MediaInfo given) {
      return given;
    }
    String name = file != null ? file : Conditions.subject(data);
    if (name == null) {
      throw new MediaFlowException(
          ConditionErrors.CONDITION_MEDIA_UNAVAILABLE,
          "no media file to probe: the data has no \"path\", \"file.path\" nor \"trigger.path\"",
          "put the file's path in the data, or name it in the condition's \"file\"");
    }
    if (probed == null) {
      probed = new HashMap<>();
    }
    MediaInfo info = probed.get(name);
    if (info == null) {
      try {
        info = probe.apply(name);
      } catch (MediaFlowException e) {
        throw new MediaFlowException(
            ConditionErrors.CONDITION_MEDIA_UNAVAILABLE,
            "cannot probe \"" + name + "\": " + e.getMessage(),
            "check that the file exists, is media and is inside the workspace",
            false,
            e);
      }
      probed.put(name, info);
    }
    return info;
  }

  @Override
  public Object render(String template) {
    return TemplateResolver.standard().resolve(template, data, "condition template");
  }
}
