package io.mediaflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.Charset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * The extension's callbacks as JUnit calls them, on streams of the test's own (this test itself
 * runs under the extension on the standard streams, registered for the module).
 */
class OutputOnFailureTest {

  private final ByteArrayOutputStream realOut = new ByteArrayOutputStream();
  private final ByteArrayOutputStream realErr = new ByteArrayOutputStream();
  private final OutputOnFailure.Streams streams =
      new OutputOnFailure.Streams(print(realOut), print(realErr));
  private final OutputOnFailure extension = new OutputOnFailure(streams);

  private final ExtensionContext engine = context(null, "JUnit Jupiter", null, Map.of());
  private final ExtensionContext sampleClass = context(engine, "SampleTest", null, Map.of());

  @Test
  void a_passing_test_prints_nothing() {
    ExtensionContext test = context(sampleClass, "passes()", null, Map.of());

    extension.beforeAll(sampleClass);
    streams.out().println("set up");
    extension.beforeEach(test);
    streams.out().println("working");
    streams.err().println("[main] WARN Engine - job failed on purpose");
    extension.afterEach(test);
    extension.afterAll(sampleClass);

    assertThat(text(realOut)).isEmpty();
    assertThat(text(realErr)).isEmpty();
  }

  @Test
  void a_failing_test_shows_what_it_printed_under_its_name() {
    ExtensionContext passing = context(sampleClass, "passes()", null, Map.of());
    ExtensionContext failing =
        context(sampleClass, "fails()", new AssertionError("expected 2 but was 1"), Map.of());

    extension.beforeAll(sampleClass);
    extension.beforeEach(passing);
    streams.err().println("noise of the passing test");
    extension.afterEach(passing);
    extension.beforeEach(failing);
    streams.out().println("step 1");
    streams.err().println("[main] WARN Engine - what went wrong");
    extension.afterEach(failing);

    String name = "io.mediaflow.testkit.OutputOnFailureTest$SampleTest > fails()";
    assertThat(text(realErr))
        .isEqualTo(
            "---------- what "
                + name
                + " printed (it failed: java.lang.AssertionError) ----------\n"
                + "[main] WARN Engine - what went wrong\n"
                + "---------- end of what "
                + name
                + " printed ----------\n");
    assertThat(text(realOut)).contains("step 1").doesNotContain("noise");
  }

  @Test
  void a_failing_test_also_shows_what_its_class_printed_outside_its_tests() {
    ExtensionContext failing = context(sampleClass, "fails()", new AssertionError(), Map.of());

    extension.beforeAll(sampleClass);
    streams.err().println("server started on port 1234");
    extension.beforeEach(failing);
    extension.afterEach(failing);
    streams.err().println("server stopped");
    extension.afterAll(sampleClass);

    assertThat(text(realErr))
        .contains("a test failed; this is what the class printed outside its tests")
        .contains("server started on port 1234\nserver stopped\n");
  }

  @Test
  void a_class_whose_set_up_failed_shows_what_it_printed() {
    ExtensionContext broken =
        context(engine, "SampleTest", new IllegalStateException("no database"), Map.of());

    extension.beforeAll(broken);
    streams.err().println("connecting to the database");
    extension.afterAll(broken);

    assertThat(text(realErr))
        .contains("(it failed: java.lang.IllegalStateException, outside its tests)")
        .contains("connecting to the database");
  }

  @Test
  void an_aborted_test_shows_what_it_printed() {
    ExtensionContext aborted =
        context(sampleClass, "skips()", new TestAbortedException("no ffmpeg"), Map.of());

    extension.beforeEach(aborted);
    streams.err().println("looking for ffmpeg");
    extension.afterEach(aborted);

    assertThat(text(realErr))
        .contains("(it was aborted: org.opentest4j.TestAbortedException)")
        .contains("looking for ffmpeg");
  }

  @Test
  void live_mode_prints_everything_as_it_comes() {
    ExtensionContext test =
        context(sampleClass, "passes()", null, Map.of(OutputOnFailure.MODE, "live"));

    extension.beforeEach(test);
    streams.err().println("shown at once");
    assertThat(text(realErr)).isEqualTo("shown at once\n");
    extension.afterEach(test);

    assertThat(text(realErr)).isEqualTo("shown at once\n");
  }

  @Test
  void output_between_tests_goes_straight_through() {
    streams.err().println("a background thread after the last test");

    assertThat(text(realErr)).isEqualTo("a background thread after the last test\n");
  }

  @Test
  void the_standard_streams_are_switched_while_a_test_runs() {
    // this test runs under the extension registered for the module (junit-platform.properties)
    assertThat(System.err.getClass()).isEqualTo(PrintStream.class);
    assertThat(System.out.getClass()).isEqualTo(PrintStream.class);
  }

  @Test
  void a_capture_keeps_the_last_bytes_and_counts_the_dropped_ones() {
    OutputOnFailure.Tail tail = new OutputOnFailure.Tail(10);
    tail.write(bytes("0123456"), 0, 7);
    tail.write(bytes("789ab"), 0, 5);
    tail.write(bytes("xxcdefghijklmn"), 2, 12);

    OutputOnFailure.Tail.Snapshot s = tail.snapshot();

    assertThat(new String(s.bytes(), Charset.defaultCharset())).isEqualTo("efghijklmn");
    assertThat(s.dropped()).isEqualTo(14);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(Charset.defaultCharset());
  }

  private static PrintStream print(ByteArrayOutputStream to) {
    return new PrintStream(to, true, Charset.defaultCharset());
  }

  private static String text(ByteArrayOutputStream b) {
    return b.toString(Charset.defaultCharset()).replace(System.lineSeparator(), "\n");
  }

  /** What JUnit hands the callbacks, for a class ({@code SampleTest}) or one of its tests. */
  private static ExtensionContext context(
      ExtensionContext parent, String displayName, Throwable failure, Map<String, String> params) {
    String id = (parent == null ? "" : parent.getUniqueId()) + "/" + displayName;
    return (ExtensionContext)
        Proxy.newProxyInstance(
            ExtensionContext.class.getClassLoader(),
            new Class<?>[] {ExtensionContext.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getParent" -> Optional.ofNullable(parent);
                  case "getDisplayName" -> displayName;
                  case "getUniqueId" -> id;
                  case "getTestClass" ->
                      parent == null ? Optional.empty() : Optional.of(SampleTest.class);
                  case "getExecutionException" -> Optional.ofNullable(failure);
                  case "getConfigurationParameter" -> Optional.ofNullable(params.get(args[0]));
                  case "toString" -> id;
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  /** Stands for the class under test in the names the extension prints. */
  static final class SampleTest {}
}
