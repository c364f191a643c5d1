package io.mediaflow;

import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How media jobs reach {@code s3://bucket/key} locations (docs/object-storage.md): the endpoint of
 * an S3-compatible store (MinIO, Ceph, Cloudflare R2, Google Cloud Storage's XML API) or AWS
 * itself, the region, path-style addressing, the credentials, and the multipart sizes. Needs the
 * AWS SDK for Java v2 on the class path ({@code software.amazon.awssdk:s3}); without it an {@code
 * s3:} location is refused with {@code UNSUPPORTED_SOURCE} naming what to add.
 *
 * {@snippet :
 * MediaFlow flow = MediaFlow.builder()
 *     .s3(S3Options.builder()
 *         .endpoint(URI.create("https://minio.internal:9000"))
 *         .region("us-east-1")
 *         .pathStyleAccess()
 *         .credentials(System.getenv("MINIO_KEY"), System.getenv("MINIO_SECRET"))
 *         .build())
 *     .build();
 * }
 *
 * <p>Credentials not given here come from the SDK's default provider chain (environment, system
 * properties, profile files, container and instance roles). The secret is never logged nor shown by
 * {@link #toString()}.
 */
public final class S3Options {

  /** Files at least this large are uploaded in parts: 64 MiB. */
  public static final long DEFAULT_MULTIPART_THRESHOLD = 64L * 1024 * 1024;

  /** The size of each part of a multipart upload: 16 MiB. */
  public static final long DEFAULT_PART_SIZE = 16L * 1024 * 1024;

  /** The smallest part S3 accepts (but the last): 5 MiB. */
  public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

  /** The largest object fetched by default: 2 GiB, as for http inputs. */
  public static final long DEFAULT_MAX_DOWNLOAD_BYTES = 2L * 1024 * 1024 * 1024;

  private final Optional<URI> endpoint;
  private final Optional<String> region;
  private final boolean pathStyleAccess;
  private final Optional<String> accessKeyId;
  private final Optional<String> secretAccessKey;
  private final long multipartThreshold;
  private final long partSize;
  private final long maxDownloadBytes;

  private S3Options(Builder b) {
    this.endpoint = Optional.ofNullable(b.endpoint);
    this.region = Optional.ofNullable(b.region);
    this.pathStyleAccess = b.pathStyleAccess;
    this.accessKeyId = Optional.ofNullable(b.accessKeyId);
    this.secretAccessKey = Optional.ofNullable(b.secretAccessKey);
    this.multipartThreshold = b.multipartThreshold;
    this.partSize = b.partSize;
    this.maxDownloadBytes = b.maxDownloadBytes;
  }

  /** AWS itself, region and credentials from the SDK's default chains. */
  public static S3Options ofDefaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The endpoint of an S3-compatible store; empty for AWS. */
  public Optional<URI> endpoint() {
    return endpoint;
  }

  /** The region; empty for the SDK's default chain (then {@code us-east-1} with an endpoint). */
  public Optional<String> region() {
    return region;
  }

  /** Whether the bucket goes in the path ({@code host/bucket/key}) rather than the host name. */
  public boolean pathStyleAccess() {
    return pathStyleAccess;
  }

  /** The access key id given; empty for the SDK's default provider chain. */
  public Optional<String> accessKeyId() {
    return accessKeyId;
  }

  /** The secret given; empty for the SDK's default provider chain. Only the S3 client reads it. */
  public Optional<String> secretAccessKey() {
    return secretAccessKey;
  }

  /** Files at least this large are uploaded in parts. */
  public long multipartThreshold() {
    return multipartThreshold;
  }

  /** The size of each part. */
  public long partSize() {
    return partSize;
  }

  /** The largest object an input may be. */
  public long maxDownloadBytes() {
    return maxDownloadBytes;
  }

  /** The options without the secret: {@code secretAccessKey=***} when one is set. */
  @Override
  public String toString() {
    return "S3Options{" + MediaOptions.s3Settings(this).describe() + "}";
  }

  /** Builds {@link S3Options}; each option may be set once. */
  public static final class Builder {
    private URI endpoint;
    private String region;
    private boolean pathStyleAccess;
    private String accessKeyId;
    private String secretAccessKey;
    private long multipartThreshold = DEFAULT_MULTIPART_THRESHOLD;
    private long partSize = DEFAULT_PART_SIZE;
    private long maxDownloadBytes = DEFAULT_MAX_DOWNLOAD_BYTES;
    private final Set<String> set = new HashSet<>();

    private Builder() {}

    /**
     * The endpoint of an S3-compatible store, {@code http} or {@code https} with a host: {@code
     * https://minio.internal:9000}, {@code https://ACCOUNT.r2.cloudflarestorage.com}, {@code
     * https://storage.googleapis.com}. It is the host's choice, not a job's: a spec names buckets
     * and keys only, so the network guard of URL inputs does not apply to it.
     */
    public Builder endpoint(URI value) {
      once("endpoint");
      Objects.requireNonNull(value, "endpoint");
      String scheme = value.getScheme() == null ? "" : value.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || value.getHost() == null) {
        throw new IllegalArgumentException(
            "endpoint must be an http or https URL with a host but was " + value);
      }
      this.endpoint = value;
      return this;
    }

    /** The region, such as {@code eu-west-1}; S3-compatible stores often take any. */
    public Builder region(String value) {
      once("region");
      Objects.requireNonNull(value, "region");
      if (!value.matches("[a-z0-9-]{1,64}")) {
        throw new IllegalArgumentException(
            "region must be lower-case letters, digits and '-' but was \"" + value + "\"");
      }
      this.region = value;
      return this;
    }

    /** Puts the bucket in the path; most S3-compatible stores (MinIO, Ceph) need it. */
    public Builder pathStyleAccess() {
      once("pathStyleAccess");
      this.pathStyleAccess = true;
      return this;
    }

    /** Static credentials, instead of the SDK's default provider chain. */
    public Builder credentials(String accessKeyId, String secretAccessKey) {
      once("credentials");
      Objects.requireNonNull(accessKeyId, "accessKeyId");
      Objects.requireNonNull(secretAccessKey, "secretAccessKey");
      if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
        throw new IllegalArgumentException("credentials must not be blank");
      }
      this.accessKeyId = accessKeyId;
      this.secretAccessKey = secretAccessKey;
      return this;
    }

    /** Files at least this large are uploaded in parts; default 64 MiB, at least 5 MiB. */
    public Builder multipartThreshold(long bytes) {
      once("multipartThreshold");
      this.multipartThreshold = atLeast("multipartThreshold", bytes, MIN_PART_SIZE);
      return this;
    }

    /** The size of each part; default 16 MiB, at least 5 MiB (S3's smallest part). */
    public Builder partSize(long bytes) {
      once("partSize");
      this.partSize = atLeast("partSize", bytes, MIN_PART_SIZE);
      return this;
    }

    /** The largest object an input may be; default 2 GiB. */
    public Builder maxDownloadBytes(long bytes) {
      once("maxDownloadBytes");
      this.maxDownloadBytes = atLeast("maxDownloadBytes", bytes, 1);
      return this;
    }

    public S3Options build() {
      return new S3Options(this);
    }

    private void once(String option) {
      if (!set.add(option)) {
        throw new IllegalStateException(option + " is already set; set it once");
      }
    }

    private static long atLeast(String name, long value, long min) {
      if (value < min) {
        throw new IllegalArgumentException(name + " must be at least " + min + " but was " + value);
      }
      return value;
    }
  }
}
