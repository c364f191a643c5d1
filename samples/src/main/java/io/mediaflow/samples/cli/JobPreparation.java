package io.mediaflow.samples.cli;

import io.mediaflow.JobSpecJson;
import io.mediaflow.Locations;
import io.mediaflow.Planner;
import io.mediaflow.Workspace;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.JobSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code run} and {@code plan} share: read the spec, validate it, place its files, probe its
 * inputs and plan it. Each step fails with the error of its own kind, in this order, so a spec with
 * mistakes is refused before any file is touched.
 */
final class JobPreparation {

  private final Toolbox toolbox;
  private final List<Path> extraRoots;

  /**
   * @param toolbox where operators and the backend come from
   * @param extraRoots folders allowed besides the spec's folder and the working directory
   */
  JobPreparation(Toolbox toolbox, List<Path> extraRoots) {
    this.toolbox = toolbox;
    this.extraRoots = List.copyOf(extraRoots);
  }

  /** A plan ready to run, and the backend that will run it. */
  record Prepared(ProcessingPlan plan, MediaBackend backend) {}

  Prepared prepare(Path specFile) {
    Path spec = specFile.toAbsolutePath().normalize();
    if (!Files.isRegularFile(spec)) {
      throw new MediaFlowException(
          ErrorCode.USAGE,
          "spec file " + specFile + " does not exist",
          "give the path of a JSON job spec");
    }
    JobSpec job = JobSpecJson.read(spec);
    Planner planner = new Planner(toolbox.operators());
    ValidationException.throwIfAny(planner.validate(job));
    Locations locations = workspace(spec.getParent()).resolve(job);
    MediaBackend backend = toolbox.backend();
    Map<String, MediaInfo> media = probe(backend, locations);
    return new Prepared(planner.plan(job, media, locations), backend);
  }

  private Workspace workspace(Path specFolder) {
    Workspace.Builder builder =
        Workspace.builder().baseDirectory(specFolder).allowRoot(Path.of("").toAbsolutePath());
    for (Path root : extraRoots) {
      builder.allowRoot(root.toAbsolutePath().normalize());
    }
    return builder.build();
  }

  private static Map<String, MediaInfo> probe(MediaBackend backend, Locations locations) {
    Map<String, MediaInfo> media = new LinkedHashMap<>();
    for (Map.Entry<String, Path> input : locations.inputs().entrySet()) {
      media.put(
          input.getKey(), probeFile(backend, input.getValue(), "input '" + input.getKey() + "'"));
    }
    return media;
  }

  /** Probes one file, saying plainly when it is not there rather than leaving it to the tool. */
  static MediaInfo probeFile(MediaBackend backend, Path file, String what) {
    if (!Files.exists(file)) {
      throw new MediaFlowException(
          ErrorCode.INPUT_NOT_FOUND,
          what + " not found: " + file,
          "check the path; relative file: sources are read from the spec's folder");
    }
    return backend.probe(file);
  }
}
