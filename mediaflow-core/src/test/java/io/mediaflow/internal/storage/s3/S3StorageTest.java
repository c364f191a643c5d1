package io.mediaflow.internal.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.storage.MediaStorage;
import io.mediaflow.internal.storage.MissingS3;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jclouds.blobstore.domain.Blob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@link S3Storage} against a real S3-compatible server in this JVM ({@link S3ProxyServer}: S3Proxy
 * on a folder, signatures checked): fetch, single and multipart upload, a missing key, a wrong
 * secret, a failed part, a server that dies mid-upload, the size limit and a cancel.
 */
class S3StorageTest {

  static final String BUCKET = "media";

  @TempDir Path dir;
  S3ProxyServer server;
  S3Client admin;
  S3Storage storage;
  Path work;

  @BeforeEach
  void start() throws Exception {
    Path store = Files.createDirectories(dir.resolve("store"));
    work = Files.createDirectories(dir.resolve("work"));
    server = S3ProxyServer.start(store);
    admin = server.client();
    admin.createBucket(b -> b.bucket(BUCKET));
    storage = new S3Storage(S3Storage.client(server.settings()), server.settings());
  }

  @AfterEach
  void stop() throws Exception {
    if (storage != null) {
      storage.close();
      admin.close();
    }
    if (server != null) {
      server.close();
    }
  }

  static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  URI uri(String key) {
    return storage.resolve("s3://" + BUCKET + "/" + key, "inputs[0].source");
  }

  MediaStorage.FetchRequest fetchInto(Path folder) {
    return new MediaStorage.FetchRequest(folder, Long.MAX_VALUE, () -> false, "inputs[0].source");
  }

  static MediaStorage.PutRequest put(boolean overwrite) {
    return new MediaStorage.PutRequest(overwrite, () -> false, "outputs[0].destination");
  }

  byte[] stored(String key) {
    return admin.getObjectAsBytes(g -> g.bucket(BUCKET).key(key)).asByteArray();
  }

  boolean storedExists(String key) {
    try {
      admin.headObject(h -> h.bucket(BUCKET).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    }
  }

  @Test
  void fetch_streams_the_object_into_a_new_file_named_by_its_extension() throws IOException {
    byte[] clip = random(300_000);
    admin.putObject(p -> p.bucket(BUCKET).key("in/clip one.mp4"), RequestBody.fromBytes(clip));

    Path file = storage.fetch(uri("in/clip one.mp4"), fetchInto(work));

    assertThat(file.getParent()).isEqualTo(work);
    assertThat(file.getFileName().toString()).startsWith("s3-").endsWith(".mp4");
    assertThat(Files.readAllBytes(file)).isEqualTo(clip);
  }

  @Test
  void read_url_is_a_presigned_get_the_store_serves_without_other_credentials() throws Exception {
    byte[] clip = random(50_000);
    admin.putObject(p -> p.bucket(BUCKET).key("in/clip one.mp4"), RequestBody.fromBytes(clip));

    URI url = storage.readUrl(uri("in/clip one.mp4"), Duration.ofMinutes(10)).orElseThrow();

    assertThat(url.getScheme()).isEqualTo("http"); // the store's endpoint is http
    assertThat(url.getRawQuery()).contains("X-Amz-Signature=").contains("X-Amz-Expires=600");
    HttpURLConnection ok = (HttpURLConnection) url.toURL().openConnection();
    assertThat(ok.getResponseCode()).isEqualTo(200);
    try (InputStream in = ok.getInputStream()) {
      assertThat(in.readAllBytes()).isEqualTo(clip);
    }
    URI tampered = URI.create(url.toString().replace("clip%20one", "clip%20two"));
    HttpURLConnection refused = (HttpURLConnection) tampered.toURL().openConnection();
    assertThat(refused.getResponseCode()).isEqualTo(403);
    refused.disconnect();
  }

  @Test
  void a_small_file_is_put_in_one_request_and_its_md5_checked() throws IOException {
    byte[] clip = random(100_000);
    Path file = Files.write(work.resolve("out.mp4"), clip);
    AtomicInteger parts = new AtomicInteger();
    server.intercept((m, a) -> parts.addAndGet(m.equals("uploadMultipartPart") ? 1 : 0));

    MediaStorage.Stored stored = storage.put(file, uri("out/clip.mp4"), put(false));

    assertThat(stored.bytes()).isEqualTo(clip.length);
    assertThat(stored.checksum()).startsWith("md5:");
    assertThat(parts).hasValue(0);
    assertThat(stored("out/clip.mp4")).isEqualTo(clip);
  }

  @Test
  void a_large_file_is_uploaded_in_parts() throws IOException {
    byte[] clip = random(12 * 1024 * 1024); // threshold and parts of 5 MiB: 5 + 5 + 2
    Path file = Files.write(work.resolve("big.mp4"), clip);
    List<Object> parts = new CopyOnWriteArrayList<>();
    server.intercept(
        (m, a) -> {
          if (m.equals("uploadMultipartPart")) {
            parts.add(a[1]);
          }
        });

    MediaStorage.Stored stored = storage.put(file, uri("out/big.mp4"), put(false));

    assertThat(parts).hasSize(3);
    assertThat(stored.bytes()).isEqualTo(clip.length);
    assertThat(stored("out/big.mp4")).isEqualTo(clip);
  }

  @Test
  void a_missing_key_is_input_not_found_naming_the_json_path_and_the_location() {
    assertThatThrownBy(() -> storage.fetch(uri("in/nothing.mp4"), fetchInto(work)))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INPUT_NOT_FOUND);
              assertThat(e.retryable()).isFalse();
              assertThat(e.detail())
                  .startsWith("inputs[0].source: cannot fetch s3://media/in/nothing.mp4: NoSuchKey")
                  .contains("HTTP 404")
                  .endsWith("no such key");
              assertThat(e.suggestion()).contains("keys are case-sensitive");
            });
    assertThat(work).isEmptyDirectory();
  }

  @Test
  void a_wrong_secret_is_permission_denied_not_retried_and_never_shown() throws Exception {
    admin.putObject(p -> p.bucket(BUCKET).key("in/a.mp4"), RequestBody.fromBytes(random(10)));
    S3Settings wrong = server.settings(S3ProxyServer.ACCESS_KEY, "not-the-secret-8812");
    try (S3Storage refused = new S3Storage(S3Storage.client(wrong), wrong)) {
      assertThatThrownBy(() -> refused.fetch(uri("in/a.mp4"), fetchInto(work)))
          .isInstanceOfSatisfying(
              MediaFlowException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
                assertThat(e.retryable()).isFalse();
                assertThat(e.detail())
                    .startsWith("inputs[0].source: cannot fetch s3://media/in/a.mp4: ")
                    .contains("HTTP 403")
                    .contains("refused the credentials");
                assertThat(e.getMessage()).doesNotContain("not-the-secret-8812");
                assertThat(e.suggestion()).contains("S3Options.credentials");
              });
      assertThat(refused.toString())
          .contains(S3ProxyServer.ACCESS_KEY)
          .doesNotContain("not-the-secret-8812");
    }
    assertThat(work).isEmptyDirectory();
  }

  @Test
  void a_failed_part_aborts_the_multipart_upload_and_leaves_no_object() throws IOException {
    Path file = Files.write(work.resolve("big.mp4"), random(11 * 1024 * 1024));
    AtomicInteger parts = new AtomicInteger();
    AtomicBoolean aborted = new AtomicBoolean();
    server.intercept(
        (m, a) -> {
          if (m.equals("uploadMultipartPart") && parts.incrementAndGet() == 2) {
            throw new RuntimeException("disk error in the store"); // HTTP 500
          }
          if (m.equals("abortMultipartUpload")) {
            aborted.set(true);
          }
        });

    assertThatThrownBy(() -> storage.put(file, uri("out/big.mp4"), put(false)))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.NETWORK);
              assertThat(e.retryable()).isTrue();
              assertThat(e.detail())
                  .startsWith("outputs[0].destination: cannot upload to s3://media/out/big.mp4: ");
            });
    assertThat(aborted).isTrue();
    assertThat(storedExists("out/big.mp4")).isFalse();
    assertThat(admin.listMultipartUploads(l -> l.bucket(BUCKET)).uploads()).isEmpty();

    server.intercept(null);
    storage.put(file, uri("out/big.mp4"), put(false));
    assertThat(stored("out/big.mp4")).isEqualTo(Files.readAllBytes(file));
  }

  @Test
  void a_server_that_dies_mid_upload_leaves_no_object_and_a_retry_succeeds() throws Exception {
    byte[] clip = random(11 * 1024 * 1024);
    Path file = Files.write(work.resolve("big.mp4"), clip);
    AtomicInteger parts = new AtomicInteger();
    server.intercept(
        (m, a) -> {
          if (m.equals("uploadMultipartPart") && parts.incrementAndGet() == 2) {
            server.stop(); // the connection of this very request is cut
            throw new IllegalStateException("gone");
          }
        });

    assertThatThrownBy(() -> storage.put(file, uri("out/big.mp4"), put(false)))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.NETWORK);
              assertThat(e.retryable()).isTrue();
            });

    server.intercept(null);
    server.restart();
    assertThat(storedExists("out/big.mp4")).as("a partial object").isFalse();
    storage.put(file, uri("out/big.mp4"), put(false));
    assertThat(stored("out/big.mp4")).isEqualTo(clip);
  }

  @Test
  void an_object_over_the_limit_is_refused_before_it_is_read() {
    admin.putObject(p -> p.bucket(BUCKET).key("in/big.mp4"), RequestBody.fromBytes(random(5000)));
    MediaStorage.FetchRequest small =
        new MediaStorage.FetchRequest(work, 4096, () -> false, "inputs[1].source");

    assertThatThrownBy(() -> storage.fetch(uri("in/big.mp4"), small))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INPUT_INVALID);
              assertThat(e.detail())
                  .isEqualTo(
                      "inputs[1].source: s3://media/in/big.mp4 is larger than the download limit"
                          + " of 4096 bytes: 5000 bytes");
            });
    assertThat(work).isEmptyDirectory();
  }

  @Test
  void a_cancel_stops_a_stalled_fetch_within_a_fraction_of_a_second() throws Exception {
    admin.putObject(
        p -> p.bucket(BUCKET).key("in/slow.mp4"), RequestBody.fromBytes(random(4 * 1024 * 1024)));
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch stalled = new CountDownLatch(1);
    server.replaceResults(
        (m, r) -> {
          if (m.equals("getBlob") && r instanceof Blob blob) {
            try (InputStream real = blob.getPayload().openStream()) {
              byte[] all = real.readAllBytes();
              var metadata = blob.getPayload().getContentMetadata();
              blob.setPayload(
                  new StallingStream(
                      new java.io.ByteArrayInputStream(all), 256 * 1024, stalled, release));
              blob.getPayload().setContentMetadata(metadata);
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
          }
          return r;
        });
    AtomicBoolean cancelled = new AtomicBoolean();
    MediaStorage.FetchRequest request =
        new MediaStorage.FetchRequest(work, Long.MAX_VALUE, cancelled::get, "inputs[0].source");
    try {
      CompletableFuture<Path> fetch =
          CompletableFuture.supplyAsync(() -> storage.fetch(uri("in/slow.mp4"), request));
      assertThat(stalled.await(30, TimeUnit.SECONDS)).isTrue();

      long start = System.nanoTime();
      cancelled.set(true);
      assertThatThrownBy(() -> fetch.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(MediaFlowException.class)
          .cause()
          .satisfies(
              e -> {
                assertThat(((MediaFlowException) e).code()).isEqualTo(ErrorCode.CANCELLED);
                assertThat(((MediaFlowException) e).retryable()).isFalse();
              });
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
      assertThat(work).isEmptyDirectory();
    } finally {
      release.countDown();
    }
  }

  @Test
  void without_overwrite_an_existing_object_is_destination_exists_and_kept() throws IOException {
    admin.putObject(p -> p.bucket(BUCKET).key("out/a.mp4"), RequestBody.fromBytes(random(7)));
    Path file = Files.write(work.resolve("a.mp4"), random(100));

    assertThatThrownBy(() -> storage.put(file, uri("out/a.mp4"), put(false)))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.DESTINATION_EXISTS);
              assertThat(e.detail())
                  .isEqualTo("outputs[0].destination: s3://media/out/a.mp4 already exists");
            });
    assertThat(stored("out/a.mp4")).isEqualTo(random(7));

    storage.put(file, uri("out/a.mp4"), put(true));
    assertThat(stored("out/a.mp4")).isEqualTo(Files.readAllBytes(file));
  }

  @Test
  void exists_and_delete() {
    admin.putObject(p -> p.bucket(BUCKET).key("x/a.mp4"), RequestBody.fromBytes(random(7)));
    assertThat(storage.exists(uri("x/a.mp4"))).isTrue();
    assertThat(storage.delete(uri("x/a.mp4"))).isTrue();
    assertThat(storage.exists(uri("x/a.mp4"))).isFalse();
    assertThat(storage.delete(uri("x/a.mp4"))).isFalse();
  }

  @Test
  void locations_that_are_no_bucket_and_key_are_invalid_at_their_json_path() {
    assertThatThrownBy(() -> storage.resolve("s3://Bad_Bucket/a.mp4", "inputs[2].source"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.violations())
                  .singleElement()
                  .satisfies(
                      v -> {
                        assertThat(v.path()).isEqualTo("inputs[2].source");
                        assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
                        assertThat(v.message())
                            .isEqualTo(
                                "\"s3://Bad_Bucket/a.mp4\" is not an s3 location: \"Bad_Bucket\" is not a"
                                    + " bucket name: 3 to 63 lower-case letters, digits, '.' and '-',"
                                    + " starting and ending with a letter or digit");
                      });
            });
    assertThatThrownBy(() -> storage.resolve("s3://media", "outputs[0].destination"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("outputs[0].destination")
        .hasMessageContaining("it names no key");
    assertThat(storage.resolve("s3://media/a b/c?d.mp4", "x"))
        .satisfies(u -> assertThat(S3Location.of(u).key()).isEqualTo("a b/c?d.mp4"));
  }

  @Test
  void without_the_sdk_an_s3_location_names_the_maven_coordinates_to_add() {
    try (URLClassLoader bare = new URLClassLoader(new URL[0], null)) {
      assertThat(MissingS3.sdkPresent(bare)).isFalse();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    assertThat(MissingS3.sdkPresent(getClass().getClassLoader())).isTrue();
    assertThatThrownBy(() -> new MissingS3().resolve("s3://media/a.mp4", "inputs[0].source"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.violations())
                    .singleElement()
                    .satisfies(
                        v -> {
                          assertThat(v.path()).isEqualTo("inputs[0].source");
                          assertThat(v.code()).isEqualTo(ErrorCode.UNSUPPORTED_SOURCE);
                          assertThat(v.message())
                              .isEqualTo(
                                  "\"s3://media/a.mp4\" is an s3: location, and the AWS SDK for"
                                      + " Java v2 is not on the class path");
                          assertThat(v.suggestion())
                              .contains("software.amazon.awssdk:s3")
                              .contains("docs/object-storage.md");
                        }));
  }

  /** Gives {@code first} bytes, then blocks until released. */
  static final class StallingStream extends FilterInputStream {
    private long left;
    private final CountDownLatch stalled;
    private final CountDownLatch release;

    StallingStream(InputStream in, long first, CountDownLatch stalled, CountDownLatch release) {
      super(in);
      this.left = first;
      this.stalled = stalled;
      this.release = release;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        stalled.countDown();
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }
  }
}
