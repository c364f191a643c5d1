package io.mediaflow.api.storage;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A place media files are read from and written to, named by a URI scheme: mediaflow serves {@code
 * file:}, {@code http(s):} (read only) and {@code s3:} behind this interface, and a host adds its
 * own ({@code gs:}, {@code sftp:}, a content store) with {@code
 * MediaFlow.builder().mediaStorage(storage)} or a {@code
 * META-INF/services/io.mediaflow.api.storage.MediaStorage} entry ({@code provides} in a module).
 * One storage serves each scheme: the host's first, then those found through ServiceLoader, then
 * the built-in ones.
 *
 * <p>A job hands a remote location to the media tool only as a URL this storage signs for an input
 * whose spec asks for {@code "read": "stream"} ({@link #readUrl}); other inputs are {@linkplain
 * #fetch fetched} into the job's own folder first, and outputs are written locally, verified, and
 * only then {@linkplain #put put} at their destination. The engine asks only for the {@linkplain
 * #operations() operations} a storage declares, and refuses the others with {@code
 * UNSUPPORTED_SOURCE} at the JSON path that named the location.
 *
 * <p>Failures are {@link MediaFlowException}s with these codes, so that the engine retries what is
 * worth retrying (under the job's retry policy) and stops at once otherwise: {@code
 * INPUT_NOT_FOUND} for a location with nothing there, {@code PERMISSION_DENIED} for refused
 * credentials, {@code NETWORK} (retryable) for an unreachable, throttling or failing server, {@code
 * INPUT_INVALID} for an object over the size limit, {@code CANCELLED} after a cancel. Messages name
 * the JSON path and the location, never a credential.
 *
 * {@snippet :
 * final class VaultStorage implements MediaStorage {
 *   public Set<String> schemes() { return Set.of("vault"); }
 *   public Set<Operation> operations() { return EnumSet.of(Operation.FETCH); }
 *   public URI resolve(String location, String jsonPath) { return URI.create(location); }
 *   public Path fetch(URI location, FetchRequest request) { return copyInto(request.directory()); }
 * }
 * }
 */
public interface MediaStorage {

  /** The URI schemes served, lower case: {@code s3}; {@code http} and {@code https}. */
  Set<String> schemes();

  /** What this storage can do; the others are never asked. */
  Set<Operation> operations();

  /**
   * Checks a location's form, without touching the network or the disk, and returns it as a URI.
   * Called when a job is prepared, before anything is fetched, encoded or written.
   *
   * @param location as a spec wrote it: {@code s3://bucket/key.mp4}
   * @param jsonPath where it was written, such as {@code inputs[0].source}
   * @throws io.mediaflow.api.ValidationException with one violation at {@code jsonPath}, such as
   *     {@code INVALID_VALUE} for a malformed bucket name
   */
  URI resolve(String location, String jsonPath);

  /**
   * Copies what {@code location} holds into a new file in {@link FetchRequest#directory()} and
   * returns that file. The copy is streamed (never held in memory), at most {@link
   * FetchRequest#maxBytes()} long, and stops within a fraction of a second once {@link
   * FetchRequest#cancelled()} is true, also while the server sends nothing. On any failure no file
   * is left behind.
   *
   * @throws MediaFlowException as the type's description says
   */
  default Path fetch(URI location, FetchRequest request) {
    throw unsupported(Operation.FETCH, location, request.jsonPath());
  }

  /**
   * A URL the media tool may read {@code location} from for {@code validity}, without credentials
   * of its own: an S3 presigned {@code GET}. Its query is a secret while it is valid; the engine
   * keeps it out of logs, plans and errors. The engine checks its host with the network guard of
   * URL inputs before the tool opens it. Empty, the default, when this storage offers no such URL:
   * an input that asks to be streamed is then refused with {@code UNSUPPORTED_SOURCE}.
   *
   * @return an {@code http(s)} URL, or empty
   * @throws MediaFlowException as the type's description says
   */
  default Optional<URI> readUrl(URI location, Duration validity) {
    return Optional.empty();
  }

  /**
   * Writes {@code file} at {@code location} so that the object appears whole or not at all: a
   * failed or cancelled write leaves nothing there (an S3 multipart upload is aborted) and never
   * changes what was there before. Content is checked end to end (a checksum the server verifies,
   * and the stored size). Without {@link PutRequest#overwrite()} an existing object is {@code
   * DESTINATION_EXISTS}.
   *
   * @return what was stored
   * @throws MediaFlowException as the type's description says
   */
  default Stored put(Path file, URI location, PutRequest request) {
    throw unsupported(Operation.PUT, location, request.jsonPath());
  }

  /**
   * Whether something is stored at {@code location}.
   *
   * @throws MediaFlowException as the type's description says
   */
  default boolean exists(URI location) {
    throw unsupported(Operation.EXISTS, location, "");
  }

  /**
   * Deletes what is stored at {@code location}.
   *
   * @return whether there was something to delete
   * @throws MediaFlowException as the type's description says
   */
  default boolean delete(URI location) {
    throw unsupported(Operation.DELETE, location, "");
  }

  /** What a storage may be asked to do. */
  enum Operation {
    /** {@link #fetch}: copy into a local file. */
    FETCH,
    /** {@link #put}: store a local file. */
    PUT,
    /** {@link #exists}. */
    EXISTS,
    /** {@link #delete}. */
    DELETE
  }

  /**
   * How to fetch.
   *
   * @param directory the folder to write the new file in; it exists and belongs to the job
   * @param maxBytes the largest object accepted; a larger one is {@code INPUT_INVALID}
   * @param cancelled true once the job is stopped; cheap and thread-safe
   * @param jsonPath where the location was named, for messages ({@code inputs[0].source})
   */
  record FetchRequest(Path directory, long maxBytes, BooleanSupplier cancelled, String jsonPath) {
    public FetchRequest {
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(cancelled, "cancelled");
      Objects.requireNonNull(jsonPath, "jsonPath");
      if (maxBytes <= 0) {
        throw new IllegalArgumentException("maxBytes must be positive but was " + maxBytes);
      }
    }
  }

  /**
   * How to put.
   *
   * @param overwrite whether an object already there may be replaced
   * @param cancelled true once the job is stopped; cheap and thread-safe
   * @param jsonPath where the location was named, for messages ({@code outputs[0].destination})
   */
  record PutRequest(boolean overwrite, BooleanSupplier cancelled, String jsonPath) {
    public PutRequest {
      Objects.requireNonNull(cancelled, "cancelled");
      Objects.requireNonNull(jsonPath, "jsonPath");
    }
  }

  /**
   * What {@link #put} stored.
   *
   * @param location where
   * @param bytes its size, as the storage reports it after the write
   * @param checksum the checksum the storage verified, such as {@code md5:…}; empty if none
   */
  record Stored(URI location, long bytes, String checksum) {
    public Stored {
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(checksum, "checksum");
    }
  }

  /**
   * The error for an operation a storage does not offer: {@code UNSUPPORTED_SOURCE}, naming the
   * scheme and what it can do instead.
   */
  static MediaFlowException unsupported(Operation op, URI location, String jsonPath) {
    String scheme = location.getScheme() == null ? "this" : location.getScheme() + ":";
    return new MediaFlowException(
        ErrorCode.UNSUPPORTED_SOURCE,
        (jsonPath.isEmpty() ? "" : jsonPath + ": ")
            + scheme
            + " locations cannot be "
            + switch (op) {
              case FETCH -> "read";
              case PUT -> "written";
              case EXISTS -> "checked for existence";
              case DELETE -> "deleted";
            }
            + " ("
            + location
            + ")",
        "use a location whose storage can do it: file: does everything, http(s): is read only,"
            + " s3: reads and writes");
  }
}
