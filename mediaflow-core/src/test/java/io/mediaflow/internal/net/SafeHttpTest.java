package io.mediaflow.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The parts of {@link SafeHttp} a caller could misuse. */
class SafeHttpTest {

  private static CheckedTarget target(String url) throws Exception {
    URI uri = URI.create(url);
    return new CheckedTarget(
        uri,
        NetworkGuard.bare(uri.getHost()),
        443,
        true,
        List.of(InetAddress.getByName("8.8.8.8")));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"Host", "connection", "Accept-Encoding", "Transfer-Encoding", "Upgrade"})
  void a_request_may_not_set_the_fields_that_decide_where_and_how_bytes_go(String field)
      throws Exception {
    CheckedTarget target = target("https://cdn.example/a.mp4");

    assertThatThrownBy(() -> new SafeHttp.Request("GET", target, Map.of(field, "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(field + " is set by the client and may not be given");
  }

  @Test
  void the_request_uri_has_no_user_info_and_no_fragment() throws Exception {
    CheckedTarget target = target("https://ann:secret@[fd00::5]:8443/a%20b.mp4?x=1#frag");

    assertThat(target.requestUri()).hasToString("https://[fd00::5]:8443/a%20b.mp4?x=1");
    assertThat(target.host()).isEqualTo("fd00::5");
    assertThat(target("https://cdn.example").requestUri()).hasToString("https://cdn.example/");
  }
}
