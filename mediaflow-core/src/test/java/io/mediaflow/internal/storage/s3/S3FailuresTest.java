package io.mediaflow.internal.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** What each answer of a store becomes: retried (throttling, 5xx, lost connection) or not. */
class S3FailuresTest {

  static S3Exception answer(int status, String code) {
    return (S3Exception)
        S3Exception.builder()
            .statusCode(status)
            .requestId("REQ1")
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
            .build();
  }

  @Test
  void throttling_with_503_slow_down_is_a_retryable_network_error_naming_the_code() {
    MediaFlowException e =
        S3Failures.of(answer(503, "SlowDown"), "inputs[0].source: cannot fetch s3://b/k", false);

    assertThat(e.code()).isEqualTo(ErrorCode.NETWORK);
    assertThat(e.retryable()).isTrue();
    assertThat(e.detail())
        .isEqualTo("inputs[0].source: cannot fetch s3://b/k: SlowDown (HTTP 503, request REQ1)");
    assertThat(e.suggestion()).contains("retried under its retry policy");
  }

  @Test
  void server_errors_and_429_are_retried_other_client_errors_are_not() {
    assertThat(S3Failures.of(answer(500, "InternalError"), "x", false).retryable()).isTrue();
    assertThat(S3Failures.of(answer(429, "TooManyRequests"), "x", false).retryable()).isTrue();
    MediaFlowException bad = S3Failures.of(answer(400, "InvalidRequest"), "x", false);
    assertThat(bad.code()).isEqualTo(ErrorCode.NETWORK);
    assertThat(bad.retryable()).isFalse();
  }

  @Test
  void missing_objects_and_refused_credentials_are_not_retried() {
    MediaFlowException missing = S3Failures.of(answer(404, "NoSuchBucket"), "x", false);
    assertThat(missing.code()).isEqualTo(ErrorCode.INPUT_NOT_FOUND);
    assertThat(missing.detail()).endsWith("no such bucket");
    MediaFlowException denied = S3Failures.of(answer(403, "InvalidAccessKeyId"), "x", false);
    assertThat(denied.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
    assertThat(denied.retryable()).isFalse();
  }

  @Test
  void a_lost_connection_is_retried_and_one_cut_for_a_cancel_is_cancelled() {
    SdkClientException cut = SdkClientException.create("Connection reset");
    assertThat(S3Failures.of(cut, "x", false).code()).isEqualTo(ErrorCode.NETWORK);
    assertThat(S3Failures.of(cut, "x", false).retryable()).isTrue();
    assertThat(S3Failures.of(cut, "x", true).code()).isEqualTo(ErrorCode.CANCELLED);
  }
}
