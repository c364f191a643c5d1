package io.mediaflow.internal.action.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The web actions' text rules, rule by rule. */
class WebTextTest {

  @Test
  void a_url_is_shown_without_its_user_info_and_query() {
    assertThat(WebText.display("https://user:pw@cdn.example:8443/a/b.mp4?sig=abc#frag"))
        .isEqualTo("https://cdn.example:8443/a/b.mp4?…");
    assertThat(WebText.display("http://example.com")).isEqualTo("http://example.com");
    assertThat(WebText.display("not a url at all")).isEqualTo("not a url at all");
  }

  @Test
  void a_file_name_from_a_url_is_one_safe_segment() {
    assertThat(WebText.fileNameOf(URI.create("http://h/a/Episode%201.mp4")))
        .contains("Episode 1.mp4");
    assertThat(WebText.fileNameOf(URI.create("http://h/a/..%2F..%2Fetc%2Fpasswd")))
        .contains("_.._etc_passwd");
    assertThat(WebText.fileNameOf(URI.create("http://h/a/..")))
        .as("only dots is no name")
        .isEmpty();
    assertThat(WebText.fileNameOf(URI.create("http://h/-rf"))).contains("rf");
    assertThat(WebText.fileNameOf(URI.create("http://h/"))).isEmpty();
    assertThat(WebText.fileNameOf(URI.create("http://h/a%0Ab.mp4"))).contains("a_b.mp4");
    assertThat(WebText.fileNameOf(URI.create("http://h/c%3A%5Cwin.mp4"))).contains("c__win.mp4");
  }

  @Test
  void a_safe_name_is_one_the_sanitiser_leaves_alone() {
    assertThat(WebText.isSafeName("clip.mp4")).isTrue();
    assertThat(WebText.isSafeName("../clip.mp4")).isFalse();
    assertThat(WebText.isSafeName("a/b.mp4")).isFalse();
    assertThat(WebText.isSafeName(".hidden")).isFalse();
    assertThat(WebText.isSafeName("-option")).isFalse();
    assertThat(WebText.isSafeName("")).isFalse();
    assertThat(WebText.isSafeName("x".repeat(201))).isFalse();
  }

  @Test
  void content_types_match_exactly_by_wildcard_or_any_ignoring_parameters_and_case() {
    assertThat(WebText.matches("Video/MP4; codecs=avc1", List.of("video/*"))).isTrue();
    assertThat(WebText.matches("audio/mpeg", List.of("audio/mpeg"))).isTrue();
    assertThat(WebText.matches("text/html", List.of("video/*", "audio/*"))).isFalse();
    assertThat(WebText.matches("text/html", List.of("*/*"))).isTrue();
    assertThat(WebText.matches("videos/x", List.of("video/*"))).isFalse();
    assertThat(WebText.matches(null, List.of("application/octet-stream")))
        .as("no content type counts as octet-stream")
        .isTrue();
    assertThat(WebText.isJson("application/problem+json")).isTrue();
    assertThat(WebText.isJson("application/json; charset=utf-8")).isTrue();
    assertThat(WebText.isJson("text/plain")).isFalse();
  }

  @Test
  void header_fields_a_node_may_not_set_say_why() {
    assertThat(WebText.headerProblem("Authorization", "Bearer x")).isEmpty();
    assertThat(WebText.headerProblem("X-Count", 3)).isEmpty();
    assertThat(WebText.headerProblem("Content-Length", "1"))
        .isEqualTo(Optional.of("Content-Length is set by the client and may not be given"));
    assertThat(WebText.headerProblem("Bad Name", "x"))
        .isEqualTo(Optional.of("\"Bad Name\" is not a valid header field name"));
    assertThat(WebText.headerProblem("X-A", "a\r\nInjected: 1"))
        .isEqualTo(Optional.of("the value of X-A has a character a header may not hold"));
    assertThat(WebText.headerProblem("X-A", List.of("x")))
        .isEqualTo(Optional.of("the value of X-A must be a string"));
  }
}
