package io.mediaflow.internal.storage.s3;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.storage.MediaStorage;
import io.mediaflow.internal.net.SafeDownloader;
import io.mediaflow.internal.net.Watchdog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;

/**
 * {@code s3://bucket/key} through the AWS SDK for Java v2, on AWS or an S3-compatible store. Only
 * this package touches the SDK, and core loads it only after checking the SDK is on the class path
 * ({@code requires static} in core's module).
 *
 * <ul>
 *   <li>Fetch streams the object into the job's folder, refuses one over the size limit (from its
 *       length before reading, and while reading), and aborts the connection within a fraction of a
 *       second of a cancel, also while the store sends nothing.
 *   <li>Put sends small files in one request and large ones in parts; every request carries the MD5
 *       of its bytes ({@code Content-MD5}, which the store verifies), the returned ETag is compared
 *       with it where the store uses MD5 ETags, and the stored size is read back. A failed, refused
 *       or cancelled multipart upload is aborted, so no partial object is left; a single request is
 *       all or nothing by itself.
 *   <li>The SDK's own retries are off: throttling and server errors fail the attempt as retryable
 *       {@code NETWORK} errors, and the job's retry policy (resilience4j's interval functions, the
 *       wait a durable scheduled state) decides when to try again, as for http inputs.
 * </ul>
 */
public final class S3Storage implements MediaStorage, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(S3Storage.class);
  private static final Pattern SIMPLE_ETAG = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern MULTIPART_ETAG = Pattern.compile("[0-9a-f]{32}-[0-9]+");
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);

  private final Supplier<S3Client> clients;
  private final S3Settings settings;
  private volatile S3Client client;
  private volatile S3Presigner presigner;

  /** Over a client the caller built (tests); closed by {@link #close()}. */
  public S3Storage(S3Client client, S3Settings settings) {
    this(() -> client, settings);
    Objects.requireNonNull(client, "client");
  }

  private S3Storage(Supplier<S3Client> clients, S3Settings settings) {
    this.clients = clients;
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * With a client built from {@code settings} when a job first needs it, so an engine without any
   * s3: job never looks for a region or credentials. Declared as the interface so that a caller
   * links without the SDK's types.
   */
  public static MediaStorage create(S3Settings settings) {
    LOG.info("s3: locations through the AWS SDK: {}", settings);
    return new S3Storage(() -> client(settings), settings);
  }

  /** The client, built on first use. */
  private S3Client client() {
    S3Client c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          try {
            c = clients.get();
          } catch (SdkException e) {
            throw new MediaFlowException(
                ErrorCode.INVALID_VALUE,
                "the S3 client cannot be built: " + e.getMessage(),
                "set the region (S3Options.Builder.region, or AWS_REGION) and the credentials",
                false,
                e);
          }
          client = c;
        }
      }
    }
    return c;
  }

  static S3Client client(S3Settings s) {
    S3ClientBuilder b =
        S3Client.builder()
            .httpClientBuilder(
                Apache5HttpClient.builder()
                    .connectionTimeout(CONNECT_TIMEOUT)
                    .socketTimeout(SOCKET_TIMEOUT))
            // the job's retry policy retries, not a thread sleeping inside the SDK
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            // our own Content-MD5 on every write: S3-compatible stores do not all take the SDK's
            // newer trailing checksums
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .forcePathStyle(s.pathStyleAccess())
            .credentialsProvider(credentials(s));
    s.endpoint().ifPresent(b::endpointOverride);
    if (s.region().isPresent()) {
      b.region(Region.of(s.region().get()));
    } else if (s.endpoint().isPresent()) {
      b.region(Region.US_EAST_1); // S3-compatible stores take any; AWS finds its own
    }
    return b.build();
  }

  private static AwsCredentialsProvider credentials(S3Settings s) {
    if (s.accessKeyId().isPresent()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(s.accessKeyId().get(), s.secretAccessKey().orElseThrow()));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  @Override
  public Set<String> schemes() {
    return Set.of("s3");
  }

  @Override
  public Set<Operation> operations() {
    return EnumSet.allOf(Operation.class);
  }

  @Override
  public URI resolve(String location, String jsonPath) {
    return S3Location.parse(location, jsonPath).uri();
  }

  /**
   * A presigned {@code GET} of the object, valid for {@code validity}: signed here from the
   * credentials, without a request to the store (a missing key is found when the URL is read).
   */
  @Override
  public Optional<URI> readUrl(URI location, Duration validity) {
    S3Location loc = S3Location.of(location);
    GetObjectPresignRequest request =
        GetObjectPresignRequest.builder()
            .signatureDuration(validity)
            .getObjectRequest(r -> r.bucket(loc.bucket()).key(loc.key()))
            .build();
    try {
      return Optional.of(presigner().presignGetObject(request).url().toURI());
    } catch (URISyntaxException | SdkException e) {
      throw new MediaFlowException(
          ErrorCode.INVALID_VALUE,
          "cannot sign a URL for " + loc + ": " + e.getClass().getSimpleName(),
          "set the region (S3Options.Builder.region, or AWS_REGION) and the credentials",
          false,
          null);
    }
  }

  /** The presigner, built on first use from the same settings as the client. */
  private S3Presigner presigner() {
    S3Presigner p = presigner;
    if (p == null) {
      synchronized (this) {
        p = presigner;
        if (p == null) {
          S3Presigner.Builder b =
              S3Presigner.builder()
                  .credentialsProvider(credentials(settings))
                  .serviceConfiguration(
                      S3Configuration.builder()
                          .pathStyleAccessEnabled(settings.pathStyleAccess())
                          .build());
          settings.endpoint().ifPresent(b::endpointOverride);
          if (settings.region().isPresent()) {
            b.region(Region.of(settings.region().get()));
          } else if (settings.endpoint().isPresent()) {
            b.region(Region.US_EAST_1);
          }
          p = b.build();
          presigner = p;
        }
      }
    }
    return p;
  }

  @Override
  public Path fetch(URI location, FetchRequest request) {
    S3Location loc = S3Location.of(location);
    long max = Math.min(request.maxBytes(), settings.maxDownloadBytes());
    String where = request.jsonPath() + ": cannot fetch " + loc;
    if (request.cancelled().getAsBoolean()) {
      throw cancelled(request.jsonPath(), loc);
    }
    Path file = null;
    AtomicBoolean aborted = new AtomicBoolean();
    try {
      Files.createDirectories(request.directory());
      String ext = SafeDownloader.extensionOf(loc.key());
      file = Files.createTempFile(request.directory(), "s3-", ext.isEmpty() ? ".bin" : ext);
      try (ResponseInputStream<GetObjectResponse> in =
          client().getObject(g -> g.bucket(loc.bucket()).key(loc.key()))) {
        Long length = in.response().contentLength();
        if (length != null && length > max) {
          in.abort();
          throw tooLarge(request.jsonPath(), loc, max, length + " bytes");
        }
        // a blocked read does not see an interrupt: abort the connection from the watchdog
        ScheduledFuture<?> watch =
            Watchdog.watch(
                () -> {
                  if (request.cancelled().getAsBoolean() && aborted.compareAndSet(false, true)) {
                    in.abort();
                  }
                });
        long copied = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
          byte[] buffer = new byte[64 * 1024];
          for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            if (request.cancelled().getAsBoolean()) {
              throw cancelled(request.jsonPath(), loc);
            }
            copied += n;
            if (copied > max) {
              throw tooLarge(request.jsonPath(), loc, max, "more than " + max + " bytes");
            }
            out.write(buffer, 0, n);
          }
        } catch (IOException | RuntimeException e) {
          // closing would read the rest of the body to keep the connection: drop it instead
          in.abort();
          throw e;
        } finally {
          watch.cancel(false);
        }
        LOG.info("fetched {} ({} bytes) to {}", loc, copied, file);
        return file;
      }
    } catch (SdkException e) {
      SafeDownloader.deleteQuietly(file);
      throw S3Failures.of(e, where, aborted.get() || request.cancelled().getAsBoolean());
    } catch (IOException e) {
      SafeDownloader.deleteQuietly(file);
      if (aborted.get() || request.cancelled().getAsBoolean()) {
        throw cancelled(request.jsonPath(), loc);
      }
      throw new MediaFlowException(
          ErrorCode.NETWORK,
          where + ": the transfer failed: " + e,
          "check that the store is up; the job is retried under its retry policy",
          true,
          e);
    } catch (RuntimeException e) {
      SafeDownloader.deleteQuietly(file);
      throw e;
    }
  }

  @Override
  public Stored put(Path file, URI location, PutRequest request) {
    S3Location loc = S3Location.of(location);
    String where = request.jsonPath() + ": cannot upload to " + loc;
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new MediaFlowException(
          ErrorCode.PROCESSING_FAILED, where + ": cannot read " + file + ": " + e, "", false, e);
    }
    if (!request.overwrite() && exists(loc, where)) {
      throw new MediaFlowException(
          ErrorCode.DESTINATION_EXISTS,
          request.jsonPath() + ": " + loc + " already exists",
          "allow replacing it with \"overwrite\": true on the output, or choose another key");
    }
    String checksum;
    try {
      checksum =
          size < settings.multipartThreshold()
              ? putOnce(file, loc, size)
              : putInParts(file, loc, size, request, where);
    } catch (SdkException e) {
      throw S3Failures.of(e, where, false);
    } catch (IOException e) {
      throw new MediaFlowException(
          ErrorCode.NETWORK,
          where + ": " + e,
          "the job is retried under its retry policy",
          true,
          e);
    }
    long stored = head(loc, where).contentLength();
    if (stored != size) {
      deleteQuietly(loc);
      throw new MediaFlowException(
          ErrorCode.NETWORK,
          where + ": the store holds " + stored + " bytes after the upload of " + size,
          "the object was removed; the job is retried under its retry policy",
          true,
          null);
    }
    LOG.info("uploaded {} ({} bytes, {}) from {}", loc, size, checksum, file);
    return new Stored(location, size, checksum);
  }

  /** One request; the store checks the Content-MD5. */
  private String putOnce(Path file, S3Location loc, long size) throws IOException {
    byte[] md5 = md5(file);
    String etag =
        client()
            .putObject(
                p ->
                    p.bucket(loc.bucket())
                        .key(loc.key())
                        .contentLength(size)
                        .contentMD5(Base64.getEncoder().encodeToString(md5)),
                RequestBody.fromFile(file))
            .eTag();
    String hex = HexFormat.of().formatHex(md5);
    checkEtag(loc, etag, hex, SIMPLE_ETAG);
    return "md5:" + hex;
  }

  /**
   * Parts of {@link S3Settings#partSize()}, each with its Content-MD5; aborted on any failure or a
   * cancel, so the store keeps no part.
   */
  private String putInParts(Path file, S3Location loc, long size, PutRequest request, String where)
      throws IOException {
    String uploadId =
        client().createMultipartUpload(c -> c.bucket(loc.bucket()).key(loc.key())).uploadId();
    boolean done = false;
    try {
      List<CompletedPart> parts = new ArrayList<>();
      MessageDigest ofParts = digest();
      try (InputStream in = Files.newInputStream(file)) {
        long left = size;
        for (int number = 1; left > 0; number++) {
          if (request.cancelled().getAsBoolean()) {
            throw new MediaFlowException(
                ErrorCode.CANCELLED, where + ": stopped for a cancel; the upload was aborted", "");
          }
          int length = (int) Math.min(settings.partSize(), left);
          byte[] bytes = in.readNBytes(length);
          if (bytes.length != length) {
            throw new IOException(file + " became shorter while it was uploaded");
          }
          byte[] md5 = digest().digest(bytes);
          ofParts.update(md5);
          int n = number;
          String etag =
              client()
                  .uploadPart(
                      u ->
                          u.bucket(loc.bucket())
                              .key(loc.key())
                              .uploadId(uploadId)
                              .partNumber(n)
                              .contentLength((long) length)
                              .contentMD5(Base64.getEncoder().encodeToString(md5)),
                      RequestBody.fromBytes(bytes))
                  .eTag();
          checkEtag(loc, etag, HexFormat.of().formatHex(md5), SIMPLE_ETAG);
          parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
          left -= length;
        }
      }
      String etag =
          client()
              .completeMultipartUpload(
                  c ->
                      c.bucket(loc.bucket())
                          .key(loc.key())
                          .uploadId(uploadId)
                          .multipartUpload(m -> m.parts(parts)))
              .eTag();
      done = true;
      String expected = HexFormat.of().formatHex(ofParts.digest()) + "-" + parts.size();
      if (!checkEtag(loc, etag, expected, MULTIPART_ETAG)) {
        return "md5 of " + parts.size() + " parts";
      }
      return "md5-parts:" + expected;
    } finally {
      if (!done) {
        abort(loc, uploadId);
      }
    }
  }

  private void abort(S3Location loc, String uploadId) {
    try {
      client().abortMultipartUpload(a -> a.bucket(loc.bucket()).key(loc.key()).uploadId(uploadId));
      LOG.info("aborted the multipart upload of {}: no part is kept", loc);
    } catch (SdkException e) {
      // the store drops it by its lifecycle rule at the latest (docs/object-storage.md)
      LOG.warn("could not abort the multipart upload {} of {}: {}", uploadId, loc, e.toString());
    }
  }

  /**
   * Compares a returned ETag with the MD5 expected, where the store uses MD5 ETags of this form.
   *
   * @return whether it could be compared
   * @throws MediaFlowException {@code NETWORK} (retryable) when it differs
   */
  private static boolean checkEtag(S3Location loc, String etag, String expected, Pattern form) {
    String bare = etag == null ? "" : etag.replace("\"", "").toLowerCase(Locale.ROOT);
    if (!form.matcher(bare).matches()) {
      return false;
    }
    if (!bare.equals(expected)) {
      throw new MediaFlowException(
          ErrorCode.NETWORK,
          "the store's checksum of " + loc + " is " + bare + ", not " + expected,
          "the bytes changed on the way; the job is retried under its retry policy",
          true,
          null);
    }
    return true;
  }

  @Override
  public boolean exists(URI location) {
    S3Location loc = S3Location.of(location);
    return exists(loc, "cannot check " + loc);
  }

  private boolean exists(S3Location loc, String where) {
    try {
      client().headObject(h -> h.bucket(loc.bucket()).key(loc.key()));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw S3Failures.of(e, where, false);
    } catch (SdkException e) {
      throw S3Failures.of(e, where, false);
    }
  }

  private HeadObjectResponse head(S3Location loc, String where) {
    try {
      return client().headObject(h -> h.bucket(loc.bucket()).key(loc.key()));
    } catch (SdkException e) {
      throw S3Failures.of(e, where, false);
    }
  }

  @Override
  public boolean delete(URI location) {
    S3Location loc = S3Location.of(location);
    String where = "cannot delete " + loc;
    boolean existed = exists(loc, where);
    try {
      client().deleteObject(d -> d.bucket(loc.bucket()).key(loc.key()));
    } catch (SdkException e) {
      throw S3Failures.of(e, where, false);
    }
    return existed;
  }

  private void deleteQuietly(S3Location loc) {
    try {
      client().deleteObject(d -> d.bucket(loc.bucket()).key(loc.key()));
    } catch (SdkException e) {
      LOG.warn("could not remove {}: {}", loc, e.toString());
    }
  }

  @Override
  public void close() {
    S3Client c = client;
    if (c != null) {
      c.close();
    }
    S3Presigner p = presigner;
    if (p != null) {
      p.close();
    }
  }

  @Override
  public String toString() {
    return "S3Storage[" + settings + "]";
  }

  private static MediaFlowException cancelled(String jsonPath, S3Location loc) {
    return new MediaFlowException(
        ErrorCode.CANCELLED, jsonPath + ": the fetch of " + loc + " was stopped", "");
  }

  private static MediaFlowException tooLarge(
      String jsonPath, S3Location loc, long max, String size) {
    return new MediaFlowException(
        ErrorCode.INPUT_INVALID,
        jsonPath + ": " + loc + " is larger than the download limit of " + max + " bytes: " + size,
        "give a smaller file, or raise the limit (S3Options.Builder.maxDownloadBytes)");
  }

  private static byte[] md5(Path file) throws IOException {
    MessageDigest md = digest();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        md.update(buffer, 0, n);
      }
    }
    return md.digest();
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("MD5"); // what S3's Content-MD5 and ETags are
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has MD5", e);
    }
  }
}
