package io.mediaflow.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request log's redaction, path decoding and the plan's SVG escaping. */
class RequestPartsTest {

  @Test
  void secret_query_values_are_masked_in_the_log_line_and_the_rest_kept() {
    assertThat(RequestLog.target("/v1/jobs", "state=dead&key=mf_abc&token=t1&Password=p&api_key=k"))
        .isEqualTo("/v1/jobs?state=dead&key=***&token=***&Password=***&api_key=***");
    assertThat(RequestLog.target("/v1/jobs", "client_secret=s&limit=5"))
        .isEqualTo("/v1/jobs?client_secret=***&limit=5");
    assertThat(RequestLog.target("/v1/jobs", null)).isEqualTo("/v1/jobs");
    assertThat(RequestLog.target("/x\u0001y", null)).isEqualTo("/x?y");
  }

  @Test
  void paths_are_decoded_per_segment_and_traversal_refused() {
    assertThat(Paths.segments("/v1/jobs/a%20b")).containsExactly("v1", "jobs", "a b");
    assertThat(Paths.segments("/")).isEmpty();
    for (String bad :
        List.of("/a/../b", "/a/%2E%2e/b", "/a/b%2Fc", "/a/%5c", "/a/%00", "/a/%zz", "/a/%c3")) {
      assertThatThrownBy(() -> Paths.segments(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              HttpProblem.class,
              p -> {
                assertThat(p.status()).isEqualTo(400);
                assertThat(p.code()).isEqualTo(Problems.INVALID_PATH);
                assertThat(p.detail()).startsWith("the request path is refused: ");
              });
    }
    assertThat(Paths.query("a=1&b=x+y&a=2&c"))
        .containsEntry("a", "1")
        .containsEntry("b", "x y")
        .containsEntry("c", "");
  }

  @Test
  void the_plan_svg_escapes_every_text_from_the_spec() {
    JsonNode plan =
        Json.read(
            ("{\"nodes\":[{\"id\":\"<script>\",\"kind\":\"input\",\"stage\":0},"
                    + "{\"id\":\"o&\\\"x\",\"operator\":\"scale\",\"stage\":1}],"
                    + "\"edges\":[{\"from\":\"<script>\",\"to\":\"o&\\\"x\"}]}")
                .getBytes(StandardCharsets.UTF_8));
    String svg = PlanSvg.render(plan);
    assertThat(svg).doesNotContain("<script>").contains("&lt;script&gt;", "o&amp;&quot;x");
    assertThat(svg.split("<rect", -1)).hasSize(3);
    assertThat(svg.split("<line", -1)).hasSize(2);
  }
}
