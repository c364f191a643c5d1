package io.mediaflow.internal.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.MalformedChunkCodingException;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.NotImplementedException;
import org.apache.hc.core5.http.TruncatedChunkException;

/**
 * What HttpClient's exceptions mean for a person: each becomes an {@link HttpFailure} whose kind
 * says whether asking again can help and whose message says what the server did. The hostile-server
 * tests ({@code SourcesHostileServerTest}) pin every mapping, so an HttpClient upgrade that changes
 * its exceptions fails there rather than in production.
 */
final class HttpFailures {

  private HttpFailures() {}

  /**
   * @param inBody whether the head had arrived (a close before it is {@link
   *     HttpFailure.Kind#CLOSED}, after it {@link HttpFailure.Kind#TRUNCATED})
   * @param read the body's bytes read so far
   * @param length the body's declared length, or -1
   */
  static HttpFailure of(Throwable e, boolean inBody, long read, long length, Duration readTimeout) {
    if (e instanceof HttpFailure f) {
      return f;
    }
    Throwable cause =
        e instanceof IOException && e.getCause() instanceof HttpException ? e.getCause() : e;
    String detail =
        cause == null || cause.getMessage() == null ? String.valueOf(cause) : cause.getMessage();
    if (cause instanceof ConnectTimeoutException) {
      return fail(HttpFailure.Kind.UNREACHABLE, "the connection timed out", e);
    }
    if (cause instanceof ConnectException) {
      return fail(HttpFailure.Kind.UNREACHABLE, "the connection was refused", e);
    }
    if (cause instanceof SSLException) {
      return fail(HttpFailure.Kind.UNREACHABLE, "the TLS handshake failed (" + detail + ")", e);
    }
    if (cause instanceof SocketTimeoutException) {
      return fail(HttpFailure.Kind.SILENT, "the server stopped sending for " + readTimeout, e);
    }
    if (cause instanceof NoHttpResponseException
        || (!inBody && cause instanceof ConnectionClosedException)) {
      return fail(
          HttpFailure.Kind.CLOSED, "the connection closed before the response headers ended", e);
    }
    if (inBody && truncated(cause)) {
      return fail(
          HttpFailure.Kind.TRUNCATED,
          length >= 0
              ? "the connection closed after " + read + " of " + length + " bytes"
              : "the connection closed before the end of the chunked body, after "
                  + read
                  + " bytes",
          e);
    }
    if (cause instanceof MalformedChunkCodingException) {
      return fail(
          HttpFailure.Kind.PROTOCOL,
          "the server sent a malformed chunked body (" + detail + ")",
          e);
    }
    if (cause instanceof NotImplementedException) {
      return fail(
          HttpFailure.Kind.PROTOCOL,
          "the server used a transfer coding that is not read (" + detail + ")",
          e);
    }
    if (cause instanceof MessageConstraintException) {
      return fail(
          HttpFailure.Kind.PROTOCOL,
          "the response head is over the limits of "
              + ApacheSafeHttp.MAX_LINE_BYTES
              + " bytes a line and "
              + ApacheSafeHttp.MAX_HEADER_FIELDS
              + " fields ("
              + detail
              + ")",
          e);
    }
    if (cause instanceof HttpException) {
      String what =
          detail.toLowerCase(Locale.ROOT).contains("content-length")
                  || detail.toLowerCase(Locale.ROOT).contains("content length")
              ? "the server sent a bad Content-Length (" + detail + ")"
              : "the server did not answer HTTP (" + detail + ")";
      return fail(HttpFailure.Kind.PROTOCOL, what, e);
    }
    return fail(HttpFailure.Kind.FAILED, "the exchange failed (" + cause + ")", e);
  }

  /**
   * A chunked or sized body that ended early. HttpClient reports a close right after a chunk's data
   * as a malformed chunk ("CRLF expected at end of chunk"), though nothing but the end came.
   */
  private static boolean truncated(Throwable e) {
    return e instanceof TruncatedChunkException
        || e instanceof ConnectionClosedException
        || (e instanceof MalformedChunkCodingException
            && String.valueOf(e.getMessage()).startsWith("CRLF expected"));
  }

  private static HttpFailure fail(HttpFailure.Kind kind, String message, Throwable cause) {
    return new HttpFailure(kind, message, cause);
  }
}
