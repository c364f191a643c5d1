package io.mediaflow.internal.storage.s3;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link S3Storage} is built from, taken from the public {@code S3Options} so that this
 * package needs nothing of the facade.
 *
 * @param endpoint an S3-compatible store's; empty for AWS
 * @param region empty for the SDK's default chain
 * @param pathStyleAccess bucket in the path rather than the host name
 * @param accessKeyId empty (with the secret) for the SDK's default provider chain
 * @param secretAccessKey never logged; {@link #toString()} hides it
 * @param multipartThreshold files at least this large go in parts
 * @param partSize the size of each part
 * @param maxDownloadBytes the largest object an input may be
 */
public record S3Settings(
    Optional<URI> endpoint,
    Optional<String> region,
    boolean pathStyleAccess,
    Optional<String> accessKeyId,
    Optional<String> secretAccessKey,
    long multipartThreshold,
    long partSize,
    long maxDownloadBytes) {

  public S3Settings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
      throw new IllegalArgumentException("give both the access key id and the secret, or neither");
    }
  }

  /** Everything but the secret. */
  @Override
  public String toString() {
    return "S3Settings[" + describe() + "]";
  }

  /** The options, the secret as {@code ***}: what {@code S3Options.toString()} shows too. */
  public String describe() {
    return "endpoint="
        + endpoint.map(URI::toString).orElse("aws")
        + ", region="
        + region.orElse("default chain")
        + ", pathStyleAccess="
        + pathStyleAccess
        + ", credentials="
        + accessKeyId
            .map(id -> "given (accessKeyId=" + id + ", secretAccessKey=***)")
            .orElse("default chain")
        + ", multipartThreshold="
        + multipartThreshold
        + ", partSize="
        + partSize
        + ", maxDownloadBytes="
        + maxDownloadBytes;
  }
}
