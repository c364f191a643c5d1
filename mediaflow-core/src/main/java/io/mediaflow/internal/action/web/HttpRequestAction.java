package io.mediaflow.internal.action.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionHttp;
import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.operator.ValidationContext;
import io.mediaflow.internal.net.HttpFailure;
import io.mediaflow.internal.net.NetworkGuard;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code http.request}: one request through the SSRF-guarded client, its status, every response
 * header and its body (parsed when it is JSON) as outputs for later nodes. The exchange is a
 * durable step, so a run resumed after it does not send a {@code POST} twice. A test run sends
 * nothing. The specification's {@code external.api}, {@code external.zapier} and {@code
 * external.ifttt} are this action.
 */
final class HttpRequestAction implements Action {

  /** The largest response body read by default: 256 KiB (outputs are kept in the run's history). */
  static final long DEFAULT_MAX_RESPONSE = 256L << 10;

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final ActionDescriptor DESCRIPTOR =
      ActionDescriptor.builder("http.request")
          .description(
              "Sends an HTTP request (SSRF-guarded); status, headers and JSON body are outputs")
          .category("web")
          .param(
              ParamSpec.builder("url", ParamType.STRING)
                  .required()
                  .description("the http or https address")
                  .build())
          .param(
              ParamSpec.builder("method", ParamType.ENUM)
                  .allowed("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
                  .defaultValue("GET")
                  .build())
          .param(
              ParamSpec.builder("headers", ParamType.OBJECT)
                  .description("request headers (values never shown in summaries or outputs)")
                  .build())
          .param(
              ParamSpec.builder("body", ParamType.STRING)
                  .description("a text body (Content-Type text/plain unless headers say)")
                  .build())
          .param(
              ParamSpec.builder("json", ParamType.OBJECT)
                  .description("a JSON body (Content-Type application/json); not with body")
                  .build())
          .param(
              ParamSpec.builder("timeout", ParamType.DURATION)
                  .defaultValue("30s")
                  .description("the whole exchange's time limit")
                  .build())
          .param(
              ParamSpec.builder("maxResponseBytes", ParamType.INT)
                  .defaultValue(DEFAULT_MAX_RESPONSE)
                  .range(0, 8L << 20)
                  .description("the largest response body read; default 256 KiB")
                  .build())
          .param(
              ParamSpec.builder("failOnError", ParamType.BOOL)
                  .defaultValue(false)
                  .description("fail the node with HTTP_STATUS on a status of 400 or more")
                  .build())
          .output(ActionOutput.of("status", "the HTTP status", 200))
          .output(ActionOutput.of("ok", "whether the status is 2xx", true))
          .output(ActionOutput.of("headers", "every response header, lower-case names", Map.of()))
          .output(ActionOutput.of("body", "the body as UTF-8 text", ""))
          .output(ActionOutput.of("json", "the body parsed, when it is JSON; else null", null))
          .output(ActionOutput.of("url", "the address that answered (query hidden)", ""))
          .dryRun(DryRun.DESCRIBES_ITSELF)
          .error(ErrorCode.NETWORK)
          .error(ErrorCode.ADDRESS_NOT_ALLOWED)
          .error(ErrorCode.UNSUPPORTED_SOURCE)
          .error(WebActionErrors.HTTP_STATUS)
          .error(WebActionErrors.RESPONSE_TOO_LARGE)
          .error(WebActionErrors.RESPONSE_NOT_JSON)
          .error(ErrorCode.INVALID_VALUE)
          .error(ErrorCode.CANCELLED)
          .build();

  @Override
  public ActionDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Violation> validate(Params params, ValidationContext ctx) {
    List<Violation> v = new ArrayList<>();
    params.get("headers").ifPresent(h -> WebParams.checkHeaders(h, ctx.path("headers"), v));
    if (params.has("body") && params.has("json")) {
      v.add(
          new Violation(
              ctx.path("json"),
              ErrorCode.INVALID_VALUE,
              "http.request takes a body or a json body, not both",
              "keep one of them"));
    }
    return v;
  }

  @Override
  public ActionResult execute(ActionContext ctx, Params params) throws Exception {
    String where = "nodes[" + ctx.nodeId() + "].params";
    String url = params.getString("url");
    URI uri = NetworkGuard.parse(url, where + ".url");
    String method = params.optString("method").orElse("GET");
    Map<String, String> headers = WebParams.headers(params);
    byte[] body = body(params, headers);
    Duration timeout =
        params
            .optDuration("timeout")
            .map(d -> Duration.of(d.micros(), ChronoUnit.MICROS))
            .orElse(Duration.ofSeconds(30));
    long max = params.getLong("maxResponseBytes");
    boolean failOnError = params.optBool("failOnError").orElse(false);
    String shown = method + " " + WebText.display(url);
    if (ctx.dryRun()) {
      Map<String, Object> out = outputs(0, Map.of(), "", null, url);
      return ActionResult.of(out)
          .withSummary(
              "would send "
                  + shown
                  + " with "
                  + body.length
                  + " bytes"
                  + (headers.isEmpty() ? "" : " and headers " + headers.keySet()));
    }
    ActionHttp.Request request = new ActionHttp.Request(method, uri, headers, body, timeout);
    @SuppressWarnings("unchecked")
    Map<String, Object> out =
        ctx.step("request", Map.class, () -> exchange(ctx, request, max, where));
    int status = ((Number) out.get("status")).intValue();
    if (failOnError && status >= 400) {
      boolean retry = status >= 500 || status == 408 || status == 429;
      throw new MediaFlowException(
          WebActionErrors.HTTP_STATUS,
          "http.request: " + shown + " answered HTTP " + status,
          retry
              ? "the server may answer later; the node's retry policy decides"
              : "check the request; set failOnError to false to branch on the status instead",
          retry,
          null);
    }
    return ActionResult.of(out).withSummary(shown + " answered " + status);
  }

  /** The request body: the text, the JSON written, or none; sets a Content-Type if none is. */
  private static byte[] body(Params params, Map<String, String> headers)
      throws JsonProcessingException {
    boolean typed = WebParams.hasHeader(headers, "content-type");
    if (params.has("json")) {
      if (!typed) {
        headers.put("Content-Type", "application/json");
      }
      return JSON.writeValueAsBytes(params.get("json").orElseThrow());
    }
    if (params.has("body")) {
      if (!typed) {
        headers.put("Content-Type", "text/plain; charset=utf-8");
      }
      return params.getString("body").getBytes(StandardCharsets.UTF_8);
    }
    return new byte[0];
  }

  private static Map<String, Object> exchange(
      ActionContext ctx, ActionHttp.Request request, long max, String where) throws IOException {
    String shown = request.method() + " " + WebText.display(request.uri().toString());
    try (ActionHttp.Streamed r = ctx.http().open(request)) {
      byte[] bytes;
      try {
        bytes = read(r.body(), max, shown, where);
      } catch (HttpFailure e) {
        throw e.kind() == HttpFailure.Kind.CANCELLED
            ? new MediaFlowException(
                ErrorCode.CANCELLED, "http.request: " + shown + " was stopped", "", false, e)
            : new MediaFlowException(
                ErrorCode.NETWORK,
                "http.request: the response of " + shown + " broke off: " + e.getMessage(),
                "check that the server is reachable",
                e.kind().retryable(),
                e);
      }
      String type = r.header("content-type").orElse("");
      Object json = null;
      if (WebText.isJson(type) && bytes.length > 0) {
        try {
          json = JSON.readValue(bytes, Object.class);
        } catch (JsonProcessingException e) {
          throw new MediaFlowException(
              WebActionErrors.RESPONSE_NOT_JSON,
              "http.request: "
                  + shown
                  + " answered "
                  + WebText.mediaType(type)
                  + " that is not JSON: "
                  + e.getOriginalMessage(),
              "fix the server, or read the body output as text",
              false,
              e);
        }
      }
      return outputs(
          r.status(),
          r.headers(),
          new String(bytes, StandardCharsets.UTF_8),
          json,
          r.uri().toString());
    }
  }

  private static byte[] read(InputStream in, long max, String shown, String where)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
      if (out.size() + (long) n > max) {
        throw new MediaFlowException(
            WebActionErrors.RESPONSE_TOO_LARGE,
            "http.request: the response of "
                + shown
                + " is larger than "
                + where
                + ".maxResponseBytes "
                + max,
            "raise maxResponseBytes, or fetch files with download.url");
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static Map<String, Object> outputs(
      int status, Map<String, List<String>> headers, String body, Object json, String url) {
    Map<String, Object> flat = new LinkedHashMap<>();
    headers.forEach((k, v) -> flat.put(k, String.join(", ", v)));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", status);
    out.put("ok", status >= 200 && status < 300);
    out.put("headers", flat);
    out.put("body", body);
    out.put("json", json);
    out.put("url", WebText.display(url));
    return out;
  }
}
