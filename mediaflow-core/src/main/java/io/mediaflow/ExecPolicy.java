package io.mediaflow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the built-in {@code system.exec} action may run. Without a policy the action is off: a
 * workflow often comes from outside, and running programs is the widest door there is. The host
 * turns it on by listing the programs, by absolute path:
 *
 * {@snippet :
 * MediaFlow flow = MediaFlow.builder()
 *     .actionService(ExecPolicy.class, ExecPolicy.builder()
 *         .allow(Path.of("/usr/bin/python3"))       // system.script: an allow-listed interpreter
 *         .timeout(Duration.ofMinutes(2))
 *         .build())
 *     .build();
 * }
 *
 * <p>A program runs with its arguments as a list, never through a shell; with an environment of
 * only {@link Builder#environment(String, String)} entries (the host's own variables, which may
 * hold passwords, are not passed on) and {@code PATH} set to {@link #DEFAULT_PATH} unless given;
 * with no standard input; and is stopped, with everything it started, at its timeout.
 *
 * @param programs the programs that may run, absolute and normalised
 * @param timeout how long a run may take when the node gives none
 * @param maxTimeout the longest timeout a node may ask for
 * @param maxOutputBytes the most bytes of standard output, and of standard error, kept; the rest is
 *     read and dropped
 * @param environment the whole environment of a run
 */
public record ExecPolicy(
    Set<Path> programs,
    Duration timeout,
    Duration maxTimeout,
    int maxOutputBytes,
    Map<String, String> environment) {

  /** Default {@link #timeout()}: 1 minute. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);

  /** Default {@link #maxTimeout()}: 1 hour. */
  public static final Duration DEFAULT_MAX_TIMEOUT = Duration.ofHours(1);

  /** Default {@link #maxOutputBytes()}: 64 KiB of each stream. */
  public static final int DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;

  /** The {@code PATH} of a run unless the environment sets one. */
  public static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

  public ExecPolicy {
    programs = Set.copyOf(programs);
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(maxTimeout, "maxTimeout");
    environment = Map.copyOf(environment);
  }

  /** A builder; a policy without programs allows nothing. */
  public static Builder builder() {
    return new Builder();
  }

  /** The listed program at this absolute path, normalised, if any. */
  public Optional<Path> allowed(Path program) {
    Path p = program.normalize();
    return programs.contains(p) ? Optional.of(p) : Optional.empty();
  }

  /** Builds an {@link ExecPolicy}. */
  public static final class Builder {
    private final Set<Path> programs = new LinkedHashSet<>();
    private Duration timeout;
    private Duration maxTimeout;
    private Integer maxOutputBytes;
    private final Map<String, String> environment = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Allows a program, by absolute path ({@code /usr/bin/ffprobe}); a workflow must name it by
     * exactly this path (after {@code ..} and {@code .} are resolved).
     *
     * @throws IllegalArgumentException for a relative path, which would depend on {@code PATH}
     */
    public Builder allow(Path program) {
      Objects.requireNonNull(program, "program");
      if (!program.isAbsolute()) {
        throw new IllegalArgumentException(
            "an allowed program must be an absolute path but was \"" + program + "\"");
      }
      programs.add(program.normalize());
      return this;
    }

    /** Allows each of these programs. */
    public Builder allow(List<Path> values) {
      values.forEach(this::allow);
      return this;
    }

    /** How long a run may take when its node gives no timeout; default {@link #DEFAULT_TIMEOUT}. */
    public Builder timeout(Duration value) {
      timeout = once(timeout, positive(value, "timeout"), "timeout");
      return this;
    }

    /** The longest timeout a node may ask for; default {@link #DEFAULT_MAX_TIMEOUT}. */
    public Builder maxTimeout(Duration value) {
      maxTimeout = once(maxTimeout, positive(value, "maxTimeout"), "maxTimeout");
      return this;
    }

    /**
     * The most bytes of each output stream kept, between 1 and 1 MiB (outputs are checkpointed);
     * default {@link #DEFAULT_MAX_OUTPUT_BYTES}.
     */
    public Builder maxOutputBytes(int value) {
      if (value < 1 || value > 1 << 20) {
        throw new IllegalArgumentException(
            "maxOutputBytes must be between 1 and " + (1 << 20) + " but was " + value);
      }
      maxOutputBytes = once(maxOutputBytes, value, "maxOutputBytes");
      return this;
    }

    /** Sets a variable of the programs' environment (which holds nothing else but PATH). */
    public Builder environment(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (name.isEmpty() || name.contains("=") || name.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("not an environment variable name: \"" + name + "\"");
      }
      environment.put(name, value);
      return this;
    }

    /**
     * Builds the policy.
     *
     * @throws IllegalArgumentException when the timeout is longer than the longest allowed
     */
    public ExecPolicy build() {
      Duration t = timeout == null ? DEFAULT_TIMEOUT : timeout;
      Duration max = maxTimeout == null ? DEFAULT_MAX_TIMEOUT : maxTimeout;
      if (t.compareTo(max) > 0) {
        throw new IllegalArgumentException("timeout " + t + " is longer than maxTimeout " + max);
      }
      Map<String, String> env = new LinkedHashMap<>(environment);
      env.putIfAbsent("PATH", DEFAULT_PATH);
      return new ExecPolicy(
          programs,
          t,
          max,
          maxOutputBytes == null ? DEFAULT_MAX_OUTPUT_BYTES : maxOutputBytes,
          env);
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive but was " + value);
      }
      return value;
    }

    private static <T> T once(T current, T value, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " was already set");
      }
      return value;
    }
  }
}
