package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.operator.CompileContext;
import io.mediaflow.api.operator.Estimate;
import io.mediaflow.api.operator.FilterFragment;
import io.mediaflow.api.operator.Operator;
import io.mediaflow.api.operator.OperatorDescriptor;
import io.mediaflow.api.operator.Params;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorRegistryTest {

  @Test
  void finds_operators_by_name_and_lists_them_sorted() {
    OperatorRegistry r = TestOperators.registry();
    assertThat(r.find("trim")).isPresent();
    assertThat(r.find("nope")).isEmpty();
    assertThat(r.names()).containsExactly("level", "overlay", "scale", "thumbnail", "trim");
  }

  @Test
  void rejects_two_operators_with_one_name_and_names_both() {
    assertThatThrownBy(
            () -> OperatorRegistry.of(new TestOperators.Trim(), new TestOperators.Trim()))
        .isInstanceOf(MediaFlowException.class)
        .satisfies(
            e ->
                assertThat(((MediaFlowException) e).code()).isEqualTo(ErrorCode.DUPLICATE_OPERATOR))
        .hasMessageContaining("operator 'trim' is provided twice")
        .hasMessageContaining("io.mediaflow.TestOperators$Trim from file:");
  }

  @Test
  void rejects_one_operator_class_listed_by_two_jars_and_names_both(@TempDir Path dir)
      throws Exception {
    // ServiceLoader would load the class once, from the first jar, and say nothing
    URL first = listing(dir.resolve("trim-1.0"));
    URL second = listing(dir.resolve("trim-1.1"));
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {first, second}, getClass().getClassLoader())) {
      assertThatThrownBy(() -> OperatorRegistry.load(loader))
          .isInstanceOf(MediaFlowException.class)
          .satisfies(
              e ->
                  assertThat(((MediaFlowException) e).code())
                      .isEqualTo(ErrorCode.DUPLICATE_OPERATOR))
          .hasMessageContaining("operator 'trim' is provided twice")
          .hasMessageContaining("trim-1.0")
          .hasMessageContaining("trim-1.1");
    }
  }

  /** A class-path folder whose service file lists the test trim operator. */
  private static URL listing(Path folder) throws Exception {
    Path services = Files.createDirectories(folder.resolve("META-INF/services"));
    Files.writeString(
        services.resolve(Operator.class.getName()),
        "# a plugin\n" + ListedTrim.class.getName() + "\n");
    return folder.toUri().toURL();
  }

  @Test
  void loads_nothing_from_a_class_path_without_operators() {
    ClassLoader empty = new ClassLoader(null) {};
    assertThat(OperatorRegistry.load(empty).all()).isEmpty();
  }

  /** A service provider must be public with a public constructor: the test trim, delegated to. */
  public static final class ListedTrim implements Operator {
    private final Operator trim = new TestOperators.Trim();

    public ListedTrim() {}

    @Override
    public OperatorDescriptor descriptor() {
      return trim.descriptor();
    }

    @Override
    public MediaInfo outputMetadata(Params params, List<MediaInfo> inputs) {
      return trim.outputMetadata(params, inputs);
    }

    @Override
    public FilterFragment compile(Params params, CompileContext ctx) {
      return trim.compile(params, ctx);
    }

    @Override
    public Estimate estimate(Params params, List<MediaInfo> inputs) {
      return trim.estimate(params, inputs);
    }
  }
}
