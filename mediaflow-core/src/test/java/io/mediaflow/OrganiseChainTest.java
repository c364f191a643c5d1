package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.JobState;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The organise actions chained as the specification's podcast example ends: the file a trigger
 * names is moved into a folder, then tagged and collected under the path the move reported.
 */
class OrganiseChainTest {

  @TempDir Path dir;

  @Test
  void a_moved_file_is_tagged_and_collected_at_its_new_path() {
    try (OrganiseFlow o = new OrganiseFlow(dir)) {
      Path talk = o.file("downloads/talk.mp3", "audio");
      String def =
          "{\"version\":1,\"id\":\"podcast\",\"nodes\":["
              + "{\"id\":\"start\",\"type\":\"trigger\",\"kind\":\"manual\"},"
              + "{\"id\":\"move\",\"type\":\"action\",\"action\":\"media.move\",\"params\":"
              + "{\"file\":\"${trigger.path}\",\"destination\":\"Podcasts/\",\"conflict\":\"suffix\"}},"
              + "{\"id\":\"tag\",\"type\":\"action\",\"action\":\"media.tag\",\"params\":"
              + "{\"file\":\"${nodes.move.output.path}\",\"tags\":[\"podcast\",\"auto-converted\"]}},"
              + "{\"id\":\"collect\",\"type\":\"action\",\"action\":\"media.add_to_collection\","
              + "\"params\":{\"file\":\"${nodes.move.output.path}\",\"collection\":\"Podcasts\"}}],"
              + "\"edges\":[{\"from\":\"start\",\"to\":\"move\"},{\"from\":\"move\",\"to\":\"tag\"},"
              + "{\"from\":\"tag\",\"to\":\"collect\"}]}";
      o.flow.workflows().register(def);

      JobHandle h = o.flow.workflows().start("podcast", Map.of("path", "downloads/talk.mp3"));
      o.flow.runDueJobs();

      WorkflowRun run = o.flow.workflows().run(h.id()).orElseThrow();
      assertThat(run.error()).isEmpty();
      assertThat(run.state()).isEqualTo(JobState.COMPLETED);
      Path filed = o.root.resolve("Podcasts/talk.mp3");
      assertThat(talk).doesNotExist();
      assertThat(filed).hasContent("audio");
      assertThat(o.flow.library().filesTagged("podcast", 0, 10)).containsExactly(filed);
      assertThat(o.flow.library().tags(filed)).containsExactly("auto-converted", "podcast");
      assertThat(o.flow.library().collection("Podcasts", 0, 10)).containsExactly(filed);
      assertThat(run.nodes())
          .extracting(WorkflowRun.NodeRun::summary)
          .contains(
              "moved " + talk + " to " + filed,
              "tagged talk.mp3: +podcast +auto-converted → auto-converted, podcast",
              "added talk.mp3 to collection 'Podcasts'");
      assertThat(run.nodes()).hasSize(4);
    }
  }
}
