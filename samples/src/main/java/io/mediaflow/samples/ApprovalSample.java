package io.mediaflow.samples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.mediaflow.JobHandle;
import io.mediaflow.JobResult;
import io.mediaflow.JobSpecJson;
import io.mediaflow.MediaFlow;
import io.mediaflow.Workspace;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobContext;
import io.mediaflow.api.job.JobHandler;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.WaitReason;
import io.mediaflow.api.spec.JobSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A durable media job with a human in the loop: it downloads a clip, transcodes it with a real
 * media job, then waits, holding no thread, for an {@code approval} signal before it publishes the
 * result into a publish folder. Written as plain Java on the durable primitives of {@link
 * JobContext}: each step runs once and is checkpointed, so a crash (even {@code kill -9}) while it
 * waits for days loses nothing and downloads nothing twice.
 *
 * {@snippet :
 * ApprovalSample sample = new ApprovalSample(workDir, publishDir, Duration.ofDays(3));
 * MediaFlow flow = MediaFlow.builder()
 *     .workspace(Workspace.builder().baseDirectory(workDir).build())
 *     .storage(JdbcStorage.h2(workDir.resolve("jobs"))) // durable: survives a restart
 *     .handler(ApprovalSample.TYPE, sample.handler())
 *     .build()
 *     .start();
 * JobHandle job = flow.submit(ApprovalSample.request("https://example.com/clip.mp4", "clip"));
 * // later, from a review screen, on any node:
 * flow.signal(job.id(), ApprovalSample.APPROVAL, ApprovalSample.APPROVE);
 * }
 *
 * <ol>
 *   <li>step {@code download}: the URL into {@code approval/<jobId>/source.mp4} of the workspace (a
 *       temp file, then an atomic rename, so a body run again after a crash starts clean);
 *   <li>child job {@code media}: scales it to 320 px wide as {@code approval/<jobId>/review.mp4} (a
 *       real media job with the FFmpeg backend, started once even across crashes), and {@code
 *       awaitChildren()} until it finished;
 *   <li>{@code awaitSignal("approval", timeout)}: {@value #APPROVE} publishes; any other payload
 *       rejects; no signal within the timeout ends the job unpublished (an ordinary outcome);
 *   <li>step {@code publish}: copies the review file into the publish folder as {@code <name>.mp4}
 *       (temp file, then atomic rename: publishing twice writes the same file).
 * </ol>
 *
 * <p>The job's result is JSON: {@code {"published":"/abs/path.mp4"}} or {@code
 * {"published":null,"reason":"…"}}. A failed or cancelled transcode fails the job with {@code
 * TRANSCODE_FAILED}, naming the child.
 *
 * <p>{@code java -cp samples/target/mediaflow.jar io.mediaflow.samples.ApprovalSample [DIR]} runs
 * it end to end on a generated clip served from 127.0.0.1, approving it as soon as it waits.
 */
public final class ApprovalSample {

  /** The job type the handler is registered under. */
  public static final String TYPE = "publish-with-approval";

  /** The signal the job waits for. */
  public static final String APPROVAL = "approval";

  /** The payload of an approval signal that publishes; any other rejects. */
  public static final String APPROVE = "approve";

  /** The transcode child job failed, was cancelled or went dead. Not retried. */
  public static final ErrorCode TRANSCODE_FAILED =
      ErrorCode.of("TRANSCODE_FAILED", ErrorCode.Category.PROCESSING, false);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path workDir;
  private final Path publishDir;
  private final Duration approvalTimeout;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  /**
   * @param workDir the engine's workspace base folder ({@code Workspace.baseDirectory}): the job's
   *     files go under {@code approval/<jobId>/} there, where its media job can read them
   * @param publishDir where approved files go
   * @param approvalTimeout how long a job waits for its approval, from the first time it waits
   */
  public ApprovalSample(Path workDir, Path publishDir, Duration approvalTimeout) {
    this.workDir = Objects.requireNonNull(workDir, "workDir").toAbsolutePath();
    this.publishDir = Objects.requireNonNull(publishDir, "publishDir").toAbsolutePath();
    this.approvalTimeout = Objects.requireNonNull(approvalTimeout, "approvalTimeout");
  }

  /** A job of {@link #TYPE} that publishes the clip at {@code url} as {@code <name>.mp4}. */
  public static JobRequest request(String url, String name) {
    if (!name.matches("[A-Za-z0-9._-]{1,100}") || name.startsWith(".")) {
      throw new IllegalArgumentException(
          "name must be 1 to 100 letters, digits, '.', '_' or '-' (not starting with '.') but was '"
              + name
              + "'");
    }
    ObjectNode payload = JSON.createObjectNode().put("url", url).put("name", name);
    return JobRequest.of(TYPE, payload.toString());
  }

  /** The handler to register under {@link #TYPE}. */
  public JobHandler handler() {
    return this::run;
  }

  private Optional<String> run(JobContext ctx) throws Exception {
    var payload = JSON.readTree(ctx.job().payload());
    String url = payload.path("url").asText();
    String name = payload.path("name").asText();
    // relative to the workspace's base folder: the media job resolves them there too
    String dir = "approval/" + ctx.job().id();

    String source = ctx.step("download", String.class, () -> download(ctx, url, dir));

    String review = dir + "/review.mp4";
    String childId = ctx.startChild(transcode(source, review));
    Job child = ctx.awaitChildren().get(0);
    if (child.state() != JobState.COMPLETED) {
      throw new MediaFlowException(
          TRANSCODE_FAILED,
          "job "
              + ctx.job().id()
              + ": its transcode, child job "
              + childId
              + ", ended "
              + child.state()
              + child.error().map(e -> " (" + e.code() + ": " + e.message() + ")").orElse(""),
          "see the child job's logs (flow.job(\""
              + childId
              + "\")), fix the cause and submit again");
    }

    Optional<String> decision = ctx.awaitSignal(APPROVAL, approvalTimeout);
    if (decision.isEmpty()) {
      return Optional.of(unpublished("no approval within " + approvalTimeout));
    }
    if (!decision.get().equals(APPROVE)) {
      return Optional.of(unpublished("rejected: " + decision.get()));
    }
    String published = ctx.step("publish", String.class, () -> publish(ctx, review, name));
    return Optional.of(JSON.createObjectNode().put("published", published).toString());
  }

  private static String unpublished(String reason) {
    return JSON.createObjectNode().putNull("published").put("reason", reason).toString();
  }

  /** Downloads into the workspace; returns the file's path relative to the workspace. */
  private String download(JobContext ctx, String url, String dir)
      throws IOException, InterruptedException {
    Path folder = workspaceFile(dir);
    Files.createDirectories(folder);
    Path part = folder.resolve("source.mp4.part");
    HttpResponse<Path> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).GET().build(),
            HttpResponse.BodyHandlers.ofFile(part));
    if (response.statusCode() != 200) {
      Files.deleteIfExists(part);
      throw new IOException(
          "job " + ctx.job().id() + ": GET " + url + " answered HTTP " + response.statusCode());
    }
    Files.move(
        part,
        folder.resolve("source.mp4"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    return dir + "/source.mp4";
  }

  /** The media child job: 320 px wide, h264 + aac mp4; overwrite, as a crashed run may retry. */
  private static JobRequest transcode(String source, String review) {
    JobSpec spec =
        JobSpec.builder()
            .input("source", "file:" + source)
            .operation("scale")
            .from("source")
            .to("small")
            .param("width", 320)
            .param("height", -2)
            .output("small", "file:" + review)
            .overwrite()
            .build();
    return JobRequest.of("media", JobSpecJson.write(spec));
  }

  /** Copies the review file into the publish folder; returns the published file's path. */
  private String publish(JobContext ctx, String review, String name) throws IOException {
    Files.createDirectories(publishDir);
    Path target = publishDir.resolve(name + ".mp4");
    Path part = publishDir.resolve("." + name + ".mp4." + ctx.job().id() + ".part");
    Files.copy(workspaceFile(review), part, StandardCopyOption.REPLACE_EXISTING);
    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return target.toString();
  }

  private Path workspaceFile(String relative) {
    return workDir.resolve(relative);
  }

  // ---------------------------------------------------------------- the runnable demo

  /**
   * Generates a 5 s clip with FFmpeg, serves it from 127.0.0.1, submits a job, approves it as soon
   * as it waits for approval, and prints where it was published.
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/approval").toAbsolutePath().normalize();
    Files.createDirectories(dir);
    Path clip = dir.resolve("input.mp4");
    System.out.println("== generating a 5 s test clip: " + clip);
    Demo.generateClip(clip);
    HttpServer server = serve(clip);
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/input.mp4";
    ApprovalSample sample = new ApprovalSample(dir, dir.resolve("published"), Duration.ofDays(3));
    try (MediaFlow flow =
        MediaFlow.builder()
            .workspace(Workspace.builder().baseDirectory(dir).build())
            .workers(2)
            .handler(TYPE, sample.handler())
            .build()) {
      flow.start();
      JobHandle job = flow.submit(request(url, "clip"));
      System.out.println("== submitted " + job.id() + ": downloading " + url + ", transcoding");
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (job.status().waitReason().filter(r -> r == WaitReason.SIGNAL).isEmpty()) {
        if (System.nanoTime() > deadline || job.status().state().isTerminal()) {
          System.out.println("== the job did not reach its approval: " + job.status());
          System.exit(1);
        }
        Thread.sleep(100);
      }
      System.out.println("== waiting for approval (no thread held); approving");
      flow.signal(job.id(), APPROVAL, APPROVE);
      JobResult result = job.await(Duration.ofMinutes(1));
      System.out.println("== " + result.state() + ": " + result.result().orElse(""));
      if (result.state() != JobState.COMPLETED) {
        System.exit(1);
      }
    } finally {
      server.stop(0);
    }
  }

  private static HttpServer serve(Path clip) throws IOException {
    byte[] bytes = Files.readAllBytes(clip);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/input.mp4",
        ex -> {
          ex.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    return server;
  }
}
