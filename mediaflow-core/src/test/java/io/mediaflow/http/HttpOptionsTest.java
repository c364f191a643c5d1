package io.mediaflow.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.MediaFlowException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each option is checked at once and set once; a host that cannot bind says why. */
class HttpOptionsTest extends HostTest {

  /** A host's registry with Micrometer's PrometheusMeterRegistry's one method the host calls. */
  public static final class TextRegistry {
    public String scrape() {
      return "# TYPE queue_depth gauge\nqueue_depth 0.0\n";
    }
  }

  @Test
  void defaults_are_safe_for_one_machine() {
    HttpOptions o = HttpOptions.ofDefaults();
    assertThat(o.port()).isZero();
    assertThat(o.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(o.maxBodyBytes()).isEqualTo(1024 * 1024);
    assertThat(o.requestDeadline()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.rateLimit()).isEqualTo(100);
    assertThat(o.corsOrigins()).isEmpty();
    assertThat(o.openHealth()).isTrue();
    assertThat(o.prometheus()).isEmpty();
  }

  @Test
  void bad_values_are_refused_with_what_was_given() {
    assertThatThrownBy(() -> HttpOptions.builder().port(70000))
        .hasMessage("port must be between 0 and 65535 but was 70000");
    assertThatThrownBy(() -> HttpOptions.builder().maxBodyBytes(0))
        .hasMessage("maxBodyBytes must be between 1 and 1073741824 but was 0");
    assertThatThrownBy(() -> HttpOptions.builder().requestDeadline(Duration.ZERO))
        .hasMessage("requestDeadline must be positive but was PT0S");
    assertThatThrownBy(() -> HttpOptions.builder().threads(1))
        .hasMessage("threads must be between 2 and 1024 but was 1");
    assertThatThrownBy(() -> HttpOptions.builder().rateLimit(-1, Duration.ofSeconds(1)))
        .hasMessage("rate limit permits must be 0 or more but was -1");
    assertThatThrownBy(() -> HttpOptions.builder().corsOrigins("https://ok.example/path"))
        .hasMessage(
            "a CORS origin is scheme://host[:port] without a path, or *, but was"
                + " \"https://ok.example/path\"");
    assertThatThrownBy(() -> HttpOptions.builder().bindAddress(" "))
        .hasMessage("bindAddress must be an address such as 127.0.0.1, not blank");
    assertThatThrownBy(() -> HttpOptions.builder().prometheus(new Object()))
        .hasMessageStartingWith("the Prometheus registry must have a scrape() method");
    assertThatThrownBy(() -> HttpOptions.builder().port(1).port(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("port was set already");
  }

  @Test
  void a_port_in_use_is_http_bind_failed() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      assertThatThrownBy(
              () ->
                  HttpHost.start(
                      http.flow, HttpOptions.builder().port(taken.getLocalPort()).build()))
          .isInstanceOfSatisfying(
              MediaFlowException.class,
              e -> {
                assertThat(e.code()).isEqualTo(HttpHost.BIND_FAILED);
                assertThat(e.detail())
                    .startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort());
              });
    }
  }

  @Test
  void metrics_are_the_prometheus_text_of_the_registry_the_host_gave() {
    restart(b -> b.prometheus(new TextRegistry()));
    var r = http.get("/metrics", http.reader);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .contains("text/plain; version=0.0.4; charset=utf-8");
    assertThat(r.body()).isEqualTo("# TYPE queue_depth gauge\nqueue_depth 0.0\n");
  }
}
