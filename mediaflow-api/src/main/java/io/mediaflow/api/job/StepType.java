package io.mediaflow.api.job;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * The full type of a step's result when a {@link Class} cannot say it, such as a list of records:
 * subclass it anonymously so that the type argument survives erasure.
 *
 * {@snippet :
 * List<String> files = ctx.step("list", new StepType<List<String>>() {}, () -> listFiles());
 * }
 *
 * @param <T> the result type
 */
public abstract class StepType<T> {

  private final Type type;

  /** Captures the type argument of the anonymous subclass. */
  protected StepType() {
    Type superclass = getClass().getGenericSuperclass();
    if (!(superclass instanceof ParameterizedType p)) {
      throw new IllegalStateException(
          "StepType needs a type argument: write new StepType<List<String>>() {}");
    }
    this.type = p.getActualTypeArguments()[0];
  }

  private StepType(Type type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  /** The type of a plain class, for code that holds a {@link Class} already. */
  public static <T> StepType<T> of(Class<T> type) {
    return new StepType<T>(type) {};
  }

  /** The captured type, as reflection describes it. */
  public Type type() {
    return type;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StepType<?> other && other.type.equals(type);
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  @Override
  public String toString() {
    return "StepType<" + type.getTypeName() + ">";
  }
}
