package io.mediaflow.internal.storage.s3;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.FilesystemApiMetadata;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server in the test's JVM: S3Proxy over jclouds' file-system store in a
 * folder, with signature-checked credentials, on 127.0.0.1. Every call of the store goes through
 * {@link #interceptor}, so a test can make a call fail, stall, or stop the server mid-request.
 */
public final class S3ProxyServer implements AutoCloseable {

  public static final String ACCESS_KEY = "mediaflow-test-access";
  public static final String SECRET_KEY = "mediaflow-test-secret-Zq9x";

  /**
   * Called before each call of the store, by method name ({@code putBlob}, {@code
   * uploadMultipartPart}).
   */
  @FunctionalInterface
  public interface Interceptor {
    void before(String method, Object[] args) throws Exception;
  }

  private final Path dir;
  private final BlobStoreContext context;
  private volatile Interceptor interceptor = (m, a) -> {};
  private volatile java.util.function.BiFunction<String, Object, Object> results = (m, r) -> r;
  private S3Proxy proxy;
  private int port;

  private S3ProxyServer(Path dir) {
    this.dir = dir;
    Properties p = new Properties();
    p.setProperty("jclouds.filesystem.basedir", dir.toString());
    this.context =
        ContextBuilder.newBuilder(new FilesystemApiMetadata())
            .credentials("identity", "credential")
            .overrides(p)
            .build(BlobStoreContext.class);
  }

  /** A server on a free port, storing in {@code dir}. */
  public static S3ProxyServer start(Path dir) throws Exception {
    S3ProxyServer s = new S3ProxyServer(dir);
    s.listen(0);
    return s;
  }

  private void listen(int onPort) throws Exception {
    BlobStore real = context.getBlobStore();
    BlobStore seen =
        (BlobStore)
            Proxy.newProxyInstance(
                BlobStore.class.getClassLoader(),
                new Class<?>[] {BlobStore.class},
                (self, method, args) -> {
                  interceptor.before(method.getName(), args);
                  try {
                    return results.apply(method.getName(), method.invoke(real, args));
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    proxy =
        S3Proxy.builder()
            .blobStore(seen)
            .endpoint(URI.create("http://127.0.0.1:" + onPort))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
    port = proxy.getPort();
  }

  /** Sets what runs before each call of the store; {@code null} for nothing. */
  public void intercept(Interceptor value) {
    interceptor = value == null ? (m, a) -> {} : value;
  }

  /** Sets what replaces each result of the store, by method name; {@code null} for nothing. */
  public void replaceResults(java.util.function.BiFunction<String, Object, Object> value) {
    results = value == null ? (m, r) -> r : value;
  }

  /** Stops serving: connections under way are cut. */
  public void stop() throws Exception {
    proxy.stop();
  }

  /** Serves again on the same port, from the same folder. */
  public void restart() throws Exception {
    listen(port);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The folder the objects are kept in. */
  public Path dir() {
    return dir;
  }

  /** An SDK client for the test's own set-up and checks. */
  public S3Client client() {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        // S3Proxy does not take the SDK's trailing checksums (S3Storage sends Content-MD5 too)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  /** Settings for this server with the right credentials; multipart from 5 MiB in 5 MiB parts. */
  public S3Settings settings() {
    return settings(ACCESS_KEY, SECRET_KEY);
  }

  /** Settings for this server with these credentials. */
  public S3Settings settings(String access, String secret) {
    long fiveMiB = 5L * 1024 * 1024;
    return new S3Settings(
        Optional.of(endpoint()),
        Optional.of("us-east-1"),
        true,
        Optional.of(access),
        Optional.of(secret),
        fiveMiB,
        fiveMiB,
        2L * 1024 * 1024 * 1024);
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("S3Proxy did not stop", e);
    } finally {
      context.close();
    }
  }
}
