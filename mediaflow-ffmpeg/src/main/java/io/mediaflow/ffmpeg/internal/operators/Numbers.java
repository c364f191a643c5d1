package io.mediaflow.ffmpeg.internal.operators;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Numbers written the way FFmpeg's option parser reads them: plain decimals, no exponent. */
final class Numbers {

  private static final int DECIMALS = 6;

  private Numbers() {}

  /** {@code 1.5}, {@code 2}, {@code -0.25}; never {@code 1.0E-4}. */
  static String plain(double value) {
    BigDecimal d = BigDecimal.valueOf(value).setScale(DECIMALS, RoundingMode.HALF_UP);
    String text = d.stripTrailingZeros().toPlainString();
    return text.equals("-0") ? "0" : text;
  }

  /** Rounds down to a multiple of {@code 1 << shift}, as FFmpeg does for chroma subsampling. */
  static int roundDown(int value, int shift) {
    return value & ~((1 << shift) - 1);
  }

  /** How many bits a pixel format subsamples chroma horizontally and vertically. */
  static int[] chromaShift(String pixelFormat) {
    String f = pixelFormat == null ? "" : pixelFormat;
    if (f.startsWith("yuv420")
        || f.startsWith("yuvj420")
        || f.startsWith("nv12")
        || f.startsWith("nv21")) {
      return new int[] {1, 1};
    }
    if (f.startsWith("yuv422") || f.startsWith("yuvj422") || f.startsWith("nv16")) {
      return new int[] {1, 0};
    }
    if (f.startsWith("yuv411")) {
      return new int[] {2, 0};
    }
    if (f.startsWith("yuv410")) {
      return new int[] {2, 2};
    }
    return new int[] {0, 0};
  }
}
