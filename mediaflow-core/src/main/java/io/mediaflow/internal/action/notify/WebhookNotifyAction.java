package io.mediaflow.internal.action.notify;

import io.mediaflow.WebhookErrors;
import io.mediaflow.WebhookSecret;
import io.mediaflow.WebhookSigner;
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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code notify.webhook}: one POST of a JSON message signed as Standard Webhooks asks, through the
 * SSRF-guarded client. The body is {@code {"type", "timestamp", "data"}}; the message id is the
 * same for every attempt of one message (node retries, a resumed run), so a receiver can drop a
 * second delivery.
 */
public final class WebhookNotifyAction implements Action {

  static final String NAME = "notify.webhook";

  /** Headers the action sets; a node may not. */
  static final Set<String> RESERVED =
      Set.of(
          WebhookSigner.ID,
          WebhookSigner.TIMESTAMP,
          WebhookSigner.SIGNATURE,
          "content-type",
          "content-length",
          "host");

  private static final ActionDescriptor DESCRIPTOR =
      ActionDescriptor.builder(NAME)
          .description("POSTs a JSON message signed as Standard Webhooks asks (HMAC-SHA256)")
          .category("notify")
          .param(
              ParamSpec.builder("url", ParamType.STRING)
                  .required()
                  .description("the receiver's http(s) address; private ones only if allowed")
                  .build())
          .param(
              ParamSpec.builder("type", ParamType.STRING)
                  .defaultValue("workflow.notify")
                  .description("the message's type, the body's \"type\"")
                  .build())
          .param(
              ParamSpec.builder("data", ParamType.OBJECT)
                  .defaultValue(Map.of())
                  .description("the message's content, the body's \"data\"")
                  .build())
          .param(
              ParamSpec.builder("secret", ParamType.STRING)
                  .description(
                      "whsec_<base64> to sign with; default the host's WebhookSecret service."
                          + " Never shown")
                  .build())
          .param(
              ParamSpec.builder("id", ParamType.STRING)
                  .description(
                      "the webhook-id; default msg_ and a hash of the run, the node, the type and"
                          + " the data: the same for every attempt")
                  .build())
          .param(
              ParamSpec.builder("headers", ParamType.OBJECT)
                  .defaultValue(Map.of())
                  .description("more headers to send, {\"Name\": \"value\"}")
                  .build())
          .param(
              ParamSpec.builder("timeout", ParamType.DURATION)
                  .defaultValue("30s")
                  .range(1, 300)
                  .description("for the whole exchange")
                  .build())
          .output(ActionOutput.of("id", "the webhook-id sent", "msg_placeholder"))
          .output(ActionOutput.of("status", "the receiver's HTTP status", 200))
          .output(ActionOutput.of("timestamp", "the webhook-timestamp sent, unix seconds", 0))
          .dryRun(DryRun.DESCRIBES_ITSELF)
          .error(NotifyErrors.NOTIFY_URL_INVALID)
          .error(NotifyErrors.NOTIFY_HEADER_INVALID)
          .error(NotifyErrors.NOTIFY_WEBHOOK_NO_SECRET)
          .error(NotifyErrors.NOTIFY_WEBHOOK_REJECTED)
          .error(WebhookErrors.WEBHOOK_SECRET_INVALID)
          .error(WebhookErrors.WEBHOOK_ID_INVALID)
          .error(ErrorCode.ADDRESS_NOT_ALLOWED)
          .error(ErrorCode.NETWORK)
          .build();

  @Override
  public ActionDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Violation> validate(Params params, ValidationContext ctx) {
    List<Violation> problems = new ArrayList<>();
    params
        .optString("url")
        .flatMap(NotifyPost::urlProblem)
        .ifPresent(
            p ->
                problems.add(
                    ctx.violation("url", NotifyErrors.NOTIFY_URL_INVALID, "the url " + p)));
    params
        .optString("secret")
        .ifPresent(
            s -> {
              try {
                WebhookSecret.parse(s);
              } catch (MediaFlowException e) {
                problems.add(ctx.violation("secret", e.code(), e.detail()));
              }
            });
    return problems;
  }

  @Override
  public ActionResult execute(ActionContext ctx, Params params) throws Exception {
    URI uri = NotifyPost.uri(NAME, params.getString("url"));
    WebhookSigner signer =
        WebhookSigner.builder().secret(secret(ctx, params)).clock(ctx.clock()).build();
    @SuppressWarnings("unchecked")
    Map<String, Object> rawHeaders = (Map<String, Object>) params.get("headers").orElseThrow();
    Map<String, String> headers = NotifyPost.headers(NAME, rawHeaders, RESERVED);
    String type = params.getString("type");
    Object data = params.get("data").orElseThrow();
    String shown = NotifyPost.shown(uri);
    String id = params.optString("id").orElseGet(() -> messageId(ctx, type, data));
    signer.sign(id, new byte[0]); // checks the id before anything is sent
    if (ctx.dryRun()) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("id", id);
      out.put("status", 0);
      out.put("timestamp", ctx.clock().instant().getEpochSecond());
      return ActionResult.of(out)
          .withSummary("test run: would POST a signed '" + type + "' message to " + shown);
    }
    Duration timeout = params.getDuration("timeout").toDuration();
    // one step: a run resumed after the receiver answered does not post again; one that died
    // during the POST posts again with the same id, which the receiver drops as a repeat
    @SuppressWarnings("unchecked")
    Map<String, Object> sent =
        ctx.step(
            "post",
            Map.class,
            () -> {
              Instant now = ctx.clock().instant();
              Map<String, Object> message = new LinkedHashMap<>();
              message.put("type", type);
              message.put("timestamp", now.toString());
              message.put("data", data);
              byte[] body = NotifyPost.json(message);
              WebhookSigner.Headers signed = signer.sign(id, now, body);
              Map<String, String> all = new LinkedHashMap<>(headers);
              all.putAll(signed.asMap());
              ActionHttp.Response r = NotifyPost.post(ctx, uri, shown, all, body, timeout);
              if (r.status() < 200 || r.status() > 299) {
                throw NotifyPost.rejected(NotifyErrors.NOTIFY_WEBHOOK_REJECTED, NAME, shown, r);
              }
              Map<String, Object> result = new LinkedHashMap<>();
              result.put("status", r.status());
              result.put("timestamp", signed.timestamp());
              return result;
            });
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", id);
    out.put("status", sent.get("status"));
    out.put("timestamp", sent.get("timestamp"));
    return ActionResult.of(out)
        .withSummary("posted '" + type + "' to " + shown + ": HTTP " + sent.get("status"));
  }

  /**
   * The message's id when the node gives none: the same for every attempt of one message (the
   * node's retries, a resumed run), so a receiver drops a second delivery; derived from the run,
   * the node and the message's type and data, none of them secret.
   */
  static String messageId(ActionContext ctx, String type, Object data) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      String key =
          ctx.job().id()
              + "\n"
              + ctx.nodeId()
              + "\n"
              + type
              + "\n"
              + new String(NotifyPost.json(data), StandardCharsets.UTF_8);
      byte[] digest = sha.digest(key.getBytes(StandardCharsets.UTF_8));
      return "msg_" + HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e); // every JDK has it
    }
  }

  /** The node's secret, else the host's; never in a message. */
  private static WebhookSecret secret(ActionContext ctx, Params params) {
    if (params.optString("secret").isPresent()) {
      return WebhookSecret.parse(params.getString("secret"));
    }
    return ctx.service(WebhookSecret.class)
        .orElseThrow(
            () ->
                new MediaFlowException(
                    NotifyErrors.NOTIFY_WEBHOOK_NO_SECRET,
                    NAME
                        + ": no secret to sign with: the node gives no \"secret\" and the host"
                        + " registered no WebhookSecret",
                    "register one with MediaFlow.builder().actionService(WebhookSecret.class,"
                        + " WebhookSecret.parse(...)), or give the node a \"secret\""));
  }
}
