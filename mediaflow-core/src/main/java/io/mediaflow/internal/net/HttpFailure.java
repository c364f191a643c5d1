package io.mediaflow.internal.net;

import java.io.IOException;
import java.util.Objects;

/**
 * Why an HTTP exchange failed, in words a person can act on ({@link #getMessage()}: "the connection
 * was refused", "the connection closed after 10 of 100 bytes"), sorted into a {@link Kind} so a
 * caller can map it to its own error without reading the message.
 */
public final class HttpFailure extends IOException {

  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** No connection: refused, timed out, no route, or the TLS handshake failed. */
    UNREACHABLE(true),
    /** The server sent nothing for the whole read timeout. */
    SILENT(true),
    /** The server closed the connection before the response head ended. */
    CLOSED(true),
    /** The server closed the connection before the end of the body it announced. */
    TRUNCATED(true),
    /**
     * The server broke HTTP: not an HTTP answer, a bad status line, a negative, malformed or
     * repeated {@code Content-Length}, a malformed chunked body, an unknown transfer coding, a head
     * over the size limit. It will answer the same when asked again.
     */
    PROTOCOL(false),
    /** The caller's cancel signal said to stop. */
    CANCELLED(false),
    /** The caller's deadline passed. */
    DEADLINE(true),
    /** Anything else that broke the exchange. */
    FAILED(true);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    /** Whether asking again later may succeed. */
    public boolean retryable() {
      return retryable;
    }
  }

  private final Kind kind;

  public HttpFailure(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }
}
