package io.mediaflow.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediaflow.ApiKeys;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.store.ApiScope;
import io.mediaflow.api.store.StoredApiKey;
import io.mediaflow.internal.http.Call;
import io.mediaflow.internal.http.HttpProblem;
import io.mediaflow.internal.http.Json;
import io.mediaflow.internal.http.Reply;
import io.mediaflow.internal.http.Router;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/** {@code /v1/api-keys} (scope {@code ADMIN}): list, make (the key shown once), revoke, delete. */
final class KeyRoutes {

  private final MediaFlow flow;

  KeyRoutes(MediaFlow flow) {
    this.flow = flow;
  }

  void addTo(Router router) {
    router
        .add(Routes.scoped(Routes.get("/v1/api-keys", this::list), ApiScope.ADMIN))
        .add(Routes.scoped(Routes.post("/v1/api-keys", this::create), ApiScope.ADMIN))
        .add(Routes.scoped(Routes.action("/v1/api-keys/{id}/revoke", this::revoke), ApiScope.ADMIN))
        .add(Routes.scoped(Routes.delete("/v1/api-keys/{id}", this::delete), ApiScope.ADMIN));
  }

  private ApiKeys keys() {
    return flow.apiKeys();
  }

  private Reply list(Call c) {
    ObjectNode o = Json.object();
    o.put("kind", "apiKeys");
    ArrayNode items = o.putArray("items");
    keys().list().forEach(k -> items.add(key(k)));
    return Reply.json(o);
  }

  private Reply create(Call c) {
    JsonNode doc =
        Documents.object(c, "an API key request", "send {\"name\": \"ci\", \"scope\": \"write\"}");
    Documents.onlyFields(doc, Set.of("name", "scope"), "an API key request");
    String name = Documents.string(doc, "name", true).strip();
    JsonNode scopeNode = doc.path("scope");
    ApiScope scope;
    try {
      scope = ApiScope.valueOf(scopeNode.asText("").strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new HttpProblem(
          400,
          scopeNode.isMissingNode() ? ErrorCode.MISSING_FIELD : ErrorCode.INVALID_VALUE,
          "scope must be read, write or admin",
          "$.scope",
          "give the lowest scope that does the job");
    }
    ApiKeys.Created made = keys().create(name, scope);
    ObjectNode o = key(made.stored());
    // the one answer that holds the key itself: it is not kept and not shown again
    o.put("key", made.key());
    return Reply.json(201, o).header("Location", "/v1/api-keys/" + made.id());
  }

  private Reply revoke(Call c) {
    String id = c.param("id");
    StoredApiKey k = keys().get(id).orElseThrow(() -> notFound(id));
    keys().revoke(k.id());
    return Reply.json(key(keys().get(id).orElse(k)));
  }

  private Reply delete(Call c) {
    String id = c.param("id");
    if (!keys().delete(id)) {
      throw notFound(id);
    }
    return Reply.noContent();
  }

  private static ObjectNode key(StoredApiKey k) {
    ObjectNode o = Json.object();
    o.put("id", k.id());
    o.put("name", k.name());
    o.put("scope", k.scope().name().toLowerCase(Locale.ROOT));
    o.put("createdAt", k.createdAt().toString());
    o.put("revokedAt", k.revoked().map(Instant::toString).orElse(null));
    o.put("active", k.active());
    return o;
  }

  static HttpProblem notFound(String id) {
    return Documents.notFound(KEY_NOT_FOUND, "API key", id, "/v1/api-keys");
  }

  /** {@code API_KEY_NOT_FOUND}. */
  static final ErrorCode KEY_NOT_FOUND =
      ErrorCode.of("API_KEY_NOT_FOUND", ErrorCode.Category.VALIDATION, false);
}
