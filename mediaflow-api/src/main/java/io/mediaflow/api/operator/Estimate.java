package io.mediaflow.api.operator;

/**
 * What running something is expected to cost.
 *
 * @param cpuSeconds processor time, in core-seconds
 * @param memoryBytes peak resident memory
 * @param diskBytes bytes written
 * @param wallSeconds elapsed time on one core's share, used for ETAs
 */
public record Estimate(double cpuSeconds, long memoryBytes, long diskBytes, double wallSeconds) {

  public static final Estimate ZERO = new Estimate(0, 0, 0, 0);

  public Estimate {
    if (cpuSeconds < 0 || memoryBytes < 0 || diskBytes < 0 || wallSeconds < 0) {
      throw new IllegalArgumentException(
          "an estimate cannot be negative: "
              + cpuSeconds
              + ", "
              + memoryBytes
              + ", "
              + diskBytes
              + ", "
              + wallSeconds);
    }
  }

  /** Work done one after another: times and bytes add up, memory is the larger peak. */
  public Estimate plus(Estimate other) {
    return new Estimate(
        cpuSeconds + other.cpuSeconds,
        Math.max(memoryBytes, other.memoryBytes),
        diskBytes + other.diskBytes,
        wallSeconds + other.wallSeconds);
  }

  /** Work done in the same process at once: memory adds up too. */
  public Estimate alongside(Estimate other) {
    return new Estimate(
        cpuSeconds + other.cpuSeconds,
        memoryBytes + other.memoryBytes,
        diskBytes + other.diskBytes,
        wallSeconds + other.wallSeconds);
  }
}
