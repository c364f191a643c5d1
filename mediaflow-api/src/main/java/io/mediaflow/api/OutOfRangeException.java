package io.mediaflow.api;

/**
 * A value of the right kind that lies outside what can be accepted: a number too large for its
 * type, a negative or too long duration. Thrown by conversions ({@link
 * io.mediaflow.api.operator.ParamType#convert}, {@link io.mediaflow.api.media.MediaDuration#parse})
 * where a plain {@link IllegalArgumentException} means the value is not of the kind expected at
 * all; {@link io.mediaflow.api.operator.ParamBinder} reports it as {@link ErrorCode#OUT_OF_RANGE}
 * rather than {@link ErrorCode#WRONG_TYPE}.
 */
public class OutOfRangeException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what was given and what the range is
   */
  public OutOfRangeException(String message) {
    super(message);
  }
}
