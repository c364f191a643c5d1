package io.mediaflow.webhooks;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks (standardwebhooks.com, spec 1.0) written again from the specification, with no
 * code shared with mediaflow's signer: the tests check one against the other.
 *
 * <p>The spec: the secret is base64 after an optional {@code whsec_} prefix; the signed content is
 * the message id, a full stop, the timestamp in unix seconds, a full stop and the raw payload; the
 * signature is HMAC-SHA256 over it, base64-encoded and prefixed with the version {@code v1} and a
 * comma; several signatures are separated by spaces.
 */
public final class StandardWebhooksReference {

  private StandardWebhooksReference() {}

  /** The key bytes of a secret as the spec writes it. */
  public static byte[] key(String secret) {
    String b64 = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
    return Base64.getDecoder().decode(b64);
  }

  /** {@code v1,<base64>} for one secret. */
  public static String sign(String secret, String msgId, long timestamp, String payload) {
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
      String content = msgId + "." + timestamp + "." + payload;
      byte[] digest = hmac.doFinal(content.getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(digest);
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** Whether any {@code v1} entry of a signature header matches, as a receiver decides. */
  public static boolean verify(
      String secret, String msgId, long timestamp, String payload, String signatureHeader) {
    String expected = sign(secret, msgId, timestamp, payload);
    for (String entry : signatureHeader.split(" ")) {
      if (entry.equals(expected)) {
        return true;
      }
    }
    return false;
  }
}
