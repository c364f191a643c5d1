/**
 * The public contracts of mediaflow: job specs, media descriptions, the operator, media-backend and
 * action SPIs, processing plans and errors. Everything a host or a plugin author compiles against.
 */
module io.mediaflow.api {
  exports io.mediaflow.api;
  exports io.mediaflow.api.spec;
  exports io.mediaflow.api.media;
  exports io.mediaflow.api.operator;
  exports io.mediaflow.api.plan;
  exports io.mediaflow.api.backend;
  exports io.mediaflow.api.job;
  exports io.mediaflow.api.store;
  exports io.mediaflow.api.event;
  exports io.mediaflow.api.action;
  exports io.mediaflow.api.workflow;
  exports io.mediaflow.api.condition;
  exports io.mediaflow.api.rule;
  exports io.mediaflow.api.storage;

  uses io.mediaflow.api.operator.Operator;
  uses io.mediaflow.api.backend.MediaBackend;
  uses io.mediaflow.api.action.Action;
  uses io.mediaflow.api.condition.ConditionType;
  uses io.mediaflow.api.storage.MediaStorage;
}
