package io.mediaflow.jdbc;

import io.mediaflow.api.job.JobRequest;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Run in a child JVM by {@link H2DurabilityTest}: submits jobs one by one and prints {@code
 * committed k} after each submit returns, until it is killed.
 */
public final class H2SubmitMain {

  private H2SubmitMain() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    JdbcStorage storage = JdbcStorage.h2(file);
    for (int i = 0; i < n; i++) {
      storage.jobs().submit(JobRequest.of("durable", Integer.toString(i)), Instant.now());
      System.out.println("committed " + i);
      System.out.flush();
    }
    storage.close();
  }
}
