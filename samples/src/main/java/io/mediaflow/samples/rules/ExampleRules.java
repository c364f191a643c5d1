package io.mediaflow.samples.rules;

import io.mediaflow.MediaFlow;
import io.mediaflow.RegisteredRule;
import io.mediaflow.api.rule.Rule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The specification's two example rules, registered on an engine as the library writes them: the
 * favourite channels checked every six hours, and long talks turned into podcast MP3s filed under
 * {@code Podcasts/<year>-<month>/}. {@code ExampleRulesTest} runs both for real (FFmpeg, generated
 * clips, {@link FolderChannelSource}).
 *
 * {@snippet :
 * MediaFlow flow = MediaFlow.builder()
 *     .workspace(Workspace.builder().baseDirectory(mediaDir).build())
 *     .actionService(MediaSource.class, new FolderChannelSource(channelsDir))
 *     .build()
 *     .start();
 * ExampleRules.favouriteChannels(flow, List.of(
 *     new ExampleRules.Channel("folder://talks", true),
 *     new ExampleRules.Channel("folder://music", false)));
 * ExampleRules.longVideosToPodcast(flow, Duration.ofMinutes(30));
 * // a host's downloader then publishes download.completed with the file's path and title
 * }
 */
public final class ExampleRules {

  /** Every six hours, on the hour, in UTC. */
  public static final String EVERY_SIX_HOURS = "0 */6 * * *";

  /** The workflow each favourite channel's rule runs. */
  public static final String CHANNEL_WORKFLOW = "favourite-channel";

  /** The podcast workflow, whose event trigger carries its rule (same id). */
  public static final String PODCAST_WORKFLOW = "long-videos-to-podcast";

  private ExampleRules() {}

  /**
   * A channel the user follows.
   *
   * @param url its address, as the host's media source knows it
   * @param favorite whether it is a favourite; only favourites are checked
   */
  public record Channel(String url, boolean favorite) {
    /** Checks the address is given. */
    public Channel {
      Objects.requireNonNull(url, "url");
    }
  }

  /**
   * Rule 1: every six hours, download the new videos of each favourite channel (best quality, MP4)
   * into {@code Channels/} and tag them {@code auto-downloaded}. The specification's condition "the
   * channel is a favourite" chooses which channels get a rule; "published after the last check" is
   * {@code onlyNew}, which remembers what was fetched and so also holds across a missed check. One
   * rule per channel, all running one workflow with the channel's address as input.
   *
   * @return the rules registered, one per favourite
   */
  public static List<RegisteredRule> favouriteChannels(MediaFlow flow, List<Channel> channels) {
    flow.workflows()
        .register(
            """
            {"version": 1, "id": "favourite-channel", "name": "New videos of a favourite channel",
             "nodes": [
               {"id": "start", "type": "trigger"},
               {"id": "download", "type": "action", "action": "download.channel",
                "params": {"url": "${trigger.url}", "directory": "Channels", "quality": "best",
                           "format": "mp4", "onlyNew": true}},
               {"id": "each", "type": "loop", "items": "${nodes.download.output.files}",
                "as": "file"},
               {"id": "tag", "type": "action", "action": "media.tag",
                "params": {"file": "${loop.file}", "tags": ["auto-downloaded"]}}],
             "edges": [{"from": "start", "to": "download"},
                       {"from": "download", "to": "each"},
                       {"from": "each", "port": "each", "to": "tag"}]}
            """);
    List<RegisteredRule> rules = new ArrayList<>();
    int n = 0;
    for (Channel c : channels) {
      n++;
      if (!c.favorite()) {
        continue;
      }
      rules.add(
          flow.rules()
              .register(
                  Rule.builder("favourite-" + n)
                      .name("Favourite channel " + c.url())
                      .cron(EVERY_SIX_HOURS)
                      .workflow(CHANNEL_WORKFLOW)
                      .input("url", c.url())
                      .build()));
    }
    return rules;
  }

  /**
   * Rule 2: when a download completes, a video longer than {@code minDuration} whose title says
   * podcast, interview or talk becomes an MP3 (192 kbit/s) filed under {@code
   * Podcasts/{{date:YYYY-MM}}/} (the month the run started). The event's data carries the file as
   * {@code path} and its {@code title}. The specification's {@code ~/Podcasts/} becomes a folder
   * inside the workspace: actions never write outside its roots.
   *
   * @return the rule registered with the workflow
   */
  public static RegisteredRule longVideosToPodcast(MediaFlow flow, Duration minDuration) {
    flow.workflows()
        .register(
            """
            {"version": 1, "id": "long-videos-to-podcast", "name": "Long talks to podcast MP3",
             "nodes": [
               {"id": "start", "type": "trigger", "kind": "event", "rule": {
                  "trigger": {"type": "event", "event": "download.completed"},
                  "condition": {"type": "and", "conditions": [
                    {"type": "media", "property": "duration", "operator": "gt", "value": %d},
                    {"type": "regex", "field": {"source": "trigger", "path": "title"},
                     "pattern": "podcast|interview|talk", "flags": "i"}]}}},
               {"id": "audio", "type": "action", "action": "media.extract_audio",
                "params": {"input": "${trigger.path}", "format": "mp3", "bitrate": 192}},
               {"id": "file", "type": "action", "action": "media.move",
                "params": {"file": "${nodes.audio.output.path}",
                           "destination": "Podcasts/{{date:YYYY-MM}}/", "conflict": "suffix"}}],
             "edges": [{"from": "start", "to": "audio"}, {"from": "audio", "to": "file"}]}
            """
                .formatted(minDuration.toSeconds()));
    return flow.rules().get(PODCAST_WORKFLOW).orElseThrow();
  }
}
