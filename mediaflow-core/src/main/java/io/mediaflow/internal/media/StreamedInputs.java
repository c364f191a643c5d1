package io.mediaflow.internal.media;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationInput;
import io.mediaflow.api.spec.InputSpec;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.storage.MediaStorage;
import io.mediaflow.internal.net.NetworkGuard;
import io.mediaflow.internal.storage.MediaStorages;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The inputs a spec asks to stream ({@code "read": "stream"}): the URL each one's storage signs
 * ({@link MediaStorage#readUrl}), its host checked by the network guard of URL inputs before the
 * media tool opens it. The plan holds each URL without its query ({@link #shown}), so a signature
 * is in no plan, log line or dry run; only the invocation handed to the backend carries it ({@link
 * #signed}).
 */
final class StreamedInputs {

  /**
   * How long a signed URL stays valid: the media tool opens it when it probes and when each
   * invocation starts, and a connection already open reads on past it; a seek after it fails.
   */
  static final Duration VALIDITY = Duration.ofHours(1);

  private final Map<String, URI> signed;
  private final Map<String, String> shown;

  private StreamedInputs(Map<String, URI> signed, Map<String, String> shown) {
    this.signed = Collections.unmodifiableMap(signed);
    this.shown = Collections.unmodifiableMap(shown);
  }

  /** None. */
  static StreamedInputs none() {
    return new StreamedInputs(Map.of(), Map.of());
  }

  /** Whether {@code input} is to be streamed rather than fetched. */
  static boolean streamed(InputSpec input) {
    return input.read() == InputSpec.Read.STREAM && MediaStorages.isRemote(input.source());
  }

  /**
   * Signs a URL for each streamed input of {@code spec} and checks its host.
   *
   * @throws ValidationException {@code UNSUPPORTED_SOURCE} at {@code inputs[i].read} for a storage
   *     that signs no URL (or not an {@code http(s)} one); {@code ADDRESS_NOT_ALLOWED} at {@code
   *     inputs[i].source} for a host the guard refuses
   * @throws MediaFlowException the storage's failure, or {@code NETWORK} for a host that does not
   *     resolve
   */
  static StreamedInputs sign(JobSpec spec, MediaStorages storages) {
    Map<String, URI> signed = new LinkedHashMap<>();
    Map<String, String> shown = new LinkedHashMap<>();
    for (int i = 0; i < spec.inputs().size(); i++) {
      InputSpec input = spec.inputs().get(i);
      if (!streamed(input)) {
        continue;
      }
      int index = i;
      String where = "inputs[" + i + "].source";
      MediaStorages.Resolved r =
          storages.resolve(input.source(), where, "source", MediaStorage.Operation.FETCH);
      URI url =
          r.storage()
              .readUrl(r.uri(), VALIDITY)
              .filter(StreamedInputs::http)
              .orElseThrow(() -> notStreamable(input.source(), index));
      URI visible = URI.create(NetworkGuard.shown(url));
      storages.urlGuard().check(visible, where, null);
      signed.put(input.id(), url);
      shown.put(input.id(), visible.toString());
    }
    return new StreamedInputs(signed, shown);
  }

  /** The spec without its streamed inputs: what is fetched and resolved as files. */
  static JobSpec withoutStreamed(JobSpec spec) {
    List<InputSpec> files = spec.inputs().stream().filter(in -> !streamed(in)).toList();
    return new JobSpec(spec.version(), files, spec.operations(), spec.outputs());
  }

  /** Each streamed input's URL with its query: what the backend reads. */
  Map<String, URI> urls() {
    return signed;
  }

  /** Each streamed input's URL without its query: what the plan shows. */
  Map<String, String> shown() {
    return shown;
  }

  /** {@code invocation} with the signed URL of each streamed input it reads. */
  Invocation signed(Invocation invocation) {
    if (signed.isEmpty()) {
      return invocation;
    }
    List<InvocationInput> inputs = new ArrayList<>();
    for (InvocationInput in : invocation.inputs()) {
      URI url = signed.get(in.inputId());
      inputs.add(
          url == null || !in.location().equals(shown.get(in.inputId()))
              ? in
              : new InvocationInput(in.index(), in.inputId(), url.toString(), in.container()));
    }
    return new Invocation(
        invocation.id(),
        inputs,
        invocation.filters(),
        invocation.outputs(),
        invocation.expectedDuration(),
        invocation.estimate(),
        invocation.nodeIds(),
        invocation.purpose());
  }

  /**
   * What {@code call} returns; a failure whose message names a signed URL (a backend echoing the
   * tool's error text) is thrown again with the URL's query cut out, and without the cause that
   * holds it.
   */
  <T> T redacting(Supplier<T> call) {
    try {
      return call.get();
    } catch (MediaFlowException e) {
      String detail = redact(e.detail());
      String suggestion = redact(e.suggestion());
      if (detail.equals(e.detail()) && suggestion.equals(e.suggestion())) {
        throw e;
      }
      throw new MediaFlowException(e.code(), detail, suggestion, e.retryable(), null);
    }
  }

  /** {@code text} with every signed URL's query cut out. */
  String redact(String text) {
    String out = text;
    for (Map.Entry<String, URI> e : signed.entrySet()) {
      out = out.replace(e.getValue().toString(), shown.get(e.getKey()));
      String query = e.getValue().getRawQuery();
      if (query != null) {
        out = out.replace(query, "");
      }
    }
    return out;
  }

  private static boolean http(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    return (scheme.equals("https") || scheme.equals("http")) && url.getHost() != null;
  }

  private static ValidationException notStreamable(String source, int i) {
    String scheme = MediaStorages.scheme(source).orElse("this");
    return new ValidationException(
        List.of(
            new Violation(
                "inputs[" + i + "].read",
                ErrorCode.UNSUPPORTED_SOURCE,
                scheme
                    + ": locations cannot be streamed: their storage signs no URL the media tool"
                    + " may read ("
                    + source
                    + ")",
                "leave \"read\" out (or \"fetch\") to copy the input first; \"stream\" is for s3:"
                    + " sources")));
  }
}
