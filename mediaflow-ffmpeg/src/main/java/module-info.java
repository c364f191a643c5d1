/**
 * The FFmpeg media backend and the built-in operators, registered through {@link
 * java.util.ServiceLoader}.
 */
module io.mediaflow.ffmpeg {
  requires transitive io.mediaflow.api;
  requires org.slf4j;

  exports io.mediaflow.ffmpeg;

  provides io.mediaflow.api.operator.Operator with
      io.mediaflow.ffmpeg.internal.operators.TrimOperator,
      io.mediaflow.ffmpeg.internal.operators.ScaleOperator,
      io.mediaflow.ffmpeg.internal.operators.ThumbnailOperator;
  provides io.mediaflow.api.backend.MediaBackend with
      io.mediaflow.ffmpeg.FfmpegBackend;
}
