package io.mediaflow;

import io.mediaflow.api.event.Event;
import io.mediaflow.api.event.EventBus;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.LimitedRequest;
import io.mediaflow.api.store.RuleStore;
import io.mediaflow.api.store.Storage;
import io.mediaflow.internal.engine.Engine;
import io.mediaflow.internal.engine.EngineConfig;
import io.mediaflow.internal.engine.JobPolicies;
import io.mediaflow.internal.rule.RuleChecks;
import io.mediaflow.internal.rule.RuleEngine;
import io.mediaflow.internal.rule.RuleJson;
import io.mediaflow.internal.rule.RuleLoop;
import io.mediaflow.internal.rule.RuleRuns;
import io.mediaflow.internal.rule.RuleTriggeringBus;
import io.mediaflow.internal.rule.schedule.Schedules;
import io.mediaflow.internal.rule.watch.FileWatches;
import io.mediaflow.internal.workflow.run.WorkflowRunner;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wires rules into a {@link MediaFlow}: the rule engine, the bus that matches published events
 * before delivering them, the scheduler thread (which also watches the folders of file rules), and
 * the retry policies and timeouts of rule runs. A storage that keeps no rules gets none of it (its
 * {@code flow.rules()} says so).
 */
final class RuleWiring {

  final Optional<RuleEngine> engine;
  final RuleJson json;
  final RuleLoop loop;
  final EventBus bus;

  private RuleWiring(Optional<RuleEngine> engine, RuleJson json, RuleLoop loop, EventBus bus) {
    this.engine = engine;
    this.json = json;
    this.loop = loop;
    this.bus = bus;
  }

  static RuleWiring create(
      EngineConfig config,
      ActionRegistry actions,
      Conditions conditions,
      Workspace workspace,
      AtomicReference<Engine> made) {
    RuleJson json =
        new RuleJson(
            new RuleChecks(
                name -> actions.find(name).isPresent(),
                conditions::validate,
                conditions::parse,
                Schedules::problem,
                workspace.paths()::folderProblems));
    Storage storage = config.storage();
    RuleStore store;
    try {
      store = storage.rules();
    } catch (UnsupportedOperationException e) {
      return new RuleWiring(Optional.empty(), json, null, config.events());
    }
    RetryPolicy workflowRetry = config.retryPolicy(WorkflowRunner.TYPE);
    RuleRuns runs =
        new RuleRuns(
            id -> storage.workflows().find(id),
            rule -> rule.settings().retry().orElse(workflowRetry).maxAttempts());
    RuleEngine engine =
        new RuleEngine(
            store,
            storage.schedules(),
            config.clock(),
            json::parse,
            conditions::compile,
            rule -> RuleRuns.inlineDefinition(rule, WorkflowJson::write),
            runs,
            requests -> made.get().submitLimited(requests),
            new FileWatches(
                storage::files,
                config.clock(),
                folder -> workspace.paths().resolveFolder(folder, "trigger.path")),
            !config.callingThread(),
            RuleEngine.DEFAULT_LOOK_AHEAD,
            new RuleEngine.AheadRuns() {
              @Override
              public java.util.List<Job> scheduled(String jobRuleId) {
                return storage
                    .jobs()
                    .query(
                        JobQuery.all()
                            .withType(WorkflowRunner.TYPE)
                            .withRuleId(jobRuleId)
                            .withStates(java.util.Set.of(JobState.SCHEDULED))
                            .withPage(0, JobQuery.MAX_PAGE_SIZE))
                    .items();
              }

              @Override
              public boolean cancel(String jobId) {
                return made.get().cancel(jobId);
              }

              @Override
              public Optional<Job> replace(Job job, LimitedRequest replacement) {
                return storage
                    .jobs()
                    .replaceScheduled(
                        job.id(), job.version(), replacement, config.clock().instant());
              }
            });
    RuleLoop loop = new RuleLoop(engine, config.clock(), config.pollInterval());
    return new RuleWiring(
        Optional.of(engine), json, loop, new RuleTriggeringBus(config.events(), engine));
  }

  /** Publishes an event, the rules first; returns the runs it started, stored by then. */
  int publish(Event event) {
    if (bus instanceof RuleTriggeringBus rules) {
      return rules.publishCounting(event);
    }
    bus.publish(event);
    return 0;
  }

  /** The retry policies and timeouts of rule runs. */
  JobPolicies policies() {
    return engine.<JobPolicies>map(e -> e).orElse(JobPolicies.NONE);
  }

  /** After the engine is built: counts the runs' ends on their rules. */
  void countRuns(EventBus events) {
    engine.ifPresent(
        e -> {
          events.subscribe("job.completed", e::onRunEvent);
          events.subscribe("job.dead", e::onRunEvent);
        });
  }

  /** Loads the rules and, unless the engine runs on the calling thread, starts the scheduler. */
  void start(Storage storage, String nodeId, boolean callingThread) {
    engine.ifPresent(
        e -> {
          e.reload();
          if (!callingThread) {
            storage.rules().onChange(loop::changed);
            loop.start(nodeId);
          }
        });
  }

  void stop() {
    if (loop != null) {
      loop.stop();
    }
    engine.ifPresent(RuleEngine::close);
  }
}
