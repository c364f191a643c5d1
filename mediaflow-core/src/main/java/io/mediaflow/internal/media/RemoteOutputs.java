package io.mediaflow.internal.media;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.spec.OutputSpec;
import io.mediaflow.api.storage.MediaStorage;
import io.mediaflow.internal.WorkspacePaths;
import io.mediaflow.internal.net.SafeDownloader;
import io.mediaflow.internal.spec.JobSpecWriter;
import io.mediaflow.internal.storage.MediaStorages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote destinations of a job ({@code s3:}, a host's scheme): each output is written as a
 * local file in the job's output folder first, so the run's rule holds (temp file, verified, all or
 * none), and is {@linkplain MediaStorage#put put} at its destination only after the run verified
 * every output; the job completes only when every upload did.
 *
 * <p>Once the run is verified, a manifest ({@value #MANIFEST}) records the spec's fingerprint and
 * each file's size, SHA-256 and whether it is uploaded. The folder is named after the job, so a
 * retry of a job whose upload failed finds the manifest, checks the files against it and uploads
 * what is left without encoding again ({@link #resume}).
 */
public final class RemoteOutputs {

  /** The manifest's file name in the output folder. */
  static final String MANIFEST = "outputs.json";

  private static final Logger LOG = LoggerFactory.getLogger(RemoteOutputs.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path folder;
  private final String fingerprint;
  private final List<Upload> uploads;
  private final MediaStorages storages;

  private RemoteOutputs(
      Path folder, String fingerprint, List<Upload> uploads, MediaStorages storages) {
    this.folder = folder;
    this.fingerprint = fingerprint;
    this.uploads = uploads;
    this.storages = storages;
  }

  /**
   * One remote output.
   *
   * @param index its place among the spec's outputs
   * @param destination as the spec wrote it
   * @param file the local file it is written to
   * @param overwrite whether an object already there may be replaced
   */
  record Upload(int index, String destination, Path file, boolean overwrite) {}

  /**
   * What the manifest holds.
   *
   * @param spec the fingerprint of the spec that was run
   * @param locations every output's location in the spec's order (a local file's real path, a
   *     remote destination as written)
   * @param outputs one entry per remote output
   */
  record Manifest(String spec, List<String> locations, List<Entry> outputs) {}

  /** One output of the manifest. */
  record Entry(
      int index, String destination, String file, long size, String sha256, boolean uploaded) {}

  /** Whether {@code spec} writes anything that is not a local file. */
  static boolean any(JobSpec spec) {
    return spec.outputs().stream().anyMatch(o -> MediaStorages.isRemote(o.destination()));
  }

  /**
   * Points every remote output of {@code spec} at a file in {@code folder} and checks, before
   * anything runs, that no destination is taken where the output may not replace it.
   *
   * @return the spec to run (local files only) and the uploads to make after it
   * @throws ValidationException {@code DESTINATION_EXISTS} at {@code outputs[i].destination}
   */
  static Staged stage(JobSpec spec, MediaStorages storages, Path folder, RunControl control) {
    List<OutputSpec> outputs = new ArrayList<>();
    List<Upload> uploads = new ArrayList<>();
    List<Violation> taken = new ArrayList<>();
    for (int i = 0; i < spec.outputs().size(); i++) {
      OutputSpec out = spec.outputs().get(i);
      if (!MediaStorages.isRemote(out.destination())) {
        outputs.add(out);
        continue;
      }
      String where = "outputs[" + i + "].destination";
      MediaStorages.Resolved r =
          storages.resolve(out.destination(), where, "destination", MediaStorage.Operation.PUT);
      if (!out.overwrite()
          && r.storage().operations().contains(MediaStorage.Operation.EXISTS)
          && RemoteInputs.guarded(
              control,
              RemoteInputs.breakerKey(r.uri()),
              () -> r.storage().exists(r.uri()),
              "checking " + out.destination())) {
        taken.add(
            new Violation(
                where,
                ErrorCode.DESTINATION_EXISTS,
                "destination \"" + out.destination() + "\" already exists",
                WorkspacePaths.OVERWRITE_SUGGESTION));
      }
      Path file = folder.resolve("output-" + i + SafeDownloader.extensionOf(r.uri().getPath()));
      outputs.add(
          new OutputSpec(
              out.id(), "file:" + file, out.codec(), out.metadata(), out.streams(), true));
      uploads.add(new Upload(i, out.destination(), file, out.overwrite()));
    }
    ValidationException.throwIfAny(taken);
    JobSpec local = new JobSpec(spec.version(), spec.inputs(), spec.operations(), outputs);
    return new Staged(local, new RemoteOutputs(folder, fingerprint(spec), uploads, storages));
  }

  /**
   * A spec pointed at local files, and its uploads.
   *
   * @param spec what to run
   * @param outputs what to upload afterwards
   */
  record Staged(JobSpec spec, RemoteOutputs outputs) {}

  /**
   * The outputs an earlier attempt of the same spec encoded and verified into {@code folder}, still
   * to be uploaded; empty when there is no manifest, it is of another spec, or a file is missing or
   * changed (then the job encodes again).
   */
  static Optional<RemoteOutputs> resume(Path folder, JobSpec spec, MediaStorages storages) {
    Path manifest = folder.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      return Optional.empty();
    }
    try {
      Manifest m = JSON.readValue(manifest.toFile(), Manifest.class);
      if (!m.spec().equals(fingerprint(spec))) {
        LOG.info("{} is of another spec; encoding again", manifest);
        return Optional.empty();
      }
      List<Upload> uploads = new ArrayList<>();
      for (Entry e : m.outputs()) {
        Path file = Path.of(e.file());
        if (!e.uploaded()
            && (!Files.isRegularFile(file)
                || Files.size(file) != e.size()
                || !sha256(file).equals(e.sha256()))) {
          LOG.info("{} is missing or changed since it was encoded; encoding again", file);
          return Optional.empty();
        }
        OutputSpec out = spec.outputs().get(e.index());
        uploads.add(new Upload(e.index(), e.destination(), file, out.overwrite()));
      }
      RemoteOutputs resumed = new RemoteOutputs(folder, m.spec(), uploads, storages);
      return Optional.of(resumed);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot read {} ({}); encoding again", manifest, e.toString());
      return Optional.empty();
    }
  }

  /**
   * Records that every output was written and verified, so a retry may upload them without
   * encoding.
   *
   * @param written the real paths the run wrote, in the spec's order
   */
  void encoded(List<Path> written) {
    List<String> locations = new ArrayList<>();
    for (int i = 0; i < written.size(); i++) {
      int index = i;
      locations.add(
          uploads.stream()
              .filter(u -> u.index() == index)
              .map(Upload::destination)
              .findFirst()
              .orElseGet(() -> written.get(index).toAbsolutePath().toString()));
    }
    List<Entry> entries = new ArrayList<>();
    for (Upload u : uploads) {
      try {
        entries.add(
            new Entry(
                u.index(),
                u.destination(),
                u.file().toString(),
                Files.size(u.file()),
                sha256(u.file()),
                false));
      } catch (IOException e) {
        throw new MediaFlowException(
            ErrorCode.PROCESSING_FAILED,
            "cannot read the output " + u.file() + ": " + e.getMessage(),
            "check the output folder",
            true,
            e);
      }
    }
    write(new Manifest(fingerprint, locations, entries));
  }

  /**
   * Uploads every output not uploaded yet, in the spec's order, marking each in the manifest once
   * stored; the first failure stops the rest and keeps the folder for a retry.
   *
   * @return every output's location in the spec's order
   */
  List<String> upload(RunControl control, PipelineLog log) {
    Manifest m = read();
    List<Entry> entries = new ArrayList<>(m.outputs());
    for (int k = 0; k < entries.size(); k++) {
      Entry e = entries.get(k);
      if (e.uploaded()) {
        log.info(
            "outputs["
                + e.index()
                + "]: "
                + e.destination()
                + " was uploaded by an earlier attempt");
        continue;
      }
      MediaPipeline.checkCancelled(control);
      Upload u = uploads.stream().filter(x -> x.index() == e.index()).findFirst().orElseThrow();
      String where = "outputs[" + u.index() + "].destination";
      MediaStorages.Resolved r =
          storages.resolve(u.destination(), where, "destination", MediaStorage.Operation.PUT);
      MediaStorage.PutRequest request =
          new MediaStorage.PutRequest(u.overwrite(), control::isCancelled, where);
      MediaStorage.Stored stored =
          RemoteInputs.guarded(
              control,
              RemoteInputs.breakerKey(r.uri()),
              () -> r.storage().put(u.file(), r.uri(), request),
              "uploading to " + u.destination());
      log.info(
          where
              + ": uploaded "
              + stored.bytes()
              + " bytes to "
              + u.destination()
              + (stored.checksum().isEmpty() ? "" : " (" + stored.checksum() + " checked)"));
      entries.set(k, new Entry(e.index(), e.destination(), e.file(), e.size(), e.sha256(), true));
      write(new Manifest(m.spec(), m.locations(), entries));
    }
    return m.locations();
  }

  /** The job's output folder. */
  Path folder() {
    return folder;
  }

  private Manifest read() {
    try {
      return JSON.readValue(folder.resolve(MANIFEST).toFile(), Manifest.class);
    } catch (IOException e) {
      throw new MediaFlowException(
          ErrorCode.PROCESSING_FAILED,
          "cannot read " + folder.resolve(MANIFEST) + ": " + e.getMessage(),
          "the job encodes again when it is retried",
          true,
          e);
    }
  }

  /** Temp file, then rename: a crash leaves the old manifest or the new one, never half of one. */
  private void write(Manifest m) {
    Path target = folder.resolve(MANIFEST);
    Path temp = folder.resolve(MANIFEST + ".tmp");
    try {
      Files.write(temp, JSON.writeValueAsBytes(m));
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new MediaFlowException(
          ErrorCode.PROCESSING_FAILED,
          "cannot write " + target + ": " + e.getMessage(),
          "check that the download folder can be written",
          true,
          e);
    }
  }

  /** The spec as the manifest knows it: SHA-256 of its canonical JSON. */
  static String fingerprint(JobSpec spec) {
    return HexFormat.of()
        .formatHex(sha().digest(JobSpecWriter.write(spec).getBytes(StandardCharsets.UTF_8)));
  }

  static String sha256(Path file) throws IOException {
    MessageDigest md = sha();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        md.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest sha() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
