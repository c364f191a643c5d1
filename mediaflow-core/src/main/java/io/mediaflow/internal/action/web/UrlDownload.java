package io.mediaflow.internal.action.web;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionHttp;
import io.mediaflow.internal.net.HttpFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code download.url} transfer: a {@code GET} through the action's SSRF-guarded client,
 * streamed into a {@link PartialDownload} next to the destination and renamed onto it only when
 * whole, so the destination is never seen half-written. What an earlier attempt kept is asked for
 * with {@code Range} (and {@code If-Range}) when that server took ranges; a {@code 200} instead
 * starts again from the first byte. The content type is checked on the response head, the size on
 * the declared length and again on every byte.
 */
final class UrlDownload {

  /** {@code bytes 100-199/1000} or {@code bytes 100-199/*}, and {@code bytes * /1000} for a 416. */
  private static final Pattern CONTENT_RANGE =
      Pattern.compile("bytes\\s+(?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)");

  /** How often progress is reported, in percent of the length. */
  private static final int PROGRESS_STEP = 5;

  /**
   * What to fetch and where.
   *
   * @param where the node's parameters, for messages ({@code nodes[dl].params})
   */
  record Plan(
      String url,
      Path target,
      Map<String, String> headers,
      long maxBytes,
      List<String> accept,
      boolean resume,
      boolean overwrite,
      Duration timeout,
      String where) {}

  /** What was written. */
  record Result(Path path, long size, String contentType, long resumedFrom, String url) {}

  private final ActionContext ctx;
  private final Plan plan;
  private final PartialDownload partial;

  UrlDownload(ActionContext ctx, Plan plan) {
    this.ctx = ctx;
    this.plan = plan;
    this.partial = new PartialDownload(plan.target());
  }

  Result run() throws IOException {
    refuseTaken();
    Files.createDirectories(plan.target().getParent());
    PartialDownload.Kept kept =
        plan.resume() ? partial.kept(plan.url()) : PartialDownload.Kept.NOTHING;
    if (kept.bytes() == 0) {
      partial.discard();
    }
    // a second round only when the server turned down the resume in a way that needs a new GET
    for (int round = 0; round < 2; round++) {
      long offset = kept.bytes();
      try (ActionHttp.Streamed r = ctx.http().open(request(kept))) {
        int status = r.status();
        if (offset > 0 && status == 416) {
          long total = range(r).map(ContentRange::total).orElse(-1L);
          if (total == offset) {
            return finish(offset, r.header("content-type").orElse(""), offset, r.uri());
          }
          partial.discard();
          kept = PartialDownload.Kept.NOTHING;
          continue;
        }
        if (status == 206) {
          ContentRange cr = range(r).orElse(null);
          boolean otherLength = kept.length() >= 0 && cr != null && cr.total() != kept.length();
          if (offset == 0 || cr == null || cr.start() != offset || otherLength) {
            partial.discard();
            kept = PartialDownload.Kept.NOTHING;
            if (offset == 0) {
              throw status(r, false);
            }
            continue;
          }
          return transfer(r, offset, cr.total(), kept.validator());
        }
        if (status == 200) {
          return transfer(r, 0, r.contentLength(), "");
        }
        throw status(r, status >= 500 || status == 408 || status == 429);
      }
    }
    throw new MediaFlowException(
        ErrorCode.NETWORK,
        "download.url: " + WebText.display(plan.url()) + " answered the resume twice unusably",
        "run it again; the partial file was removed",
        true,
        null);
  }

  private ActionHttp.Request request(PartialDownload.Kept kept) {
    Map<String, String> headers = new LinkedHashMap<>(plan.headers());
    if (kept.bytes() > 0) {
      headers.put("Range", "bytes=" + kept.bytes() + "-");
      if (!kept.validator().isEmpty()) {
        headers.put("If-Range", kept.validator());
      }
    }
    return new ActionHttp.Request(
        "GET", URI.create(plan.url()), headers, new byte[0], plan.timeout());
  }

  /** Checks the head, records the resume data, and streams the body into the part. */
  private Result transfer(ActionHttp.Streamed r, long offset, long length, String oldValidator)
      throws IOException {
    String type = r.header("content-type").orElse("");
    if (!WebText.matches(type, plan.accept())) {
      if (offset == 0) {
        partial.discard();
      }
      throw new MediaFlowException(
          WebActionErrors.CONTENT_TYPE_NOT_ALLOWED,
          "download.url: "
              + WebText.display(plan.url())
              + " is "
              + (type.isBlank() ? "of no content type" : "\"" + WebText.mediaType(type) + "\"")
              + ", which "
              + plan.where()
              + ".accept "
              + plan.accept()
              + " does not allow",
          "check that the URL names the file itself, not a page about it; or widen accept");
    }
    if (length > plan.maxBytes()) {
      partial.discard();
      throw tooLarge(length + " bytes");
    }
    boolean ranges =
        offset > 0 || r.header("accept-ranges").filter(v -> v.trim().equals("bytes")).isPresent();
    String validator = validator(r).orElse(offset > 0 ? oldValidator : "");
    partial.record(plan.url(), validator, length, ranges);
    long written = offset;
    int reported = -1;
    byte[] buffer = new byte[64 * 1024];
    OutputStream out =
        offset > 0
            ? Files.newOutputStream(partial.file(), StandardOpenOption.APPEND)
            : Files.newOutputStream(partial.file());
    try (out) {
      InputStream body = r.body();
      for (int n = read(body, buffer, written, ranges); n >= 0; ) {
        written += n;
        if (written > plan.maxBytes()) {
          out.close();
          partial.discard();
          throw tooLarge("more than " + plan.maxBytes() + " bytes");
        }
        out.write(buffer, 0, n);
        if (length > 0) {
          int percent = (int) (written * 100 / length) / PROGRESS_STEP * PROGRESS_STEP;
          if (percent > reported) {
            reported = percent;
            ctx.progress(percent, "download");
          }
        }
        n = read(body, buffer, written, ranges);
      }
    }
    if (length >= 0 && written != length) {
      throw broken(
          "the body ended after " + written + " of " + length + " bytes", written, ranges, null);
    }
    return finish(written, type, offset, r.uri());
  }

  private int read(InputStream body, byte[] buffer, long written, boolean ranges)
      throws IOException {
    try {
      return body.read(buffer);
    } catch (HttpFailure e) {
      if (e.kind() == HttpFailure.Kind.CANCELLED) {
        keepOrDiscard(ranges);
        throw new MediaFlowException(
            ErrorCode.CANCELLED,
            "download.url: the download of " + WebText.display(plan.url()) + " was stopped",
            ranges ? "the bytes so far are kept; the next attempt resumes" : "",
            false,
            e);
      }
      throw broken(e.getMessage(), written, ranges, e);
    } catch (IOException e) {
      throw broken(String.valueOf(e.getMessage()), written, ranges, e);
    }
  }

  private MediaFlowException broken(String what, long written, boolean ranges, Throwable cause)
      throws IOException {
    keepOrDiscard(ranges);
    return new MediaFlowException(
        ErrorCode.NETWORK,
        "download.url: the download of " + WebText.display(plan.url()) + " broke off: " + what,
        ranges
            ? written + " bytes are kept; a retry asks the server for the rest"
            : "the server does not take ranges, so a retry starts again",
        true,
        cause);
  }

  private void keepOrDiscard(boolean ranges) throws IOException {
    if (!ranges) {
      partial.discard();
    }
  }

  /** Renames the whole part onto the destination. */
  private Result finish(long size, String type, long offset, URI from) throws IOException {
    Path target = plan.target();
    if (!plan.overwrite()) {
      try {
        // a hard link fails if the destination exists: no window in which another file is replaced
        Files.createLink(target, partial.file());
        Files.delete(partial.file());
      } catch (FileAlreadyExistsException e) {
        partial.discard();
        throw taken();
      } catch (UnsupportedOperationException | IOException e) {
        if (Files.exists(target)) {
          partial.discard();
          throw taken();
        }
        move(target);
      }
    } else {
      move(target);
    }
    partial.finished();
    return new Result(target, size, WebText.mediaType(type), offset, from.toString());
  }

  private void move(Path target) throws IOException {
    try {
      Files.move(
          partial.file(),
          target,
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(partial.file(), target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private void refuseTaken() {
    if (!plan.overwrite() && Files.exists(plan.target())) {
      throw taken();
    }
  }

  private MediaFlowException taken() {
    return new MediaFlowException(
        ErrorCode.DESTINATION_EXISTS,
        "download.url: " + plan.target() + " exists already",
        "give another filename, or set " + plan.where() + ".overwrite to true");
  }

  private MediaFlowException tooLarge(String size) {
    return new MediaFlowException(
        WebActionErrors.DOWNLOAD_TOO_LARGE,
        "download.url: "
            + WebText.display(plan.url())
            + " is larger than "
            + plan.where()
            + ".maxBytes "
            + plan.maxBytes()
            + ": "
            + size,
        "raise maxBytes if the file is expected to be this large");
  }

  private MediaFlowException status(ActionHttp.Streamed r, boolean retryable) {
    return new MediaFlowException(
        WebActionErrors.HTTP_STATUS,
        "download.url: " + WebText.display(plan.url()) + " answered HTTP " + r.status(),
        retryable
            ? "the server may answer later; the node's retry policy decides"
            : "check the URL; the server will answer the same until it is changed",
        retryable,
        null);
  }

  /** A strong {@code ETag}, else {@code Last-Modified}: what {@code If-Range} may carry. */
  private static Optional<String> validator(ActionHttp.Streamed r) {
    Optional<String> etag = r.header("etag").map(String::trim).filter(t -> t.startsWith("\""));
    return etag.isPresent() ? etag : r.header("last-modified").map(String::trim);
  }

  private record ContentRange(long start, long total) {}

  private static Optional<ContentRange> range(ActionHttp.Streamed r) {
    Optional<String> value = r.header("content-range");
    if (value.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = CONTENT_RANGE.matcher(value.get().trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      long start = m.group(1) == null ? -1 : Long.parseLong(m.group(1));
      long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
      return Optional.of(new ContentRange(start, total));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
