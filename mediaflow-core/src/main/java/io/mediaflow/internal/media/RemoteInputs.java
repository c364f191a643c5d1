package io.mediaflow.internal.media;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.spec.InputSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.storage.MediaStorage;
import io.mediaflow.internal.storage.MediaStorages;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Fetches every remote input of a spec ({@code http(s):}, {@code s3:}, a host's scheme) into the
 * job's folder through its {@link MediaStorage}, one after the other, each under the circuit
 * breaker of its server ({@code host:cdn.example.com}, {@code s3:bucket}), so that a server that
 * keeps failing is left alone for a while instead of being asked by every job.
 */
public final class RemoteInputs {

  /** The largest input fetched: 2 GiB, as for http downloads; a storage may lower it. */
  static final long MAX_BYTES = 2L * 1024 * 1024 * 1024;

  private RemoteInputs() {}

  /**
   * @return the spec with each remote source replaced by {@code file:<fetched file>}, but those it
   *     streams ({@link StreamedInputs})
   * @throws MediaFlowException the storage's classified failure; the files fetched stay in {@code
   *     folder}, which the caller deletes
   */
  static JobSpec fetch(JobSpec spec, MediaStorages storages, Path folder, RunControl control) {
    List<InputSpec> inputs = new ArrayList<>();
    for (int i = 0; i < spec.inputs().size(); i++) {
      InputSpec input = spec.inputs().get(i);
      if (!MediaStorages.isRemote(input.source()) || StreamedInputs.streamed(input)) {
        inputs.add(input);
        continue;
      }
      Path file = fetchOne(storages, input.source(), "inputs[" + i + "].source", folder, control);
      inputs.add(new InputSpec(input.id(), "file:" + file.toAbsolutePath()));
    }
    return new JobSpec(spec.version(), inputs, spec.operations(), spec.outputs());
  }

  /**
   * Fetches one remote location into {@code folder} through its storage, under its server's circuit
   * breaker: what a job does for each remote input, and what an action does to probe one.
   *
   * @param where the JSON path that named it, for messages
   * @return the fetched file
   * @throws io.mediaflow.api.ValidationException {@code UNSUPPORTED_SOURCE} for a scheme no storage
   *     serves or that cannot be read
   * @throws MediaFlowException the storage's classified failure
   */
  public static Path fetchOne(
      MediaStorages storages, String location, String where, Path folder, RunControl control) {
    MediaStorages.Resolved r =
        storages.resolve(location, where, "source", MediaStorage.Operation.FETCH);
    MediaPipeline.checkCancelled(control);
    MediaStorage.FetchRequest request =
        new MediaStorage.FetchRequest(folder, MAX_BYTES, control::isCancelled, where);
    Path file =
        guarded(
            control,
            breakerKey(r.uri()),
            () -> r.storage().fetch(r.uri(), request),
            "fetching " + location);
    return Objects.requireNonNull(file, "fetched file");
  }

  /**
   * The circuit breaker of a location's server: {@code host:cdn.example.com}, {@code s3:bucket}.
   */
  static String breakerKey(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String authority = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
    String who = authority == null ? "" : authority.toLowerCase(Locale.ROOT);
    return scheme.startsWith("http") ? "host:" + who : scheme + ":" + who;
  }

  /** Runs a storage call under a breaker; what the breaker itself throws keeps its code. */
  static <T> T guarded(
      RunControl control, String key, java.util.concurrent.Callable<T> call, String what) {
    try {
      return control.guarded(key, call);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new MediaFlowException(ErrorCode.INTERNAL, what + " failed: " + e, "", false, e);
    }
  }
}
