/**
 * The FFmpeg media backend and the built-in operators, registered through {@link
 * java.util.ServiceLoader}.
 */
module io.mediaflow.ffmpeg {
  requires transitive io.mediaflow.api;
  requires org.slf4j;
  requires com.fasterxml.jackson.databind;

  exports io.mediaflow.ffmpeg;

  provides io.mediaflow.api.operator.Operator with
      io.mediaflow.ffmpeg.internal.operators.TrimOperator,
      io.mediaflow.ffmpeg.internal.operators.ScaleOperator,
      io.mediaflow.ffmpeg.internal.operators.ThumbnailOperator,
      io.mediaflow.ffmpeg.internal.operators.CropOperator,
      io.mediaflow.ffmpeg.internal.operators.RotateOperator,
      io.mediaflow.ffmpeg.internal.operators.FpsOperator,
      io.mediaflow.ffmpeg.internal.operators.PadOperator,
      io.mediaflow.ffmpeg.internal.operators.VolumeOperator,
      io.mediaflow.ffmpeg.internal.operators.FadeOperator,
      io.mediaflow.ffmpeg.internal.operators.LoudnormOperator,
      io.mediaflow.ffmpeg.internal.operators.MixOperator,
      io.mediaflow.ffmpeg.internal.operators.ConcatOperator,
      io.mediaflow.ffmpeg.internal.operators.OverlayOperator,
      io.mediaflow.ffmpeg.internal.operators.DrawtextOperator,
      io.mediaflow.ffmpeg.internal.operators.WaveformOperator,
      io.mediaflow.ffmpeg.internal.operators.ExtractAudioOperator;
  provides io.mediaflow.api.backend.MediaBackend with
      io.mediaflow.ffmpeg.FfmpegBackend;
}
