/**
 * Workflows as data: a graph of nodes (a trigger, actions, conditions, delays, loops, parallel
 * branches and their merges, error handlers) joined by edges, which a host, a template or an editor
 * writes in Java ({@link io.mediaflow.api.workflow.Workflow#builder}) or as JSON (core's {@code
 * WorkflowJson}). Plain Java types only.
 */
package io.mediaflow.api.workflow;
