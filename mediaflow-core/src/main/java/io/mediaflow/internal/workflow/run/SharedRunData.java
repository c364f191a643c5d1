package io.mediaflow.internal.workflow.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.store.Storage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the branches and loop items of a run share with it, read from the store once per engine
 * while they run (bounded caches): its graph ({@code definitionOf}), its input ({@code inputOf})
 * and a parallel loop's starting values ({@code seedOf}). A branch's payload points at them rather
 * than holding copies, so that a thousand branches neither store nor parse a thousand copies.
 */
final class SharedRunData {

  /** How many runs' graphs, inputs and seeds the caches keep. */
  static final int SHARED_GRAPHS = 32;

  private final Storage storage;

  SharedRunData(Storage storage) {
    this.storage = storage;
  }

  /** The run's input: its own, or for a loop item its run's ({@code inputOf}), read once. */
  Object input(JsonNode payload) throws JsonProcessingException {
    String of = payload.path("inputOf").asText("");
    if (of.isEmpty()) {
      return Graph.plain(payload.path("input"));
    }
    Object in = sharedInputs.get(of);
    if (in == null) {
      JsonNode parent = Graph.JSON.readTree(runPayload(of, "input"));
      in = Graph.plain(parent.path("input"));
      sharedInputs.put(of, in);
    }
    return in;
  }

  /** The seed a parallel loop saved for its items ({@code seedOf}: run and state), read once. */
  JsonNode seed(JsonNode seedOf) throws JsonProcessingException {
    String run = seedOf.path("run").asText("");
    String name = seedOf.path("state").asText("");
    String key = run + "\n" + name;
    JsonNode seed = sharedSeeds.get(key);
    if (seed == null) {
      String json =
          storage
              .checkpoints()
              .loadState(run, name)
              .orElseThrow(
                  () ->
                      new MediaFlowException(
                          RunErrors.INVALID_RUN,
                          "loop item of run " + run + ": its values (" + name + ") are gone",
                          "keep a run until its loop items have finished"))
              .value();
      seed = Graph.JSON.readTree(json);
      sharedSeeds.put(key, seed);
    }
    return seed;
  }

  private final Map<String, Object> sharedInputs = lru();

  private final Map<String, JsonNode> sharedSeeds = lru();

  private static <V> Map<String, V> lru() {
    return Collections.synchronizedMap(
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
            return size() > SHARED_GRAPHS;
          }
        });
  }

  /** Graphs of runs whose branches run now, by run id: a branch does not parse its own copy. */
  private final Map<String, Graph> shared = lru();

  /**
   * The run's graph: its own definition, or for a parallel branch its parent's ({@code
   * definitionOf}), read from the parent's payload once per engine while its branches run.
   */
  Graph graph(JsonNode payload) throws JsonProcessingException {
    String of = payload.path("definitionOf").asText("");
    if (of.isEmpty()) {
      return Graph.read(payload.get("workflow"));
    }
    Graph g = shared.get(of);
    if (g == null) {
      g = Graph.read(Graph.JSON.readTree(runPayload(of, "definition")).get("workflow"));
      shared.put(of, g);
    }
    return g;
  }

  /** The payload of the run whose definition (or input) a branch or loop item uses. */
  private String runPayload(String runId, String what) {
    return storage
        .jobs()
        .find(runId)
        .orElseThrow(
            () ->
                new MediaFlowException(
                    RunErrors.INVALID_RUN,
                    "workflow branch of run " + runId + ": that run (its " + what + ") is gone",
                    "keep a run until its branches have finished"))
        .payload();
  }
}
