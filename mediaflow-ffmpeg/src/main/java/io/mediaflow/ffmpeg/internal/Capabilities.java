package io.mediaflow.ffmpeg.internal;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.plan.GraphFilter;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationOutput;
import io.mediaflow.api.plan.OutputStream;
import io.mediaflow.api.plan.PlanNode;
import io.mediaflow.api.plan.ProcessingPlan;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * The encoders and filters an FFmpeg build has, as {@code ffmpeg -hide_banner -encoders} and {@code
 * -filters} list them, and what a plan needs of them.
 *
 * @param encoders encoder names ({@code libx264}, {@code aac})
 * @param filters filter names ({@code scale}, {@code loudnorm})
 */
public record Capabilities(Set<String> encoders, Set<String> filters) {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** A listing line: flags (letters and dots, no spaces), the name, then a description. */
  private static final Pattern ENTRY =
      Pattern.compile("\\s*[A-Z.|]{3,8}\\s+([A-Za-z0-9_\\-]+)\\s.*");

  public Capabilities {
    encoders = Set.copyOf(encoders);
    filters = Set.copyOf(filters);
  }

  /**
   * Runs {@code ffmpeg -encoders} and {@code ffmpeg -filters} at the same time, each on {@code
   * executor}. When both fail, the result fails as {@code -encoders} did, as when they ran one
   * after the other.
   *
   * @return the capabilities, or a failure with a {@link MediaFlowException} {@code
   *     BINARY_NOT_FOUND} when either cannot be run
   */
  public static CompletableFuture<Capabilities> query(
      Path ffmpeg, ProcessRunner runner, Executor executor) {
    CompletableFuture<Set<String>> encoders =
        CompletableFuture.supplyAsync(() -> names(list(ffmpeg, runner, "-encoders")), executor);
    CompletableFuture<Set<String>> filters =
        CompletableFuture.supplyAsync(() -> names(list(ffmpeg, runner, "-filters")), executor);
    return encoders.thenCombine(filters, Capabilities::new);
  }

  /** The names in a listing of {@code -encoders}, {@code -filters} (or {@code -muxers}). */
  static Set<String> names(String listing) {
    Set<String> names = new LinkedHashSet<>();
    for (String line : listing.split("\\R")) {
      if (line.contains(" = ")) {
        continue; // the legend: " V..... = Video"
      }
      var m = ENTRY.matcher(line);
      if (m.matches()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /**
   * Every encoder and filter {@code plan} needs that this build lacks: a missing encoder at the
   * output that needs it ({@code outputs[1]}), a missing filter at the operation it belongs to
   * ({@code operations[2]}). Each is reported once per place.
   */
  public List<Violation> check(ProcessingPlan plan) {
    Map<String, String> specPaths = new HashMap<>();
    for (PlanNode node : plan.nodes()) {
      specPaths.put(node.id(), node.specPath());
    }
    Set<String> reported = new LinkedHashSet<>();
    List<Violation> violations = new ArrayList<>();
    for (Invocation inv : plan.invocations()) {
      for (GraphFilter f : inv.filters()) {
        if (filters.contains(f.name())) {
          continue;
        }
        String path = specPaths.getOrDefault(f.nodeId(), "");
        if (reported.add("filter " + f.name() + " " + path)) {
          violations.add(
              new Violation(
                  path,
                  ErrorCode.FILTER_NOT_FOUND,
                  "the installed FFmpeg has no filter '" + f.name() + "'",
                  "install an FFmpeg build with it (Debian's ffmpeg package has every filter"
                      + " mediaflow uses)"));
        }
      }
      for (InvocationOutput out : inv.outputs()) {
        for (OutputStream stream : out.streams()) {
          Optional<String> encoder = encoderOf(stream, out.outputId());
          if (encoder.isEmpty() || encoders.contains(encoder.get())) {
            continue;
          }
          if (reported.add("encoder " + encoder.get() + " " + out.outputId())) {
            violations.add(
                new Violation(
                    out.outputId(),
                    ErrorCode.ENCODER_NOT_FOUND,
                    "the installed FFmpeg has no encoder '"
                        + encoder.get()
                        + "' for the "
                        + stream.type().name().toLowerCase(java.util.Locale.ROOT)
                        + " codec '"
                        + stream.codec()
                        + "'",
                    "install an FFmpeg build with "
                        + encoder.get()
                        + ", or choose another codec for this output"));
          }
        }
      }
    }
    return violations;
  }

  /** The encoder a stream needs; empty for stream copy and for names the planner let through. */
  private static Optional<String> encoderOf(OutputStream stream, String where) {
    String codec = stream.codec();
    if (codec == null || codec.isEmpty() || codec.equals("copy")) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          switch (stream.type()) {
            case VIDEO -> Formats.videoEncoder(codec, where);
            case AUDIO -> Formats.audioEncoder(codec, where);
            case SUBTITLE -> Formats.subtitleEncoder(codec, where);
          });
    } catch (MediaFlowException unknownName) {
      return Optional.empty(); // the command builder reports an unknown name with its choices
    }
  }

  private static String list(Path ffmpeg, ProcessRunner runner, String what) {
    StringBuilder out = new StringBuilder();
    ProcessRunner.Result result;
    try {
      result =
          runner.run(
              List.of(ffmpeg.toString(), "-hide_banner", what),
              line -> out.append(line).append('\n'),
              () -> false,
              Optional.of(TIMEOUT));
    } catch (IOException e) {
      throw new MediaFlowException(
          ErrorCode.BINARY_NOT_FOUND,
          "cannot run " + ffmpeg + " " + what + ": " + e.getMessage(),
          Binaries.SUGGESTION,
          false,
          e);
    }
    if (result.ending() != ProcessRunner.Ending.EXITED || result.exitCode() != 0) {
      throw new MediaFlowException(
          ErrorCode.BINARY_NOT_FOUND,
          ffmpeg + " " + what + " failed (exit " + result.exitCode() + "): " + result.stderr(),
          Binaries.SUGGESTION);
    }
    return out.toString();
  }
}
