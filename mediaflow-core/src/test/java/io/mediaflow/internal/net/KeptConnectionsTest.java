package io.mediaflow.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that keeps connections ({@link SafeHttp#keepingConnections}) reuses one only for a
 * request whose own guard check gave the same addresses: never after the name resolves elsewhere or
 * the allow-list changed.
 */
class KeptConnectionsTest {

  private static final byte[] BIG = new byte[64 * 1024];

  private HttpServer server;

  /** The client port of every request the server got: one per connection used. */
  private final List<Integer> peers = new CopyOnWriteArrayList<>();

  private final AtomicReference<String> answer = new AtomicReference<>("127.0.0.1");
  private final SafeHttp http =
      SafeHttp.keepingConnections(
          new SafeHttp.Settings(Duration.ofSeconds(5), Duration.ofSeconds(5), null), 8);

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          peers.add(ex.getRemoteAddress().getPort());
          ex.getRequestBody().readAllBytes();
          byte[] body =
              ex.getRequestURI().getPath().equals("/big")
                  ? BIG
                  : "ok".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI uri(String path) {
    return URI.create("http://hooks.test:" + server.getAddress().getPort() + path);
  }

  /**
   * A guard allowing only 127.0.0.1 (when {@code loopbackAllowed}), resolving by {@link #answer}.
   */
  private NetworkGuard guard(boolean loopbackAllowed) {
    return new NetworkGuard(
        Set.of(),
        a -> loopbackAllowed && a.getHostAddress().equals("127.0.0.1"),
        host -> resolveAnswer());
  }

  private String post(NetworkGuard guard, String path) throws Exception {
    CheckedTarget target = guard.check(uri(path), "webhook w", null);
    try (SafeHttp.Response r =
        http.send(
            new SafeHttp.Request("POST", target, Map.of("Content-Type", "text/plain"), new byte[3]),
            SafeHttp.Stop.never())) {
      InputStream in = r.body();
      return path.equals("/big")
          ? String.valueOf(in.readNBytes(10).length)
          : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void requests_to_the_same_checked_address_share_one_connection() throws Exception {
    NetworkGuard guard = guard(true);

    assertThat(post(guard, "/a")).isEqualTo("ok");
    assertThat(post(guard, "/b")).isEqualTo("ok");
    assertThat(post(guard, "/c")).isEqualTo("ok");

    assertThat(peers).hasSize(3);
    assertThat(Set.copyOf(peers)).hasSize(1);
  }

  @Test
  void a_kept_connection_is_not_used_once_the_name_resolves_to_a_refused_address()
      throws Exception {
    NetworkGuard guard = guard(true);
    post(guard, "/a");

    answer.set("10.0.0.1"); // DNS rebinding: the next lookup points inside the network

    assertRefused(guard, "/b", "10.0.0.1, a private");
    assertThat(peers).hasSize(1);

    answer.set("127.0.0.1,10.0.0.1"); // a kept connection's address among refused ones: refused
    assertRefused(guard, "/c", "10.0.0.1, a private");
    assertThat(peers).hasSize(1);
  }

  @Test
  void a_kept_connection_is_not_used_once_the_allow_list_no_longer_allows_its_address()
      throws Exception {
    post(guard(true), "/a");

    assertRefused(guard(false), "/b", "127.0.0.1, a loopback");
    assertThat(peers).hasSize(1);
  }

  @Test
  void another_checked_answer_gets_a_connection_of_its_own() throws Exception {
    NetworkGuard guard = guard(true);
    post(guard, "/a");

    answer.set("127.0.0.1,::1"); // both allowed: the same first address, another checked list
    NetworkGuard both =
        new NetworkGuard(Set.of(AddressClass.LOOPBACK), a -> false, host -> resolveAnswer());
    post(both, "/b");

    assertThat(peers).hasSize(2);
    assertThat(peers.get(1)).isNotEqualTo(peers.get(0));
  }

  @Test
  void a_connection_whose_answer_was_not_read_to_its_end_is_not_kept() throws Exception {
    NetworkGuard guard = guard(true);

    assertThat(post(guard, "/big")).isEqualTo("10");
    post(guard, "/a");

    assertThat(peers).hasSize(2);
    assertThat(peers.get(1)).isNotEqualTo(peers.get(0));
  }

  @Test
  void idle_connections_over_the_limit_are_closed_not_kept() {
    List<String> closed = new CopyOnWriteArrayList<>();
    IdleConnections<String> idle = new IdleConnections<>(Duration.ofHours(1), 1, closed::add);
    IdleConnections.Key key = new IdleConnections.Key(false, "h", 80, List.of());

    idle.put(key, "one");
    idle.put(key, "two");

    assertThat(closed).containsExactly("two");
    assertThat(idle.take(key)).isEqualTo("one");
    assertThat(idle.take(key)).isNull();
    assertThat(idle.take(new IdleConnections.Key(true, "h", 80, List.of()))).isNull();
  }

  @Test
  void idle_connections_past_their_time_are_closed_not_reused() {
    List<String> closed = new CopyOnWriteArrayList<>();
    IdleConnections<String> idle = new IdleConnections<>(Duration.ZERO, 4, closed::add);
    IdleConnections.Key key = new IdleConnections.Key(false, "h", 80, List.of());

    idle.put(key, "one");

    assertThat(idle.take(key)).isNull();
    assertThat(closed).containsExactly("one");
    assertThat(idle.size()).isZero();
  }

  /** Posting to {@code path} is refused by the guard, naming the address and its kind. */
  private void assertRefused(NetworkGuard guard, String path, String addressAndKind) {
    assertThatThrownBy(() -> post(guard, path))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.ADDRESS_NOT_ALLOWED);
              assertThat(e.violations().get(0).message())
                  .isEqualTo(
                      uri(path)
                          + " resolves to "
                          + addressAndKind
                          + " address that jobs may not fetch from");
            });
  }

  private InetAddress[] resolveAnswer() throws java.net.UnknownHostException {
    String[] parts = answer.get().split(",");
    InetAddress[] all = new InetAddress[parts.length];
    for (int i = 0; i < parts.length; i++) {
      all[i] = InetAddress.getByName(parts[i]);
    }
    return all;
  }
}
