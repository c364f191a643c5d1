package io.mediaflow.internal.webhook.inbound;

import io.mediaflow.api.MediaFlowException;

/**
 * The body size limit of an inbound source. Radarr's and Sonarr's payloads are a few kilobytes (a
 * rename of a whole series, with media info, stays well under 1 MiB).
 *
 * @param maxBodyBytes the largest body accepted
 */
public record InboundLimits(int maxBodyBytes) {

  /** 1 MiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

  /** Checks the limit is positive. */
  public InboundLimits {
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be at least 1 but was " + maxBodyBytes);
    }
  }

  /** The default limit, {@link #DEFAULT_MAX_BODY_BYTES}. */
  public static InboundLimits ofDefaults() {
    return new InboundLimits(DEFAULT_MAX_BODY_BYTES);
  }

  /**
   * Checks a body's size; a host that streams should stop reading at {@code maxBodyBytes + 1}.
   *
   * @throws MediaFlowException {@code INBOUND_BODY_TOO_LARGE}
   */
  public void check(String source, long bodyBytes) {
    if (bodyBytes > maxBodyBytes) {
      throw new MediaFlowException(
          InboundErrors.INBOUND_BODY_TOO_LARGE,
          "the body sent to source '"
              + source
              + "' has "
              + bodyBytes
              + " bytes, more than its limit of "
              + maxBodyBytes,
          "raise the source's body limit if the sender is trusted and its payloads are this large");
    }
  }
}
