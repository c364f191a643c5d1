package io.mediaflow.api.plan;

/**
 * A file an invocation reads.
 *
 * @param index its position among the invocation's inputs ({@code 0:v} refers to index 0)
 * @param inputId the spec's input id
 * @param location the local path the backend opens
 */
public record InvocationInput(int index, String inputId, String location) {}
