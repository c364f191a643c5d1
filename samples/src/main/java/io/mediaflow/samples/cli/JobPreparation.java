package io.mediaflow.samples.cli;

import io.mediaflow.JobLimits;
import io.mediaflow.JobSpecJson;
import io.mediaflow.Locations;
import io.mediaflow.Planner;
import io.mediaflow.Sources;
import io.mediaflow.Workspace;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.plan.ProcessingPlan;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.ffmpeg.ParallelProber;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code run} and {@code plan} share: read the spec, validate it, download its URL inputs
 * (SSRF-guarded, into a temp folder), place its files, probe its inputs in parallel, plan it and
 * check the plan against what the installed FFmpeg has. Each step fails with the error of its own
 * kind, in this order, so a spec with mistakes is refused before any file is touched.
 */
final class JobPreparation {

  private final Toolbox toolbox;
  private final List<Path> extraRoots;
  private final boolean allowPrivateNetwork;
  private final Interruption interruption;
  private final JobLimits limits;

  /**
   * @param toolbox where operators and the backend come from
   * @param extraRoots folders allowed besides the spec's folder (the working directory is not one)
   * @param allowPrivateNetwork whether URL inputs may be fetched from loopback and private networks
   * @param interruption stops a download when the command is interrupted, and removes the downloads
   *     if the command cannot
   * @param limits the largest spec accepted
   */
  JobPreparation(
      Toolbox toolbox,
      List<Path> extraRoots,
      boolean allowPrivateNetwork,
      Interruption interruption,
      JobLimits limits) {
    this.toolbox = toolbox;
    this.extraRoots = List.copyOf(extraRoots);
    this.allowPrivateNetwork = allowPrivateNetwork;
    this.interruption = interruption;
    this.limits = limits;
  }

  /**
   * A plan ready to run, the backend that will run it, and the downloads it reads, which {@link
   * #close()} deletes.
   */
  record Prepared(ProcessingPlan plan, MediaBackend backend, Downloads downloads)
      implements AutoCloseable {
    @Override
    public void close() {
      downloads.close();
    }
  }

  /**
   * The temp folder URL inputs are downloaded to, removed with its files (a partial download
   * included).
   */
  record Downloads(Path directory, Sources.Fetched fetched) implements AutoCloseable {
    @Override
    public void close() {
      if (fetched != null) {
        fetched.close();
      }
      Sources.deleteDownloadDirectory(directory);
    }
  }

  Prepared prepare(Path specFile) {
    Path spec = specFile.toAbsolutePath().normalize();
    if (!Files.isRegularFile(spec)) {
      throw new MediaFlowException(
          ErrorCode.USAGE,
          "spec file " + specFile + " does not exist",
          "give the path of a JSON job spec");
    }
    JobSpec job = JobSpecJson.read(spec);
    // files that parameters name (a font) are the spec's own: relative to its folder, inside the
    // same roots as its inputs and outputs; the download folder only ever holds fetched inputs
    Workspace specFiles = workspace(spec.getParent(), Optional.empty());
    Planner planner = new Planner(toolbox.operators(), specFiles, limits);
    ValidationException.throwIfAny(planner.validate(job));
    Path folder = tempDirectory();
    interruption.onAbandon(() -> Sources.deleteDownloadDirectory(folder));
    Downloads downloads = new Downloads(folder, null);
    try {
      downloads =
          new Downloads(
              folder,
              sources(folder)
                  .fetch(job, (url, download) -> download.get(), interruption::requested));
      JobSpec local = downloads.fetched().spec();
      Locations locations =
          workspace(spec.getParent(), Optional.of(downloads.directory())).resolve(local);
      MediaBackend backend = toolbox.backend();
      Map<String, MediaInfo> media = probe(backend, locations);
      ProcessingPlan plan = planner.plan(local, media, locations);
      ValidationException.throwIfAny(backend.verify(plan));
      return new Prepared(plan, backend, downloads);
    } catch (RuntimeException e) {
      downloads.close();
      throw e;
    }
  }

  private Sources sources(Path directory) {
    Sources.Builder builder = Sources.builder().downloadDirectory(directory);
    if (allowPrivateNetwork) {
      builder.allowPrivateNetwork();
    }
    return builder.build();
  }

  /**
   * {@code mediaflow-downloads-RANDOM.PID-HOST} in the temp folder: named after this process, so
   * that the next command removes it if this one is killed before it can.
   */
  private static Path tempDirectory() {
    try {
      return Sources.createDownloadDirectory(Path.of(System.getProperty("java.io.tmpdir")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a folder for downloads", e);
    }
  }

  private Workspace workspace(Path specFolder, Optional<Path> downloads) {
    // the spec's folder and what the person allowed by name: not the working directory, which
    // is "/" for a service or a cron job and would open the whole machine to the spec
    Workspace.Builder builder = Workspace.builder().baseDirectory(specFolder);
    downloads.ifPresent(builder::allowRoot);
    for (Path root : extraRoots) {
      builder.allowRoot(root.toAbsolutePath().normalize());
    }
    return builder.build();
  }

  /** Every input at once, at most one ffprobe per processor. */
  private static Map<String, MediaInfo> probe(MediaBackend backend, Locations locations) {
    for (Map.Entry<String, Path> input : locations.inputs().entrySet()) {
      requireFile(input.getValue(), "input '" + input.getKey() + "'");
    }
    return ParallelProber.probeAll(backend, locations.inputs());
  }

  /** Probes one file, saying plainly when it is not there rather than leaving it to the tool. */
  static MediaInfo probeFile(MediaBackend backend, Path file, String what) {
    requireFile(file, what);
    return backend.probe(file);
  }

  private static void requireFile(Path file, String what) {
    if (!Files.exists(file)) {
      throw new MediaFlowException(
          ErrorCode.INPUT_NOT_FOUND,
          what + " not found: " + file,
          "check the path; relative file: sources are read from the spec's folder");
    }
  }
}
