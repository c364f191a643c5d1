package io.mediaflow.api.plan;

/** Media flows from node {@code from} to node {@code to}. */
public record PlanEdge(String from, String to) {}
