package io.mediaflow.internal.action.web;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.operator.ValidationContext;
import io.mediaflow.internal.net.NetworkGuard;
import io.mediaflow.internal.net.SafeDownloader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code download.url}: fetches one file over http(s) into a folder inside the allowed roots,
 * through the SSRF-guarded client, refusing what is too large or of a content type not accepted,
 * resuming a broken transfer with {@code Range} where the server allows. The transfer is a durable
 * step: a run resumed after it finished does not fetch again. A test run sends nothing.
 */
final class DownloadUrlAction implements Action {

  /** What is accepted when a node does not say: media, and servers that do not say either. */
  static final List<String> DEFAULT_ACCEPT =
      List.of(
          "video/*",
          "audio/*",
          "image/*",
          "application/octet-stream",
          "binary/octet-stream",
          "application/mp4",
          "application/ogg",
          "application/x-matroska");

  /** The whole transfer's time limit by default. */
  static final Duration DEFAULT_TIMEOUT = SafeDownloader.DEFAULT_TOTAL_TIMEOUT;

  private static final ActionDescriptor DESCRIPTOR =
      ActionDescriptor.builder("download.url")
          .description(
              "Downloads a file over http(s) into a folder, SSRF-guarded, size- and"
                  + " type-checked, resumed with Range where the server allows")
          .category("download")
          .param(
              ParamSpec.builder("url", ParamType.STRING)
                  .required()
                  .description("the http or https address of the file")
                  .build())
          .param(
              ParamSpec.builder("directory", ParamType.STRING)
                  .description(
                      "the folder to write into, inside the allowed roots (created); default the"
                          + " workspace base")
                  .build())
          .param(
              ParamSpec.builder("filename", ParamType.STRING)
                  .description("the file's name; default the last segment of the URL's path")
                  .build())
          .param(
              ParamSpec.builder("maxBytes", ParamType.INT)
                  .defaultValue(SafeDownloader.DEFAULT_MAX_BYTES)
                  .min(1)
                  .description("the largest file accepted; default 2 GiB")
                  .build())
          .param(
              ParamSpec.builder("accept", ParamType.ARRAY)
                  .description(
                      "content types accepted, such as video/* or */*; default media types and"
                          + " application/octet-stream")
                  .build())
          .param(
              ParamSpec.builder("headers", ParamType.OBJECT)
                  .description("extra request headers (never shown in summaries or outputs)")
                  .build())
          .param(
              ParamSpec.builder("resume", ParamType.BOOL)
                  .defaultValue(true)
                  .description("ask for the rest of a broken transfer with Range")
                  .build())
          .param(
              ParamSpec.builder("overwrite", ParamType.BOOL)
                  .defaultValue(false)
                  .description("replace a file of the same name; default fail")
                  .build())
          .param(
              ParamSpec.builder("timeout", ParamType.DURATION)
                  .defaultValue("30m")
                  .description("the whole transfer's time limit")
                  .build())
          .output(ActionOutput.of("path", "the file written", "/placeholder/download.mp4"))
          .output(ActionOutput.of("name", "its file name", "download.mp4"))
          .output(ActionOutput.of("size", "its size in bytes", 0))
          .output(ActionOutput.of("contentType", "the server's content type", "video/mp4"))
          .output(ActionOutput.of("resumedFrom", "bytes kept from an earlier attempt", 0))
          .output(ActionOutput.of("url", "the address that answered (after redirects)", ""))
          .dryRun(DryRun.DESCRIBES_ITSELF)
          .error(ErrorCode.NETWORK)
          .error(ErrorCode.ADDRESS_NOT_ALLOWED)
          .error(ErrorCode.UNSUPPORTED_SOURCE)
          .error(WebActionErrors.HTTP_STATUS)
          .error(WebActionErrors.DOWNLOAD_TOO_LARGE)
          .error(WebActionErrors.CONTENT_TYPE_NOT_ALLOWED)
          .error(ErrorCode.DESTINATION_EXISTS)
          .error(ErrorCode.PATH_NOT_ALLOWED)
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
    params
        .optString("filename")
        .filter(n -> !WebText.isSafeName(n))
        .ifPresent(
            n ->
                v.add(
                    new Violation(
                        ctx.path("filename"),
                        ErrorCode.INVALID_VALUE,
                        "filename "
                            + ParamType.describe(n)
                            + " is not one plain file name (no /, \\, control characters,"
                            + " leading . or -)",
                        "give a name such as \"episode.mp4\"; choose the folder with directory")));
    params.get("accept").ifPresent(a -> WebParams.checkStrings(a, ctx.path("accept"), v));
    params.get("headers").ifPresent(h -> WebParams.checkHeaders(h, ctx.path("headers"), v));
    if (params.get("headers").map(h -> WebParams.hasHeader(h, "range")).orElse(false)) {
      v.add(
          new Violation(
              ctx.path("headers"),
              ErrorCode.INVALID_VALUE,
              "download.url sets Range itself, to resume",
              "leave Range out; set resume to false to never resume"));
    }
    return v;
  }

  @Override
  public ActionResult execute(ActionContext ctx, Params params) throws Exception {
    String where = "nodes[" + ctx.nodeId() + "].params";
    String url = params.getString("url");
    URI uri = NetworkGuard.parse(url, where + ".url");
    String name =
        params.optString("filename").or(() -> WebText.fileNameOf(uri)).orElse("download.bin");
    // the file, not the folder, goes through the host's rule: it follows links and refuses
    // anything outside the roots (a folder itself it would refuse as not a regular file)
    Path target =
        ctx.paths()
            .resolve(params.optString("directory").orElse(".") + "/" + name, where + ".directory");
    UrlDownload.Plan plan =
        new UrlDownload.Plan(
            url,
            target,
            WebParams.headers(params),
            params.getLong("maxBytes"),
            WebParams.strings(params, "accept").orElse(DEFAULT_ACCEPT),
            params.optBool("resume").orElse(true),
            params.optBool("overwrite").orElse(false),
            params
                .optDuration("timeout")
                .map(d -> Duration.of(d.micros(), ChronoUnit.MICROS))
                .orElse(DEFAULT_TIMEOUT),
            where);
    String shown = WebText.display(url);
    if (ctx.dryRun()) {
      return ActionResult.of(outputs(target, 0, "", 0, url))
          .withSummary("would download " + shown + " to " + target);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> out =
        ctx.step(
            "download " + target.getFileName(),
            Map.class,
            () -> {
              UrlDownload.Result r = new UrlDownload(ctx, plan).run();
              return outputs(r.path(), r.size(), r.contentType(), r.resumedFrom(), r.url());
            });
    Object resumed = out.get("resumedFrom");
    return ActionResult.of(out)
        .withSummary(
            "downloaded "
                + shown
                + " to "
                + target
                + " ("
                + out.get("size")
                + " bytes"
                + (resumed instanceof Number n && n.longValue() > 0 ? ", resumed from " + n : "")
                + ")");
  }

  private static Map<String, Object> outputs(
      Path path, long size, String type, long resumedFrom, String url) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("path", path.toString());
    out.put("name", path.getFileName().toString());
    out.put("size", size);
    out.put("contentType", type);
    out.put("resumedFrom", resumedFrom);
    out.put("url", WebText.display(url));
    return out;
  }
}
