package io.mediaflow.samples.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutgoingWebhooksSampleTest {

  @Test
  void the_receiver_verifies_the_one_delivery_and_the_history_shows_it() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    List<String> verified =
        OutgoingWebhooksSample.run(new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThat(verified).hasSize(1);
    assertThat(verified.get(0))
        .contains("\"eventType\":\"video.ready\"")
        .contains("\"data\":{\"file\":\"clip.mp4\"}");
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("attempt 1 of msg_evt_")
        .contains("(video.ready): HTTP 204");
  }
}
