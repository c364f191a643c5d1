package io.mediaflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.condition.CompiledCondition;
import io.mediaflow.api.condition.Condition;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.internal.condition.CompiledCheck;
import io.mediaflow.internal.condition.ConditionCompiler;
import io.mediaflow.internal.condition.ConditionReader;
import io.mediaflow.internal.condition.ConditionTypes;
import io.mediaflow.internal.condition.ConditionWriter;
import io.mediaflow.internal.spec.JobSpecWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Conditions outside workflows, such as the filters of rules: read, validate, write and compile the
 * condition language of {@code docs/conditions.md} with this engine's clock, custom condition types
 * and media probe.
 *
 * {@snippet :
 * CompiledCondition big = flow.conditions().compile(
 *     "{\"left\": {\"source\": \"event\", \"path\": \"size\"}, \"op\": \"gt\", \"right\": \"500MB\"}");
 * boolean matches = big.test(Map.of("event", Map.of("size", 734_003_200L))); // true
 * }
 */
public final class Conditions {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final ConditionCompiler compiler;
  private final Clock clock;
  private final Function<String, MediaInfo> probe;

  Conditions(ConditionTypes types, Clock clock, Function<String, MediaInfo> probe) {
    this.compiler = new ConditionCompiler(types);
    this.clock = clock;
    this.probe = probe;
  }

  /**
   * Reads a condition from JSON, checking its shape.
   *
   * @throws ValidationException every problem, each at its JSON path ({@code conditions[1].op})
   */
  public Condition parse(String json) {
    List<Violation> out = new ArrayList<>();
    Condition c = new ConditionReader(out).read(tree(json), "");
    ValidationException.throwIfAny(out);
    return c;
  }

  /** Every problem of a condition document, its shape and its meaning; empty when it compiles. */
  public List<Violation> validate(String json) {
    List<Violation> out = new ArrayList<>();
    JsonNode tree;
    try {
      tree = tree(json);
    } catch (ValidationException e) {
      return e.violations();
    }
    Condition c = new ConditionReader(out).read(tree, "");
    if (out.isEmpty() && c != null) {
      out.addAll(compiler.check(c, ""));
    }
    return out;
  }

  /** The canonical JSON of a condition. */
  public String write(Condition condition) {
    List<Violation> out = new ArrayList<>();
    JsonNode json =
        new ConditionWriter(out).write(Objects.requireNonNull(condition, "condition"), "");
    ValidationException.throwIfAny(out);
    return JobSpecWriter.pretty(json);
  }

  /**
   * Compiles a condition once, to test many times on any thread.
   *
   * @throws ValidationException every problem at its path (a bad regex, time value or zone, an
   *     unknown custom type)
   */
  public CompiledCondition compile(Condition condition) {
    CompiledCheck check = compiler.compile(Objects.requireNonNull(condition, "condition"), "");
    return new Compiled(check, clock, probe);
  }

  /**
   * Reads and compiles a condition document.
   *
   * @throws ValidationException every problem of its shape or its meaning, at its JSON path
   */
  public CompiledCondition compile(String json) {
    return compile(parse(json));
  }

  private static JsonNode tree(String json) {
    Objects.requireNonNull(json, "json");
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ValidationException(
          new Violation(
              "",
              ErrorCode.MALFORMED_JSON,
              "the condition is not JSON: " + e.getOriginalMessage(),
              "write it as docs/conditions.md shows"));
    }
  }

  /** A compiled condition over a data map. */
  private record Compiled(CompiledCheck check, Clock clock, Function<String, MediaInfo> probe)
      implements CompiledCondition {

    @Override
    public Condition condition() {
      return check.condition();
    }

    @Override
    public boolean test(Map<String, Object> data) {
      Objects.requireNonNull(data, "data");
      return check.test(new DataContext(data, clock, probe));
    }
  }

  /** The subject file of a data map: {@code path}, {@code file.path}, then the trigger's. */
  static String subject(Map<?, ?> data) {
    Object path = data.get("path");
    if (path == null && data.get("file") instanceof Map<?, ?> file) {
      path = file.get("path");
    }
    if (path == null && data.get("trigger") instanceof Map<?, ?> trigger) {
      return subject(trigger);
    }
    return path == null ? null : String.valueOf(path);
  }
}
