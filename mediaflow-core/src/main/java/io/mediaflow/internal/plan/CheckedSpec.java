package io.mediaflow.internal.plan;

import io.mediaflow.api.operator.Operator;
import io.mediaflow.api.operator.Params;
import io.mediaflow.api.spec.JobSpec;
import java.util.List;
import java.util.Map;

/**
 * A spec that passed validation, with what validation worked out: each operation's operator and
 * converted parameters, and each output's container.
 */
public record CheckedSpec(
    JobSpec spec,
    List<Operator> operators,
    List<Params> params,
    List<Containers> containers,
    Map<String, Integer> operationByResult) {}
