package io.mediaflow.api.job;

import java.util.Optional;

/**
 * Runs the jobs of one type a host defines, beside the built-in {@code media} type.
 *
 * {@snippet :
 * MediaFlow flow = MediaFlow.builder()
 *     .handler("thumbnail.index", ctx -> {
 *       ctx.progress(50, "index");
 *       return Optional.of("{\"indexed\":true}");
 *     })
 *     .build();
 * }
 *
 * <p>A handler may throw anything: a {@link io.mediaflow.api.MediaFlowException} keeps its code and
 * retryable flag; any other exception fails the attempt with {@code HANDLER_FAILED}, which is
 * retried per the type's {@link RetryPolicy}. A handler should check {@link
 * JobContext#isCancelled()} in long loops: cancel, timeout, a lost lease and shutdown all set it
 * (and interrupt the thread).
 */
@FunctionalInterface
public interface JobHandler {

  /**
   * Does the work of one attempt.
   *
   * @return the job's result text (JSON by convention), or empty
   * @throws Exception when the attempt failed
   */
  Optional<String> handle(JobContext context) throws Exception;
}
