package io.mediaflow.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediaflow.internal.http.Route;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/openapi.json} against the real route table: every route is documented with the scope
 * it needs, and every documented route exists.
 */
class OpenApiTest extends HostTest {

  /** "METHOD /path" to the scope it needs ("open" for none), from the route table. */
  private Map<String, String> routes() {
    Map<String, String> out = new TreeMap<>();
    for (Route r : http.host.routes()) {
      String path = r.template().replace("...}", "}");
      out.put(
          r.method() + " " + path,
          r.scope().map(s -> s.name().toLowerCase(Locale.ROOT)).orElse("open"));
    }
    return out;
  }

  /** The same, from the document. */
  private static Map<String, String> documented(JsonNode doc) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        JsonNode scope = op.getValue().get("x-mediaflow-scope");
        boolean open = op.getValue().get("security").isEmpty();
        assertThat(open).as(path.getKey() + " security vs scope").isEqualTo(scope == null);
        out.put(
            op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(),
            scope == null ? "open" : scope.asText());
      }
    }
    return out;
  }

  @Test
  void every_route_is_documented_with_its_scope_and_every_documented_route_exists()
      throws Exception {
    JsonNode doc = HttpFixture.json(http.get("/v1/openapi.json", null));

    assertThat(documented(doc)).containsExactlyInAnyOrderEntriesOf(routes());
  }

  @Test
  void the_document_is_openapi_3_with_its_error_schema_and_resolvable_references()
      throws Exception {
    JsonNode doc;
    try (InputStream in = HttpHost.class.getResourceAsStream(SystemRoutes.OPENAPI)) {
      doc = HttpFixture.JSON.readTree(in);
    }
    assertThat(doc.get("openapi").asText()).isEqualTo("3.0.3");
    assertThat(doc.at("/components/schemas/Error/required"))
        .extracting(JsonNode::asText)
        .containsExactly("code", "message", "path", "suggestion");
    for (String ref : doc.findValuesAsText("$ref")) {
      assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
    }
  }
}
