package io.mediaflow.internal.durable;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.JobErrorCodes;
import io.mediaflow.api.store.Checkpoint;

/** The errors of the durable primitives, each with its place and a suggestion. */
final class DurableErrors {

  private DurableErrors() {}

  private static String message(Exception e) {
    String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  static MediaFlowException divergent(
      String jobId, int seq, Checkpoint recorded, Checkpoint.Kind kind, String name) {
    return new MediaFlowException(
        JobErrorCodes.NON_DETERMINISTIC_REPLAY,
        "job "
            + jobId
            + ": history position "
            + seq
            + " recorded "
            + recorded.kind()
            + " '"
            + recorded.name()
            + "' but the re-run asked for "
            + kind
            + " '"
            + name
            + "'",
        "the code between durable calls must be deterministic: read time, random values and"
            + " outside state inside a step, and do not change a job type's steps while jobs of"
            + " it wait (deploy the change as a new job type, or cancel and resubmit them)");
  }

  static MediaFlowException misuse(String jobId, String primitive, String why, String fix) {
    return new MediaFlowException(
        JobErrorCodes.DURABLE_MISUSE,
        "job " + jobId + ": " + primitive + " was called " + why,
        fix);
  }

  static MediaFlowException tooLarge(String jobId, String what, long bytes, long limit) {
    return new MediaFlowException(
        JobErrorCodes.STEP_RESULT_TOO_LARGE,
        "job "
            + jobId
            + ": "
            + what
            + " is "
            + bytes
            + " bytes of JSON, over the limit of "
            + limit
            + " bytes",
        "keep large data outside the job (a file, an object store) and return a reference to it,"
            + " or raise the limit with MediaFlow.builder().maxStepResultBytes(…)");
  }

  static MediaFlowException unwritable(String jobId, String what, Exception e) {
    return new MediaFlowException(
        JobErrorCodes.STEP_RESULT_UNREADABLE,
        "job " + jobId + ": " + what + " cannot be written as JSON: " + message(e),
        "return a record, a collection, a string or a number: a value Jackson can write and"
            + " read back",
        false,
        e);
  }

  static MediaFlowException unreadable(String jobId, String what, String type, Exception e) {
    return new MediaFlowException(
        JobErrorCodes.STEP_RESULT_UNREADABLE,
        "job "
            + jobId
            + ": the checkpoint of "
            + what
            + " cannot be read back as "
            + type
            + ": "
            + message(e),
        "ask for the type the step returned when it ran (a changed result type needs a new step"
            + " name or a new job type)",
        false,
        e);
  }
}
