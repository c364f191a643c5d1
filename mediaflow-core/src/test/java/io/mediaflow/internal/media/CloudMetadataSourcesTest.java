package io.mediaflow.internal.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.internal.net.CloudMetadata;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cloud metadata addresses are refused even where the host allows private networks or the very
 * address: with {@code --allow-private-network}, {@code http://[fd00:ec2::254]/} (AWS's IPv6
 * metadata) was connected to.
 */
class CloudMetadataSourcesTest {

  @TempDir Path dir;

  private static JobSpec spec(String url) {
    return JobSpec.builder().input("remote", url).output("remote", "file:out.mp4").build();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://[fd00:ec2::23]/",
        "http://[fd20:ce::254]/computeMetadata/v1/",
        "http://100.100.100.200/latest/meta-data/",
        "http://168.63.129.16/machine?comp=goalstate",
        "http://192.0.0.192/",
        "http://[fd00:c1::a9fe:a9fe]/opc/v2/instance/",
        "http://[::ffff:169.254.169.254]/",
        "http://[64:ff9b::a9fe:a9fe]/",
        "http://[64:ff9b::100.100.100.200]/",
        "http://169.254.170.2/v2/credentials/"
      })
  void a_metadata_url_is_refused_with_the_private_network_allowed(String url) {
    Sources sources =
        Sources.builder()
            .downloadDirectory(dir)
            .allowPrivateNetwork()
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    assertThatThrownBy(() -> sources.fetch(spec(url)))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.ADDRESS_NOT_ALLOWED);
              assertThat(e.violations().get(0).path()).isEqualTo("inputs[0].source");
              assertThat(e.violations().get(0).message()).contains("cloud metadata address");
            });
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void every_listed_address_is_refused_before_any_connection_whatever_is_allowed() {
    AtomicInteger resolved = new AtomicInteger();
    List<String> connected = new ArrayList<>();
    for (InetAddress metadata : CloudMetadata.ADDRESSES) {
      Sources sources =
          Sources.builder()
              .downloadDirectory(dir)
              .allowPrivateNetwork()
              .connectTimeout(Duration.ofSeconds(1))
              .resolver(
                  host -> {
                    resolved.incrementAndGet();
                    return new InetAddress[] {metadata};
                  })
              .build();
      try {
        sources.fetch(spec("http://metadata.example/"));
        connected.add(metadata.getHostAddress() + ": fetched");
      } catch (ValidationException e) {
        if (e.code() != ErrorCode.ADDRESS_NOT_ALLOWED) {
          connected.add(metadata.getHostAddress() + ": " + e.getMessage());
        }
      } catch (RuntimeException e) {
        connected.add(metadata.getHostAddress() + ": tried, " + e.getMessage());
      }
    }

    assertThat(connected).isEmpty();
    assertThat(resolved.get()).isEqualTo(CloudMetadata.ADDRESSES.size());
  }

  @Test
  void no_option_allows_a_metadata_address() throws Exception {
    InetAddress aws = InetAddress.getByName("fd00:ec2::254");

    assertThatThrownBy(() -> Sources.builder().allowAddress(aws))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "fd00:ec2:0:0:0:0:0:254 is a cloud metadata address; jobs may never fetch from it");
    assertThatThrownBy(() -> Sources.builder().allowAddress(InetAddress.getByName("168.63.129.16")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
