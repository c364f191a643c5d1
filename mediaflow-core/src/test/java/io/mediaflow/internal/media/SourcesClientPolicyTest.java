package io.mediaflow.internal.media;

import static io.mediaflow.internal.media.HostileServer.ascii;
import static io.mediaflow.internal.media.HostileServer.closesAfter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.spec.JobSpec;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the download client does and does not do on the wire: it connects to the address that was
 * checked and to no other (also over TLS, where the certificate must name the URL's host), asks for
 * the body as it is, and sends no cookie, no credentials and nothing through a proxy.
 */
// resources opened for what they do while open (a subscription, a scope, a socket)
@SuppressWarnings("try")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SourcesClientPolicyTest {

  private static final byte[] BODY = ascii("0123456789".repeat(1000));
  private static final String OK =
      "HTTP/1.1 200 OK\r\nContent-Length: " + BODY.length + "\r\n\r\n" + new String(BODY);

  /** A key and certificate for {@code media.example}, made by the JDK's keytool. */
  private static KeyStore keys;

  @TempDir Path dir;

  @BeforeAll
  static void makeCertificate(@TempDir Path tmp) throws Exception {
    Path store = tmp.resolve("media.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "media",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=media.example",
                "-ext",
                "SAN=dns:media.example",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "secret",
                "-keypass",
                "secret")
            .redirectErrorStream(true)
            .start();
    String out = new String(keytool.getInputStream().readAllBytes());
    assertThat(keytool.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(out).isZero();
    keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, "secret".toCharArray());
    }
  }

  @Test
  void https_goes_to_the_checked_address_with_sni_and_a_certificate_for_the_urls_host()
      throws Exception {
    List<String> serverNames = new ArrayList<>();
    try (HostileServer server =
        new HostileServer(
            (request, out, socket) -> {
              ExtendedSSLSession session = (ExtendedSSLSession) ((SSLSocket) socket).getSession();
              session.getRequestedServerNames().stream()
                  .map(n -> ((SNIHostName) n).getAsciiName())
                  .forEach(serverNames::add);
              closesAfter(OK).answer(request, out, socket);
            },
            serverContext())) {
      AtomicInteger resolutions = new AtomicInteger();
      Sources sources =
          Sources.builder()
              .downloadDirectory(dir)
              .allowAddress(loopback())
              .resolver(pinnedTo(loopback(), resolutions))
              .tls(trusting())
              .build();

      try (Sources.Fetched fetched =
          sources.fetch(spec("https://media.example:" + server.port() + "/clip.mp4"))) {
        assertThat(Files.readAllBytes(fetched.downloads().get(0))).isEqualTo(BODY);
      }

      assertThat(serverNames).containsExactly("media.example");
      assertThat(server.requests.get(0)).contains("Host: media.example:" + server.port());
      assertThat(resolutions).hasValue(1);
    }
  }

  @Test
  void a_certificate_that_does_not_name_the_urls_host_is_refused() throws Exception {
    try (HostileServer server = new HostileServer(closesAfter(OK), serverContext())) {
      Sources sources =
          Sources.builder()
              .downloadDirectory(dir)
              .allowAddress(loopback())
              .resolver(pinnedTo(loopback(), new AtomicInteger()))
              .tls(trusting())
              .build();
      String url = "https://other.example:" + server.port() + "/clip.mp4";

      assertThatThrownBy(() -> sources.fetch(spec(url)))
          .isInstanceOfSatisfying(
              MediaFlowException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.NETWORK);
                assertThat(e.retryable()).isTrue();
              })
          .hasMessageStartingWith(
              "NETWORK: inputs[0].source: cannot download " + url + ": the TLS handshake failed (")
          .hasMessageContaining("other.example");
      assertThat(server.requests).as("no request was sent").isEmpty();
      assertThat(dir).isEmptyDirectory();
    }
  }

  @Test
  void a_certificate_the_jvm_does_not_trust_is_refused() throws Exception {
    try (HostileServer server = new HostileServer(closesAfter(OK), serverContext())) {
      Sources sources =
          Sources.builder()
              .downloadDirectory(dir)
              .allowAddress(loopback())
              .resolver(pinnedTo(loopback(), new AtomicInteger()))
              .build();

      assertThatThrownBy(
              () -> sources.fetch(spec("https://media.example:" + server.port() + "/clip.mp4")))
          .isInstanceOfSatisfying(
              MediaFlowException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NETWORK))
          .hasMessageContaining("the TLS handshake failed");
      assertThat(dir).isEmptyDirectory();
    }
  }

  /** DNS rebinding: the second answer (a metadata address) is never asked for nor used. */
  @Test
  void the_connection_goes_to_the_first_answer_and_dns_is_not_asked_again() throws Exception {
    try (HostileServer server = new HostileServer(closesAfter(OK))) {
      AtomicInteger resolutions = new AtomicInteger();
      Sources sources =
          Sources.builder()
              .downloadDirectory(dir)
              .allowAddress(loopback())
              .resolver(
                  host ->
                      resolutions.incrementAndGet() == 1
                          ? new InetAddress[] {loopback()}
                          : new InetAddress[] {InetAddress.getByName("169.254.169.254")})
              .build();

      try (Sources.Fetched fetched =
          sources.fetch(spec("http://rebind.example:" + server.port() + "/clip.mp4"))) {
        assertThat(Files.readAllBytes(fetched.downloads().get(0))).isEqualTo(BODY);
      }

      assertThat(resolutions).hasValue(1);
    }
  }

  @Test
  void an_ipv6_literal_is_pinned_like_a_name() throws Exception {
    try (HostileServer server = new HostileServer(closesAfter(OK))) {
      AtomicInteger resolutions = new AtomicInteger();
      Sources sources =
          Sources.builder()
              .downloadDirectory(dir)
              .allowAddress(loopback())
              .resolver(
                  host -> {
                    assertThat(host).isEqualTo("fd00::5");
                    resolutions.incrementAndGet();
                    return new InetAddress[] {loopback()};
                  })
              .build();

      try (Sources.Fetched fetched =
          sources.fetch(spec("http://[fd00::5]:" + server.port() + "/clip.mp4"))) {
        assertThat(Files.readAllBytes(fetched.downloads().get(0))).isEqualTo(BODY);
      }

      assertThat(resolutions).hasValue(1);
      assertThat(server.requests.get(0)).contains("Host: [fd00::5]:" + server.port());
    }
  }

  @Test
  void the_body_is_asked_for_and_saved_as_it_is_never_decompressed() throws Exception {
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(gzipped)) {
      gz.write(BODY);
    }
    byte[] sent = gzipped.toByteArray();
    try (HostileServer server =
        new HostileServer(
            (request, out, socket) -> {
              out.write(
                  ascii(
                      "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
                          + sent.length
                          + "\r\n\r\n"));
              out.write(sent);
              socket.close();
            })) {
      Sources sources = Sources.builder().downloadDirectory(dir).allowPrivateNetwork().build();

      try (Sources.Fetched fetched = sources.fetch(spec(server.url("/clip.mp4")))) {
        assertThat(Files.readAllBytes(fetched.downloads().get(0))).isEqualTo(sent);
      }

      assertThat(server.requests.get(0))
          .contains("Accept-Encoding: identity\r\n")
          .contains("User-Agent: mediaflow")
          .doesNotContainIgnoringCase("Upgrade")
          .doesNotContainIgnoringCase("Expect");
    }
  }

  @Test
  void no_cookie_and_no_credentials_are_sent_not_even_the_urls_own() throws Exception {
    try (HostileServer server =
        new HostileServer(
            (request, out, socket) -> {
              String answer =
                  request.startsWith("GET /first")
                      ? "HTTP/1.1 302 Found\r\nSet-Cookie: session=abc; Path=/\r\n"
                          + "Location: /second\r\nContent-Length: 0\r\n\r\n"
                      : request.startsWith("GET /second")
                          ? "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"x\"\r\n"
                              + "Content-Length: 0\r\n\r\n"
                          : OK;
              closesAfter(answer).answer(request, out, socket);
            })) {
      Sources sources = Sources.builder().downloadDirectory(dir).allowPrivateNetwork().build();
      String url = "http://ann:secret@127.0.0.1:" + server.port() + "/first";

      assertThatThrownBy(() -> sources.fetch(spec(url)))
          .isInstanceOfSatisfying(
              MediaFlowException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.NETWORK);
                assertThat(e.retryable()).isFalse();
              })
          .hasMessageContaining("HTTP 401");

      assertThat(server.requests).hasSize(2);
      assertThat(server.requests)
          .allSatisfy(
              r ->
                  assertThat(r)
                      .doesNotContainIgnoringCase("Cookie")
                      .doesNotContainIgnoringCase("Authorization")
                      .doesNotContain("ann")
                      .doesNotContain("secret"));
    }
  }

  @Test
  void proxies_named_in_system_properties_are_not_used() throws Exception {
    Map<String, String> proxyProperties = new java.util.LinkedHashMap<>();
    AtomicInteger proxied = new AtomicInteger();
    try (HostileServer server = new HostileServer(closesAfter(OK));
        ServerSocket proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread counting =
          new Thread(
              () -> {
                while (!proxy.isClosed()) {
                  try (Socket s = proxy.accept()) {
                    proxied.incrementAndGet();
                  } catch (java.io.IOException e) {
                    return;
                  }
                }
              });
      counting.setDaemon(true);
      counting.start();
      String port = String.valueOf(proxy.getLocalPort());
      for (String scheme : List.of("http", "https", "socks")) {
        proxyProperties.put(
            scheme + (scheme.equals("socks") ? "ProxyHost" : ".proxyHost"), "127.0.0.1");
        proxyProperties.put(scheme + (scheme.equals("socks") ? "ProxyPort" : ".proxyPort"), port);
      }
      proxyProperties.put("http.nonProxyHosts", ""); // by default loopback goes direct
      proxyProperties.put("socksNonProxyHosts", "");
      Map<String, String> before = new java.util.HashMap<>();
      proxyProperties.forEach(
          (k, v) -> {
            before.put(k, System.getProperty(k));
            System.setProperty(k, v);
          });
      try {
        Sources sources = Sources.builder().downloadDirectory(dir).allowPrivateNetwork().build();

        try (Sources.Fetched fetched = sources.fetch(spec(server.url("/clip.mp4")))) {
          assertThat(Files.readAllBytes(fetched.downloads().get(0))).isEqualTo(BODY);
        }
      } finally {
        before.forEach(
            (k, v) -> {
              if (v == null) {
                System.clearProperty(k);
              } else {
                System.setProperty(k, v);
              }
            });
      }

      assertThat(proxied).hasValue(0);
      assertThat(server.requests).hasSize(1);
    }
  }

  private static SSLContext serverContext() throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, "secret".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  /** Trusts the test certificate only. */
  private static SSLContext trusting() throws Exception {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(keys);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  private static io.mediaflow.internal.net.NetworkGuard.Resolver pinnedTo(
      InetAddress address, AtomicInteger resolutions) {
    return host -> {
      resolutions.incrementAndGet();
      return new InetAddress[] {address};
    };
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JobSpec spec(String url) {
    return JobSpec.builder().input("remote", url).output("remote", "file:out.mp4").build();
  }
}
