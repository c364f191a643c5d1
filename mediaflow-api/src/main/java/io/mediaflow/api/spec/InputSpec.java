package io.mediaflow.api.spec;

import java.util.Objects;

/**
 * A job input.
 *
 * @param id unique among inputs and operation results
 * @param source {@code file:relative/or/absolute.mp4}, {@code https://host/file.mp4}, {@code
 *     s3://bucket/key.mp4} or a location of a host's scheme
 * @param read how a remote source is read: fetched into the job's folder first (the default), or
 *     streamed by the media tool from a short-lived URL its storage signs
 */
public record InputSpec(String id, String source, Read read) {

  public InputSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(read, "read");
  }

  /** An input read as {@link Read#FETCH} does. */
  public InputSpec(String id, String source) {
    this(id, source, Read.FETCH);
  }

  /** How a remote input is read; {@code "read"} in a spec's JSON, lower case. */
  public enum Read {
    /** Copied into the job's own folder before anything reads it; the media tool reads the copy. */
    FETCH,
    /**
     * Read by the media tool straight from a presigned {@code https} URL of its storage ({@link
     * io.mediaflow.api.storage.MediaStorage#readUrl}), checked by the network guard as URL inputs
     * are; nothing is copied. A format that seeks to its end (an MP4 without {@code faststart}) is
     * read with more requests.
     */
    STREAM
  }
}
