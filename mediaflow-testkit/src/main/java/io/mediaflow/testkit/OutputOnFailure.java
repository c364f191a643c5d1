package io.mediaflow.testkit;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps what a test prints to {@code System.out} and {@code System.err} to itself, and prints it
 * only when the test fails or is aborted, between lines naming the test. SLF4J's simple binding
 * writes to {@code System.err} when it logs, so the warnings and stack traces of tests that make
 * things fail on purpose stay out of a passing build, while a failing test still shows its own.
 *
 * <p>Register it on a class with {@code @ExtendWith(OutputOnFailure.class)}, or for every test of a
 * module with JUnit's automatic extension registration, with two files in {@code
 * src/test/resources}:
 *
 * <pre>
 * # junit-platform.properties
 * junit.jupiter.extensions.autodetection.enabled=true
 * # META-INF/services/org.junit.jupiter.api.extension.Extension
 * io.mediaflow.testkit.OutputOnFailure
 * </pre>
 *
 * <p>What a class prints outside its tests ({@code @BeforeAll}, {@code @AfterAll}, constructors) is
 * shown after the class when its set-up or one of its tests failed. Background threads print into
 * whichever test runs when they print. Each stream keeps the last {@value #LIMIT_BYTES} bytes per
 * test; the replay says how many earlier bytes it dropped.
 *
 * <p>Set the JUnit configuration parameter {@value #MODE} to {@code live} (for example {@code mvn
 * test -Dmediaflow.testkit.output=live}) to see everything as it is printed. Nothing is captured
 * when JUnit runs tests in parallel, since the standard streams are shared by the whole JVM. Code
 * that kept a reference to the standard streams before the first test (such as {@code
 * java.util.logging}'s {@code ConsoleHandler}) writes past the capture.
 */
public final class OutputOnFailure
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  /** The configuration parameter that turns capturing off when set to {@code live}. */
  public static final String MODE = "mediaflow.testkit.output";

  /** How many bytes of each stream one test (or one class, outside its tests) keeps. */
  public static final int LIMIT_BYTES = 8 * 1024 * 1024;

  private static final Charset CHARSET = Charset.defaultCharset();

  /** The JVM's standard streams: one set, since {@code System.out} is one. */
  private static final Streams STANDARD = new Streams(null, null);

  private final Streams streams;

  /** The extension on the JVM's standard streams; JUnit creates it. */
  public OutputOnFailure() {
    this(STANDARD);
  }

  OutputOnFailure(Streams streams) {
    this.streams = streams;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    open(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    open(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Capture c = streams.close(context.getUniqueId());
    if (c == null) {
      return;
    }
    Optional<Throwable> failure = context.getExecutionException();
    if (failure.isPresent()) {
      streams.markOpenOnesFailed();
      streams.replay(c, verdict(failure.get()));
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Capture c = streams.close(context.getUniqueId());
    if (c == null) {
      return;
    }
    Optional<Throwable> failure = context.getExecutionException();
    if (failure.isPresent()) {
      streams.markOpenOnesFailed();
      streams.replay(c, verdict(failure.get()) + ", outside its tests");
    } else if (c.testFailed) {
      streams.markOpenOnesFailed();
      streams.replay(c, "a test failed; this is what the class printed outside its tests");
    }
  }

  private void open(ExtensionContext context) {
    boolean live = context.getConfigurationParameter(MODE).filter("live"::equals).isPresent();
    boolean parallel =
        context
            .getConfigurationParameter("junit.jupiter.execution.parallel.enabled")
            .filter("true"::equals)
            .isPresent();
    if (!live && !parallel) {
      streams.open(context.getUniqueId(), new Capture(name(context)));
    }
  }

  private static String verdict(Throwable failure) {
    boolean aborted = failure.getClass().getSimpleName().contains("Aborted");
    return (aborted ? "it was aborted: " : "it failed: ") + failure.getClass().getName();
  }

  /** The display names from the outermost class down, that class by its full name. */
  private static String name(ExtensionContext context) {
    List<String> parts = new ArrayList<>();
    for (ExtensionContext c = context; c.getParent().isPresent(); c = c.getParent().get()) {
      boolean outermostClass =
          c.getParent().get().getParent().isEmpty() && c.getTestClass().isPresent();
      parts.add(0, outermostClass ? c.getTestClass().get().getName() : c.getDisplayName());
    }
    return String.join(" > ", parts);
  }

  /**
   * A pair of switching streams, the real streams behind them and the captures open on them. The
   * standard set puts its switching streams in {@code System.out} and {@code System.err} while a
   * capture is open; a set built with real streams of its own (for tests) leaves them alone.
   */
  static final class Streams {
    private final boolean standard;
    private final Deque<Capture> stack = new ArrayDeque<>(); // guarded by this
    private final Map<String, Capture> open = new HashMap<>(); // guarded by this
    private final PrintStream out = new PrintStream(new Switch(this, true), true, CHARSET);
    private final PrintStream err = new PrintStream(new Switch(this, false), true, CHARSET);
    private volatile Capture top;
    private volatile PrintStream realOut;
    private volatile PrintStream realErr;

    /** Streams in front of {@code realOut} and {@code realErr}; both null: the standard ones. */
    Streams(PrintStream realOut, PrintStream realErr) {
      this.standard = realOut == null;
      this.realOut = standard ? System.out : realOut;
      this.realErr = standard ? System.err : realErr;
    }

    PrintStream out() {
      return out;
    }

    PrintStream err() {
      return err;
    }

    synchronized void open(String id, Capture c) {
      if (stack.isEmpty() && standard) {
        // a test that swaps a standard stream itself puts ours back; one that does not leaves
        // its own, which is then the real one for the next class
        if (System.out != out) {
          realOut = System.out;
          System.setOut(out);
        }
        if (System.err != err) {
          realErr = System.err;
          System.setErr(err);
        }
      }
      open.put(id, c);
      stack.push(c);
      top = c;
    }

    synchronized Capture close(String id) {
      Capture c = open.remove(id);
      if (c == null) {
        return null;
      }
      stack.remove(c);
      top = stack.peek();
      if (stack.isEmpty() && standard) {
        if (System.out == out) {
          System.setOut(realOut);
        }
        if (System.err == err) {
          System.setErr(realErr);
        }
      }
      return c;
    }

    /** A test failed: the classes around it show what they printed outside their tests. */
    synchronized void markOpenOnesFailed() {
      stack.forEach(outer -> outer.testFailed = true);
    }

    void replay(Capture c, String why) {
      replay(c.name, why, c.out, realOut);
      replay(c.name, why, c.err, realErr);
    }

    private static void replay(String name, String why, Tail tail, PrintStream to) {
      Tail.Snapshot s = tail.snapshot();
      if (s.bytes().length == 0) {
        return;
      }
      synchronized (to) {
        to.println("---------- what " + name + " printed (" + why + ") ----------");
        if (s.dropped() > 0) {
          to.println("[" + s.dropped() + " earlier bytes dropped]");
        }
        String text = new String(s.bytes(), CHARSET).replaceFirst("\\R$", "");
        for (String line : text.split("\\R", -1)) {
          to.println(line);
        }
        to.println("---------- end of what " + name + " printed ----------");
        to.flush();
      }
    }
  }

  /** What one test, or one class outside its tests, printed. */
  static final class Capture {
    final String name;
    final Tail out = new Tail();
    final Tail err = new Tail();
    volatile boolean testFailed;

    Capture(String name) {
      this.name = name;
    }
  }

  /** A standard stream's bytes: into the open capture, or on to the real stream when none is. */
  private static final class Switch extends OutputStream {
    private final Streams streams;
    private final boolean out;

    Switch(Streams streams, boolean out) {
      this.streams = streams;
      this.out = out;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      Capture c = streams.top;
      if (c != null) {
        (out ? c.out : c.err).write(b, off, len);
      } else {
        (out ? streams.realOut : streams.realErr).write(b, off, len);
      }
    }

    @Override
    public void flush() {
      if (streams.top == null) {
        (out ? streams.realOut : streams.realErr).flush();
      }
    }
  }

  /** The last {@link #LIMIT_BYTES} bytes written, in the chunks they were written in. */
  static final class Tail {
    private final int limit;
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private long size;
    private long dropped;

    Tail() {
      this(LIMIT_BYTES);
    }

    Tail(int limit) {
      this.limit = limit;
    }

    synchronized void write(byte[] b, int off, int len) {
      chunks.addLast(Arrays.copyOfRange(b, off, off + len));
      size += len;
      while (size > limit) {
        byte[] first = chunks.removeFirst();
        long excess = size - limit;
        if (first.length > excess) {
          chunks.addFirst(Arrays.copyOfRange(first, (int) excess, first.length));
          size -= excess;
          dropped += excess;
        } else {
          size -= first.length;
          dropped += first.length;
        }
      }
    }

    synchronized Snapshot snapshot() {
      byte[] all = new byte[(int) size];
      int at = 0;
      for (byte[] chunk : chunks) {
        System.arraycopy(chunk, 0, all, at, chunk.length);
        at += chunk.length;
      }
      return new Snapshot(all, dropped);
    }

    record Snapshot(byte[] bytes, long dropped) {}
  }
}
