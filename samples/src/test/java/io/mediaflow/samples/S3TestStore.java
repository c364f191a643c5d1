package io.mediaflow.samples;

import io.mediaflow.S3Options;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.FilesystemApiMetadata;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible store in this JVM for end-to-end tests: S3Proxy on a folder, checking
 * signatures, with a bucket {@code media} and an SDK client for the test's own set-up and checks.
 */
public final class S3TestStore implements AutoCloseable {

  public static final String ACCESS = "e2e-access";
  public static final String SECRET = "e2e-secret-Kq2";

  private final BlobStoreContext store;
  private final S3Proxy proxy;

  /** The test's own client. */
  public final S3Client admin;

  /** {@code http://127.0.0.1:PORT}. */
  public final URI endpoint;

  private S3TestStore(BlobStoreContext store, S3Proxy proxy, URI endpoint, S3Client admin) {
    this.store = store;
    this.proxy = proxy;
    this.endpoint = endpoint;
    this.admin = admin;
  }

  /** A started store keeping its objects under {@code dir}, with the bucket {@code media}. */
  public static S3TestStore start(Path dir) throws Exception {
    Properties p = new Properties();
    p.setProperty("jclouds.filesystem.basedir", Files.createDirectories(dir).toString());
    BlobStoreContext store =
        ContextBuilder.newBuilder(new FilesystemApiMetadata())
            .credentials("identity", "credential")
            .overrides(p)
            .build(BlobStoreContext.class);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(store.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
            .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
    URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    S3Client admin =
        S3Client.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET)))
            .build();
    admin.createBucket(b -> b.bucket("media"));
    return new S3TestStore(store, proxy, endpoint, admin);
  }

  /** The engine's options to reach this store. */
  public S3Options options() {
    return S3Options.builder()
        .endpoint(endpoint)
        .region("us-east-1")
        .pathStyleAccess()
        .credentials(ACCESS, SECRET)
        .build();
  }

  @Override
  public void close() {
    admin.close();
    try {
      proxy.stop();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("S3Proxy did not stop", e);
    } finally {
      store.close();
    }
  }
}
