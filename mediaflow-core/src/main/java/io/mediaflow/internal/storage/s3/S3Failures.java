package io.mediaflow.internal.storage.s3;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The SDK's exceptions as mediaflow's errors, by what a retry can change: throttling ({@code 503
 * SlowDown}, 429), server errors and lost connections are {@code NETWORK} and retryable (the job's
 * retry policy waits, in the durable scheduled state); a missing object is {@code INPUT_NOT_FOUND},
 * refused credentials {@code PERMISSION_DENIED}, neither retried. Messages carry the S3 error code
 * and request id, never a credential.
 */
final class S3Failures {

  private S3Failures() {}

  /**
   * @param where the JSON path and what was being done: {@code inputs[0].source: cannot fetch
   *     s3://b/k}
   * @param cancelled whether the job was stopped, which explains an aborted connection
   */
  static MediaFlowException of(SdkException e, String where, boolean cancelled) {
    if (cancelled || e instanceof AbortedException) {
      return new MediaFlowException(ErrorCode.CANCELLED, where + ": stopped for a cancel", "");
    }
    if (e instanceof S3Exception s3) {
      int status = s3.statusCode();
      String code =
          s3.awsErrorDetails() == null || s3.awsErrorDetails().errorCode() == null
              ? "HTTP " + status
              : s3.awsErrorDetails().errorCode();
      String detail =
          where + ": " + code + " (HTTP " + status + ", request " + s3.requestId() + ")";
      if (status == 404) {
        return new MediaFlowException(
            ErrorCode.INPUT_NOT_FOUND,
            detail + ": " + ("NoSuchBucket".equals(code) ? "no such bucket" : "no such key"),
            "check the bucket and the key; keys are case-sensitive",
            false,
            e);
      }
      if (status == 401 || status == 403) {
        return new MediaFlowException(
            ErrorCode.PERMISSION_DENIED,
            detail + ": the store refused the credentials or their rights",
            "check the access key and secret (S3Options.credentials, or the SDK's default chain:"
                + " AWS_ACCESS_KEY_ID, profiles, roles) and the bucket's policy",
            false,
            e);
      }
      boolean retry = status >= 500 || status == 429 || status == 408;
      return new MediaFlowException(
          ErrorCode.NETWORK,
          detail,
          retry
              ? "the store is busy or failing; the job is retried under its retry policy"
              : "check the location and the store's settings",
          retry,
          e);
    }
    if (e instanceof SdkClientException) {
      return new MediaFlowException(
          ErrorCode.NETWORK,
          where + ": the store cannot be reached: " + e.getMessage(),
          "check the endpoint and that the store is up; the job is retried under its retry policy",
          true,
          e);
    }
    return new MediaFlowException(
        ErrorCode.NETWORK, where + ": " + e.getMessage(), "", e.retryable(), e);
  }
}
