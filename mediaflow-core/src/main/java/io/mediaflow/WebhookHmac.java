package io.mediaflow;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The one HMAC-SHA256 of Standard Webhooks, shared by the signer and the verifier. */
final class WebhookHmac {

  static final String VERSION = "v1";

  private WebhookHmac() {}

  /** The raw HMAC-SHA256 of {@code id.timestamp.body} under {@code secret}. */
  static byte[] mac(WebhookSecret secret, String id, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      // every Java platform must provide HmacSHA256
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** {@code v1,<base64 of the HMAC>}. */
  static String signature(WebhookSecret secret, String id, long timestamp, byte[] body) {
    return VERSION + "," + Base64.getEncoder().encodeToString(mac(secret, id, timestamp, body));
  }
}
