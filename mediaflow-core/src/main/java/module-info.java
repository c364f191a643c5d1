/** The mediaflow engine: spec parsing and validation, the planner, execution and automation. */
module io.mediaflow.core {
  requires transitive io.mediaflow.api;
  requires transitive com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports io.mediaflow;

  uses io.mediaflow.api.operator.Operator;
  uses io.mediaflow.api.backend.MediaBackend;
}
