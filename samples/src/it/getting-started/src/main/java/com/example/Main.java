package com.example;

import io.mediaflow.JobHandle;
import io.mediaflow.JobResult;
import io.mediaflow.MediaFlow;
import io.mediaflow.Workspace;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.jdbc.JdbcStorage;
import java.nio.file.Path;
import java.time.Duration;

public class Main {
  public static void main(String[] args) {
    Path here = Path.of("").toAbsolutePath();
    try (JdbcStorage storage = JdbcStorage.h2(here.resolve("data/jobs"));
        MediaFlow flow =
            MediaFlow.builder()
                .workspace(Workspace.builder().baseDirectory(here).build())
                .storage(storage)
                .build()
                .start()) {
      JobSpec spec =
          JobSpec.builder()
              .input("clip", "file:in.mp4")
              .operation("scale").from("clip").to("small").param("width", 320).param("height", -2)
              .output("small", "file:out/small.mp4").overwrite()
              .build();
      JobHandle job = flow.submit(spec);
      job.onProgress(progress -> System.out.println("progress: " + progress));
      JobResult result = job.await(Duration.ofMinutes(1));
      System.out.println(result.state() + " " + result.outputs());
      if (!result.succeeded()) {
        throw new IllegalStateException("the job failed: " + result.error().orElseThrow());
      }
    }
  }
}
