package io.mediaflow;

import static io.mediaflow.OrganiseFlow.completed;
import static io.mediaflow.OrganiseFlow.failed;
import static io.mediaflow.OrganiseFlow.q;
import static io.mediaflow.OrganiseFlow.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.storage.MediaStorage;
import io.mediaflow.internal.storage.s3.S3ProxyServer;
import io.mediaflow.testkit.ManualClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@code media.copy}, {@code media.move} and {@code media.delete} on locations of a storage: S3
 * (S3Proxy on a folder, in this JVM) and a host's own read-only scheme, with local files on either
 * side, and the refusals of what a scheme cannot do.
 */
class OrganiseS3Test {

  /** What a node's error message starts its own words after. */
  static final String AT_NODE = " at node 'n': ";

  @TempDir Path dir;
  S3ProxyServer server;
  S3Client admin;
  MediaFlow flow;
  Path root;

  @BeforeEach
  void start() throws Exception {
    server = S3ProxyServer.start(Files.createDirectories(dir.resolve("store")));
    admin = server.client();
    admin.createBucket(b -> b.bucket("media"));
    root = Files.createDirectories(dir.resolve("root")).toRealPath();
    Files.createDirectories(dir.resolve("vault"));
    flow =
        MediaFlow.builder()
            .clock(ManualClock.at(OrganiseFlow.T0))
            .runOnCallingThread()
            .workspace(Workspace.builder().baseDirectory(root).build())
            .mediaStorage(new ReadOnlyVault(dir.resolve("vault")))
            .s3(
                S3Options.builder()
                    .endpoint(server.endpoint())
                    .region("us-east-1")
                    .pathStyleAccess()
                    .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)
                    .build())
            .build();
  }

  @AfterEach
  void stop() {
    flow.close();
    admin.close();
    server.close();
  }

  @Test
  void copy_puts_a_local_file_into_an_s3_folder_and_keeps_the_file() throws Exception {
    Files.writeString(root.resolve("a.mp4"), "clip a");

    Map<String, Object> out =
        completed(run("media.copy", "{\"file\":\"a.mp4\",\"destination\":\"s3://media/copies/\"}"));

    assertThat(object("copies/a.mp4")).isEqualTo("clip a");
    assertThat(root.resolve("a.mp4")).hasContent("clip a");
    assertThat(out)
        .containsEntry("path", "s3://media/copies/a.mp4")
        .containsEntry("from", root.resolve("a.mp4").toString())
        .containsEntry("name", "a.mp4")
        .containsEntry("size", 6);
  }

  @Test
  void move_from_s3_to_a_local_folder_fetches_puts_and_then_deletes_the_object() throws Exception {
    put("in/b c.mp4", "clip b");

    WorkflowRun run =
        run("media.move", "{\"file\":\"s3://media/in/b c.mp4\",\"destination\":\"inbox/\"}");

    Map<String, Object> out = completed(run);
    assertThat(root.resolve("inbox/b c.mp4")).hasContent("clip b");
    assertThatThrownBy(() -> object("in/b c.mp4")).isInstanceOf(NoSuchKeyException.class);
    assertThat(out).containsEntry("path", root.resolve("inbox/b c.mp4").toString());
    assertThat(summary(run)).isEqualTo("moved s3://media/in/b c.mp4 to " + out.get("path"));
  }

  @Test
  void copy_between_two_keys_leaves_both_and_a_taken_key_fails_unless_overwrite() throws Exception {
    put("a.mp4", "first");
    put("b.mp4", "second");

    JobError taken =
        failed(
            run(
                "media.copy",
                "{\"file\":\"s3://media/a.mp4\",\"destination\":\"s3://media/b.mp4\"}"));
    assertThat(taken.code()).isEqualTo("DESTINATION_EXISTS");
    assertThat(taken.message())
        .endsWith(AT_NODE + "nodes[n].params.destination: s3://media/b.mp4 already exists");
    assertThat(object("b.mp4")).isEqualTo("second");

    completed(
        run(
            "media.copy",
            "{\"file\":\"s3://media/a.mp4\",\"destination\":\"s3://media/b.mp4\","
                + "\"conflict\":\"overwrite\"}"));
    assertThat(object("a.mp4")).isEqualTo("first");
    assertThat(object("b.mp4")).isEqualTo("first");
  }

  @Test
  void a_suffix_conflict_is_refused_for_a_store_before_anything_is_touched() throws Exception {
    Files.writeString(root.resolve("a.mp4"), "clip a");

    JobError e =
        failed(
            run(
                "media.move",
                "{\"file\":\"a.mp4\",\"destination\":\"s3://media/a.mp4\","
                    + "\"conflict\":\"suffix\"}"));

    assertThat(e.code()).isEqualTo("UNSUPPORTED_SOURCE");
    assertThat(e.message())
        .contains(
            AT_NODE + "nodes[n].params.destination: \"conflict\": \"suffix\" needs the names");
    assertThat(e.suggestion()).contains("\"fail\" or \"overwrite\"");
    assertThat(root.resolve("a.mp4")).exists();
  }

  @Test
  void delete_removes_an_object_for_good_only_when_asked_to() throws Exception {
    put("old.mp4", "old");

    JobError noTrash = failed(run("media.delete", "{\"file\":\"s3://media/old.mp4\"}"));
    assertThat(noTrash.code()).isEqualTo("UNSUPPORTED_SOURCE");
    assertThat(noTrash.message())
        .endsWith(
            AT_NODE
                + "nodes[n].params.file: s3://media/old.mp4 is in a store, which has no trash folder to"
                + " move it to");
    assertThat(noTrash.suggestion()).isEqualTo("set \"permanent\": true to delete it for good");
    assertThat(object("old.mp4")).isEqualTo("old");

    Map<String, Object> out =
        completed(run("media.delete", "{\"file\":\"s3://media/old.mp4\",\"permanent\":true}"));
    assertThat(out).containsEntry("path", "s3://media/old.mp4").containsEntry("permanent", true);
    assertThatThrownBy(() -> object("old.mp4")).isInstanceOf(NoSuchKeyException.class);

    JobError gone =
        failed(run("media.delete", "{\"file\":\"s3://media/old.mp4\",\"permanent\":true}"));
    assertThat(gone.code()).isEqualTo("ORGANISE_FILE_NOT_FOUND");
    assertThat(gone.message())
        .endsWith(AT_NODE + "nodes[n].params.file: s3://media/old.mp4 does not exist");
  }

  @Test
  void a_hosts_read_only_scheme_can_be_copied_from_but_not_moved_nor_written() throws Exception {
    Files.writeString(dir.resolve("vault/v.mp4"), "vaulted");

    completed(run("media.copy", "{\"file\":\"vault:v.mp4\",\"destination\":\"s3://media/v/\"}"));
    assertThat(object("v/v.mp4")).isEqualTo("vaulted");

    JobError move =
        failed(run("media.move", "{\"file\":\"vault:v.mp4\",\"destination\":\"kept/\"}"));
    assertThat(move.code()).isEqualTo("UNSUPPORTED_SOURCE");
    assertThat(move.message())
        .endsWith(
            AT_NODE + "nodes[n].params.file: vault: locations cannot be deleted (vault:v.mp4)");
    assertThat(move.suggestion()).startsWith("use a location whose storage can do it");
    assertThat(root.resolve("kept")).doesNotExist();

    Files.writeString(root.resolve("a.mp4"), "clip a");
    JobError write =
        failed(run("media.copy", "{\"file\":\"a.mp4\",\"destination\":\"vault:a.mp4\"}"));
    assertThat(write.code()).isEqualTo("UNSUPPORTED_SOURCE");
    assertThat(write.message())
        .endsWith(
            AT_NODE
                + "nodes[n].params.destination: vault: locations cannot be written (vault:a.mp4)");
  }

  @Test
  void a_scheme_no_storage_serves_is_refused_when_the_workflow_is_checked() {
    assertThat(flow.validateWorkflow(definition("media.delete", "{\"file\":\"gs://b/k.mp4\"}")))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo(ErrorCode.UNSUPPORTED_SOURCE);
              assertThat(v.path()).endsWith("params.file");
              assertThat(v.message())
                  .isEqualTo(
                      "location \"gs://b/k.mp4\" has the scheme gs:, which no storage serves");
            });
    assertThat(
            flow.validateWorkflow(
                definition(
                    "media.copy", "{\"file\":\"s3://Bad_Bucket/k\",\"destination\":\"x/\"}")))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo(ErrorCode.INVALID_VALUE);
              assertThat(v.message()).startsWith("\"s3://Bad_Bucket/k\" is not an s3 location");
            });
  }

  @Test
  void a_test_run_touches_neither_the_store_nor_the_file() throws Exception {
    put("t.mp4", "t");
    WorkflowRun run =
        testRun("media.move", "{\"file\":\"s3://media/t.mp4\",\"destination\":\"x/\"}");

    completed(run);
    assertThat(summary(run))
        .isEqualTo("test run: would move s3://media/t.mp4 to " + root.resolve("x/t.mp4"));
    assertThat(object("t.mp4")).isEqualTo("t");
    assertThat(root.resolve("x")).doesNotExist();
  }

  private WorkflowRun run(String action, String params) {
    JobHandle h = flow.workflows().start(definition(action, params), Map.of());
    flow.runDueJobs();
    return flow.workflows().run(h.id()).orElseThrow();
  }

  private WorkflowRun testRun(String action, String params) {
    JobHandle h = flow.workflows().testRun(definition(action, params), Map.of());
    flow.runDueJobs();
    return flow.workflows().run(h.id()).orElseThrow();
  }

  private String definition(String action, String params) {
    StringJoiner outputs = new StringJoiner(",", "{", "}");
    for (ActionOutput o : flow.actions().find(action).orElseThrow().descriptor().outputs()) {
      outputs.add(q(o.name()) + ":" + q(o.name()));
    }
    return "{\"version\":1,\"id\":\"organise\",\"nodes\":["
        + "{\"id\":\"start\",\"type\":\"trigger\",\"kind\":\"manual\"},"
        + "{\"id\":\"n\",\"type\":\"action\",\"action\":"
        + q(action)
        + ",\"params\":"
        + params
        + ",\"output\":"
        + outputs
        + "}],\"edges\":[{\"from\":\"start\",\"to\":\"n\"}]}";
  }

  private void put(String key, String content) {
    admin.putObject(p -> p.bucket("media").key(key), RequestBody.fromString(content));
  }

  private String object(String key) {
    return admin.getObjectAsBytes(g -> g.bucket("media").key(key)).asString(StandardCharsets.UTF_8);
  }

  /** A host's scheme {@code vault:NAME}: files of one folder, read only. */
  static final class ReadOnlyVault implements MediaStorage {
    private final Path folder;

    ReadOnlyVault(Path folder) {
      this.folder = folder;
    }

    @Override
    public Set<String> schemes() {
      return Set.of("vault");
    }

    @Override
    public Set<Operation> operations() {
      return EnumSet.of(Operation.FETCH);
    }

    @Override
    public URI resolve(String location, String jsonPath) {
      return URI.create(location);
    }

    @Override
    public Path fetch(URI location, FetchRequest request) {
      try {
        Path copy = Files.createTempFile(request.directory(), "vault-", ".bin");
        return Files.write(
            copy, Files.readAllBytes(folder.resolve(location.getSchemeSpecificPart())));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
