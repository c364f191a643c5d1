package io.mediaflow.samples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import com.sun.net.httpserver.HttpServer;
import io.mediaflow.JobHandle;
import io.mediaflow.JobResult;
import io.mediaflow.MediaFlow;
import io.mediaflow.WebhookSecret;
import io.mediaflow.Workspace;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.event.Event;
import io.mediaflow.api.job.JobLog;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.job.WaitReason;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.store.ApiScope;
import io.mediaflow.api.store.WebhookRegistration;
import io.mediaflow.http.HttpHost;
import io.mediaflow.http.HttpOptions;
import io.mediaflow.testkit.MediaFixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard (docs/dashboard.md) in a real headless Chromium, against the real HTTP host and a
 * real in-memory engine running a slow typed job ({@link SlowJobs}): sign-in, live progress over
 * Server-Sent Events, cancel, a waiting workflow resumed by its signal, text never read as HTML,
 * and basic accessibility. One browser serves every test; each test has its own engine and server
 * (so its own origin, and an empty session storage).
 */
class DashboardBrowserTest {

  /** The longest wait for the page or the engine; generous, since the build machine is shared. */
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** Tab presses from the top of the jobs view: more than it takes to reach a job's Cancel. */
  private static final int TABS = 24;

  private static final String WORKFLOW =
      """
      {"id": "approve-preview", "name": "Approve a preview",
       "nodes": [{"id": "start", "type": "trigger"},
                 {"id": "approval", "type": "delay", "signal": "approved", "timeout": "1h"}],
       "edges": [{"from": "start", "to": "approval"}]}
      """;

  private static final String RULE =
      """
      {"id": "nightly-preview", "name": "Render the nightly preview",
       "trigger": {"type": "schedule", "cron": "0 3 * * *"},
       "actions": [{"type": "system.wait", "duration": "1s"}]}
      """;

  /** A job type whose handler always fails with an error no retry can change: it ends dead. */
  private static final String REFUSED = "feed.publish";

  private static ChromeDriver browser;

  @TempDir Path dir;
  private final SlowJobs slow = new SlowJobs();
  private final AtomicInteger refusals = new AtomicInteger();
  private MediaFlow flow;
  private HttpHost host;
  private String key;
  private URI home;

  @BeforeAll
  static void browser() {
    browser = HeadlessChromium.start(1280, 860);
  }

  @AfterAll
  static void quit() {
    if (browser != null) {
      browser.quit();
    }
  }

  @BeforeEach
  void serve() {
    flow =
        MediaFlow.builder()
            .workers(4)
            .retryPolicy("webhook.delivery", RetryPolicy.none()) // a failed delivery dies at once
            .workspace(Workspace.builder().baseDirectory(dir).build())
            .handler(SlowJobs.TYPE, slow)
            .handler(
                REFUSED,
                ctx -> {
                  refusals.incrementAndGet();
                  throw new MediaFlowException(
                      ErrorCode.of("FEED_REFUSED", ErrorCode.Category.INPUT, false),
                      "the feed host refused the episode: 403 Forbidden",
                      "renew the feed's upload token");
                })
            .build()
            .start();
    key = flow.apiKeys().create("dashboard test", ApiScope.WRITE).key();
    host = HttpHost.start(flow, HttpOptions.builder().port(0).build());
    home = URI.create(host.url()).resolve("/");
  }

  @AfterEach
  void stop() {
    browser.get("about:blank"); // the page's event stream ends before its server does
    browser.manage().logs().get(LogType.BROWSER); // and its console lines are read and dropped
    if (host != null) {
      host.close();
    }
    if (flow != null) {
      slow.finishAll();
      flow.close();
    }
  }

  @Test
  void asks_for_the_key_once_refuses_a_wrong_one_and_never_puts_it_in_a_url() {
    browser.get(home.toString());
    WebElement input = visible(By.id("api-key"));
    input.sendKeys("mf_not-a-key");
    browser.findElement(By.id("login-submit")).click();
    waitFor(d -> text(By.id("login-error")).contains("did not accept this key"));
    assertThat(severeConsoleLines())
        .singleElement(STRING)
        .contains("/v1/jobs?limit=1&page=0", "401"); // the refused key's one request

    signIn();
    visible(By.cssSelector("#view-jobs table.jobs, #view-jobs .empty"));
    assertThat(browser.findElement(By.id("login")).isDisplayed()).isFalse();

    browser.navigate().refresh(); // the key is kept for this tab: no second question
    visible(By.id("view-jobs"));
    assertThat(browser.findElement(By.id("login")).isDisplayed()).isFalse();
    assertThat(browser.getCurrentUrl()).doesNotContain(key);
    live(); // the event stream is open, with the key
    assertThat(script("return JSON.stringify(performance.getEntriesByType('resource'))"))
        .as("no request carried the key in its URL")
        .contains("/v1/jobs?")
        .doesNotContain(key);
    assertThat(severeConsoleLines()).as("no script error, no CSP violation").isEmpty();

    browser.findElement(By.id("sign-out")).click();
    visible(By.id("api-key"));
    assertThat(script("return sessionStorage.length")).isEqualTo("0");
  }

  @Test
  void a_running_jobs_bar_moves_with_its_progress_without_a_reload() {
    JobHandle job = flow.submit(SlowJobs.TYPE, "{}");
    openSignedIn("#/jobs");
    waitFor(d -> "0".equals(bar(job.id()).getDomProperty("value")));
    live();
    script("window.__samePage = true");

    slow.advance(job.id(), 3);
    waitFor(d -> "30".equals(bar(job.id()).getDomProperty("value")));
    assertThat(text(progressCell(job.id()))).contains("30%", "part 4 of 10");
    slow.advance(job.id(), 4);
    waitFor(d -> "70".equals(bar(job.id()).getDomProperty("value")));
    assertThat(script("return String(window.__samePage)"))
        .as("moved live, not by a reload")
        .isEqualTo("true");

    slow.advance(job.id(), 3);
    assertThat(job.await(WAIT).state()).isEqualTo(JobState.COMPLETED);
    waitFor(d -> text(row(job.id())).contains("COMPLETED"));
    assertThat(bar(job.id()).getDomProperty("value")).isEqualTo("100");
  }

  @Test
  void cancelling_from_the_page_stops_the_running_job() throws InterruptedException {
    JobHandle job = flow.submit(SlowJobs.TYPE, "{}");
    slow.advance(job.id(), 2);
    openSignedIn("#/jobs/" + job.id());
    waitFor(d -> "20".equals(bar(job.id()).getDomProperty("value")));

    clickable(By.cssSelector("button[data-action='cancel'][data-job='" + job.id() + "']")).click();

    JobResult result = job.await(WAIT);
    assertThat(result.state()).isEqualTo(JobState.CANCELLED);
    assertThat(slow.stoppedWithin(job.id(), WAIT.toMillis()))
        .as("the handler saw the cancel and stopped")
        .isTrue();
    waitFor(d -> text(By.id("job-region")).contains("CANCELLED"));
    assertThat(browser.findElements(By.cssSelector("button[data-action='cancel']")))
        .as("nothing left to cancel")
        .isEmpty();
    assertThat(text(By.id("notice"))).contains("Cancel sent for job " + job.id());
  }

  @Test
  void a_media_jobs_plan_is_drawn_from_the_servers_svg() throws IOException {
    MediaFixtures.requireFfmpeg();
    Files.copy(MediaFixtures.smallClip(), dir.resolve("in.mp4"));
    JobHandle job =
        flow.submit(
            JobSpec.builder()
                .input("main", "in.mp4")
                .operation("scale")
                .from("main")
                .to("small")
                .param("width", 160)
                .param("height", -2)
                .output("small", "out/small.mp4")
                .build());
    assertThat(job.await(WAIT).state()).isEqualTo(JobState.COMPLETED);

    openSignedIn("#/jobs/" + job.id());
    WebElement plan = visible(By.cssSelector(".plan img"));
    waitFor(d -> ((Number) js("return arguments[0].naturalWidth", plan)).intValue() > 0);
    assertThat(plan.getAttribute("src")).startsWith("data:image/svg+xml;base64,");
    assertThat(plan.getAttribute("alt"))
        .isEqualTo("The plan of job " + job.id() + ": its nodes, stages and FFmpeg invocations");
    assertThat(
            browser.findElements(By.cssSelector("ol.timeline li")).stream()
                .map(li -> li.getText().split("\\n")[0])
                .toList())
        .as("a media job's stages")
        .containsSubsequence("probe", "plan", "execute");
    assertThat(severeConsoleLines()).isEmpty();
  }

  @Test
  void a_key_that_may_only_read_is_told_so_when_it_cancels_and_the_job_runs_on() {
    JobHandle job = flow.submit(SlowJobs.TYPE, "{}");
    key = flow.apiKeys().create("dashboard reader", ApiScope.READ).key();
    openSignedIn("#/jobs");

    clickable(By.cssSelector("button[data-action='cancel'][data-job='" + job.id() + "']")).click();

    waitFor(d -> text(By.id("notice")).contains("(403)"));
    assertThat(text(By.id("notice")))
        .startsWith("This key lacks the scope for POST /v1/jobs/" + job.id() + "/cancel (403).")
        .contains("FORBIDDEN");
    assertThat(job.status().state()).isEqualTo(JobState.PROCESSING);
    assertThat(browser.findElement(By.id("nav")).isDisplayed()).as("still signed in").isTrue();
  }

  @Test
  void an_unknown_job_shows_the_servers_reason() {
    openSignedIn("#/jobs/01NOSUCHJOB");
    waitFor(d -> text(By.id("job-region")).contains("404"));
    assertThat(text(By.id("job-region")))
        .startsWith("Not found (404): JOB_NOT_FOUND: no job 01NOSUCHJOB exists — check the id");
  }

  @Test
  void a_workflow_run_waiting_for_its_signal_resumes_from_the_page() {
    flow.workflows().register(WORKFLOW);
    JobHandle run = flow.workflows().start("approve-preview", Map.of());
    waitUntil(() -> run.status().waitReason().filter(WaitReason.SIGNAL::equals).isPresent());

    openSignedIn("#/workflows");
    WebElement send =
        clickable(By.cssSelector("button[data-action='signal'][data-run='" + run.id() + "']"));
    assertThat(send.getText()).isEqualTo("Send “approved”");
    assertThat(send.getAttribute("aria-label"))
        .isEqualTo("Send signal approved to run " + run.id());
    send.click();

    JobResult result = run.await(WAIT);
    assertThat(result.state()).as("%s", result.error()).isEqualTo(JobState.COMPLETED);
    assertThat(flow.workflows().run(run.id()).orElseThrow().node("approval").orElseThrow().state())
        .hasToString("COMPLETED");
    waitFor(d -> text(By.id("waiting-region")).contains("No run is waiting for a signal."));
  }

  @Test
  void a_rule_is_disabled_and_enabled_again_with_its_switch() {
    flow.rules().register(RULE);
    openSignedIn("#/rules");
    WebElement toggle =
        clickable(By.cssSelector("input[role='switch'][data-rule='nightly-preview']"));
    assertThat(toggle.isSelected()).isTrue();
    assertThat(unlabelledInputs()).as("rules view").isEmpty();

    toggle.sendKeys(Keys.SPACE); // a switch works from the keyboard
    waitUntil(() -> !flow.rules().get("nightly-preview").orElseThrow().rule().enabled());
    waitFor(d -> text(By.id("notice")).equals("Rule nightly-preview disabled."));
    assertThat(toggle.isSelected()).isFalse();

    toggle.click();
    waitUntil(() -> flow.rules().get("nightly-preview").orElseThrow().rule().enabled());
    waitFor(d -> text(By.id("notice")).equals("Rule nightly-preview enabled."));
  }

  @Test
  void a_dead_webhook_delivery_is_sent_again_from_the_page() throws IOException {
    AtomicInteger received = new AtomicInteger();
    HttpServer receiver =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hooks",
        ex -> {
          ex.getRequestBody().readAllBytes();
          // the first delivery fails (and, with no retries here, dies); the second arrives
          ex.sendResponseHeaders(received.incrementAndGet() == 1 ? 500 : 204, -1);
          ex.close();
        });
    receiver.start();
    try {
      flow.webhooks()
          .register(
              WebhookRegistration.builder(
                      "ops", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks")
                  .patterns("preview.ready")
                  .secret(WebhookSecret.generate().text())
                  .allowedAddresses("127.0.0.1")
                  .build());
      flow.events().publish(new Event("preview.ready", Instant.now(), Map.of("file", "a.mp4")));
      waitUntil(() -> !flow.webhooks().deliveries("ops", EnumSet.of(JobState.DEAD)).isEmpty());
      String delivery = flow.webhooks().deliveries("ops").get(0).id();

      openSignedIn("#/webhooks/ops");
      WebElement redeliver =
          clickable(
              By.cssSelector("button[data-action='redeliver'][data-delivery='" + delivery + "']"));
      assertThat(text(By.id("deliveries-region"))).contains("DEAD", "WEBHOOK_DELIVERY_FAILED");
      assertThat(unlabelledInputs()).as("webhooks view, with its active switch").isEmpty();
      redeliver.click();

      waitUntil(() -> !flow.webhooks().deliveries("ops", EnumSet.of(JobState.COMPLETED)).isEmpty());
      assertThat(received).hasValue(2);
      waitFor(d -> text(By.id("notice")).equals("Delivery " + delivery + " is sent again."));
    } finally {
      receiver.stop(0);
    }
  }

  @Test
  void a_dead_job_is_requeued_from_the_dead_jobs_view() {
    JobHandle dead = flow.submit(REFUSED, "{}");
    assertThat(dead.await(WAIT).state()).isEqualTo(JobState.DEAD);
    openSignedIn("#/dead");
    WebElement requeue =
        clickable(By.cssSelector("button[data-action='requeue'][data-job='" + dead.id() + "']"));
    assertThat(text(By.id("dead-region"))).contains("feed.publish", "FEED_REFUSED");

    requeue.click();

    waitUntil(() -> refusals.get() == 2); // it ran again (and, refused again, died again)
    waitFor(d -> text(By.id("notice")).equals("Job " + dead.id() + " is back in the queue."));
  }

  @Test
  void a_jobs_detail_shows_its_stages_and_log_as_text_never_as_html() {
    JobHandle job = flow.submit(SlowJobs.TYPE, "{}");
    slow.advance(job.id(), SlowJobs.PARTS);
    assertThat(job.await(WAIT).state()).isEqualTo(JobState.COMPLETED);
    // a log line is text a handler chose (here, markup that would run if it were parsed)
    flow.storage()
        .jobs()
        .appendLog(
            job.id(),
            new JobLog(Instant.now(), "WARN", "<img src=x onerror=\"window.pwned=1\"><b>bold</b>"));

    openSignedIn("#/jobs/" + job.id());
    WebElement log = visible(By.cssSelector("pre.logs[aria-label='Log of job " + job.id() + "']"));
    waitFor(d -> log.getText().contains("<b>bold</b>"));
    assertThat(log.getText()).contains("rendering 10 parts", "part 10 done");
    assertThat(browser.findElements(By.cssSelector("#job-region img, #job-region b"))).isEmpty();
    assertThat(script("return String(window.pwned)")).isEqualTo("undefined");
    assertThat(
            browser.findElements(By.cssSelector("ol.timeline li")).stream()
                .map(li -> li.getText().split("\n")[0])
                .toList())
        .as("the stages, in order")
        .containsExactly("prepare", "render");
    assertThat(text(By.id("job-region"))).contains("COMPLETED", "1 of ");
  }

  @Test
  void every_input_has_a_label_the_buttons_are_reached_with_tab_and_focus_is_visible() {
    JobHandle job = flow.submit(SlowJobs.TYPE, "{}");
    browser.get(home.toString());
    visible(By.id("api-key"));
    assertThat(unlabelledInputs()).as("sign-in form").isEmpty();
    // the sign-in form works with the keyboard alone
    browser.findElement(By.id("api-key")).sendKeys(key, Keys.ENTER);
    visible(By.id("view-jobs"));
    live();
    clickable(By.cssSelector("button[data-action='cancel'][data-job='" + job.id() + "']"));
    assertThat(unlabelledInputs()).as("jobs view").isEmpty();
    assertThat(browser.findElement(By.id("jobs-region")).getAttribute("aria-live"))
        .isEqualTo("polite");

    // from the top of a fresh page, Tab alone reaches every control up to the job's Cancel
    browser.navigate().refresh();
    live();
    WebElement cancel =
        clickable(By.cssSelector("button[data-action='cancel'][data-job='" + job.id() + "']"));
    // every element that gets the focus, as tag:first word, and whether it draws a focus ring then
    js(
        "window.focusLog = [];"
            + "document.addEventListener('focusin', ev => {"
            + "  const e = ev.target, s = getComputedStyle(e);"
            + "  window.focusLog.push(e.tagName.toLowerCase() + ':'"
            + "    + (e.innerText || '').trim().split(/\\s+/)[0]"
            + "    + (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 ? '' : ' (no ring)'));"
            + "});");
    Actions keyboard = new Actions(browser);
    for (int i = 0; i < TABS; i++) {
      keyboard.sendKeys(Keys.TAB);
    }
    keyboard.perform(); // real key presses, one round trip
    @SuppressWarnings("unchecked")
    List<String> log = (List<String>) js("return window.focusLog");
    int cancelAt =
        IntStream.range(0, log.size())
            .filter(k -> log.get(k).startsWith("button:Cancel"))
            .findFirst()
            .orElse(log.size() - 1);
    List<String> reached = log.subList(0, cancelAt + 1);
    assertThat(reached)
        .as("every control draws a focus ring")
        .noneMatch(r -> r.endsWith("(no ring)"));
    assertThat(reached)
        .as("tab order")
        .startsWith(
            "a:Skip", "a:Jobs", "a:Dead", "a:Workflows", "a:Rules", "a:Webhooks", "button:Forget")
        .contains("select:All", "input:", "button:Filter", "a:" + job.id())
        .endsWith("button:Cancel");

    cancel.sendKeys(Keys.ENTER); // a button works from the keyboard
    assertThat(job.await(WAIT).state()).isEqualTo(JobState.CANCELLED);
  }

  @Test
  void a_screenshot_of_the_jobs_view_is_kept_for_the_docs() throws IOException {
    flow.workflows().register(WORKFLOW);
    JobHandle waiting = flow.workflows().start("approve-preview", Map.of());
    JobHandle done = flow.submit(SlowJobs.TYPE, "{}");
    slow.advance(done.id(), SlowJobs.PARTS);
    done.await(WAIT);
    JobHandle dead = flow.submit(REFUSED, "{}");
    dead.await(WAIT);
    JobHandle later =
        flow.submit(JobRequest.of(SlowJobs.TYPE, "{}").withRunAt(Instant.now().plusSeconds(3600)));
    JobHandle running = flow.submit(SlowJobs.TYPE, "{}");
    slow.advance(running.id(), 4);
    JobHandle halfway = flow.submit(SlowJobs.TYPE, "{}");
    slow.advance(halfway.id(), 7);
    waitUntil(() -> waiting.status().waitReason().isPresent());
    // the engine has got there before the page looks: the picture never depends on timing
    waitUntil(() -> running.status().progress().percent() == 40);
    waitUntil(() -> halfway.status().progress().percent() == 70);

    openSignedIn("#/jobs");
    waitFor(d -> "40".equals(bar(running.id()).getDomProperty("value")));
    waitFor(d -> "70".equals(bar(halfway.id()).getDomProperty("value")));
    live();
    assertThat(text(row(dead.id()))).contains("DEAD");
    assertThat(text(row(later.id()))).contains("SCHEDULED");
    assertThat(text(row(waiting.id()))).contains("waits: SIGNAL");
    assertThat(severeConsoleLines()).isEmpty();

    byte[] png = browser.getScreenshotAs(OutputType.BYTES);
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    Path shot = Path.of("target", "dashboard.png");
    Files.write(shot, png);
    // the committed picture changes only on request: -Dmediaflow.screenshot=update
    if ("update".equals(System.getProperty("mediaflow.screenshot"))) {
      Path docs = Path.of("..", "docs", "images", "dashboard.png");
      Files.createDirectories(docs.getParent());
      Files.copy(shot, docs, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  // ------------------------------------------------------------------------------- helpers

  private void signIn() {
    WebElement input = visible(By.id("api-key"));
    input.clear();
    input.sendKeys(key);
    browser.findElement(By.id("login-submit")).click();
    visible(By.id("nav"));
    live();
  }

  /** Waits until the page's event stream is open and the view read again after it opened. */
  private void live() {
    waitFor(d -> text(By.id("live")).equals("Live"));
  }

  private void openSignedIn(String hash) {
    browser.get(home.resolve("/" + hash).toString());
    signIn();
  }

  private WebElement row(String jobId) {
    return browser.findElement(By.cssSelector("tr[data-job-id='" + jobId + "']"));
  }

  private By progressCell(String jobId) {
    return By.cssSelector("[data-progress='" + jobId + "']");
  }

  private WebElement bar(String jobId) {
    return browser.findElement(By.cssSelector("[data-progress='" + jobId + "'] progress"));
  }

  private String text(By by) {
    List<WebElement> found = browser.findElements(by);
    return found.isEmpty() ? "" : found.get(0).getText();
  }

  private String text(WebElement element) {
    return element.getText();
  }

  private Object js(String js, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(js, args);
  }

  private String script(String js) {
    return String.valueOf(((JavascriptExecutor) browser).executeScript(js));
  }

  private WebElement visible(By by) {
    return new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  private WebElement clickable(By by) {
    return new WebDriverWait(browser, WAIT).until(ExpectedConditions.elementToBeClickable(by));
  }

  private void waitFor(Function<WebDriver, Boolean> condition) {
    try {
      new WebDriverWait(browser, WAIT)
          .pollingEvery(Duration.ofMillis(50))
          .ignoring(NoSuchElementException.class)
          .ignoring(StaleElementReferenceException.class)
          .until(condition);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "the page did not get there in "
              + WAIT
              + "; it shows:\n"
              + text(By.tagName("body"))
              + "\nits console:\n"
              + String.join("\n", severeConsoleLines()),
          e);
    }
  }

  private void waitUntil(Supplier<Boolean> condition) {
    new WebDriverWait(browser, WAIT)
        .pollingEvery(Duration.ofMillis(20))
        .until(d -> condition.get());
  }

  /**
   * Inputs and selects on screen that no label names (label[for], a wrapping label, aria-label).
   */
  private List<String> unlabelledInputs() {
    Object found =
        ((JavascriptExecutor) browser)
            .executeScript(
                "return [...document.querySelectorAll('input, select, textarea')]"
                    + ".filter(e => e.offsetParent !== null)"
                    + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')"
                    + " && !e.getAttribute('aria-labelledby'))"
                    + ".map(e => e.outerHTML)");
    @SuppressWarnings("unchecked")
    List<String> list = (List<String>) found;
    return list;
  }

  private List<String> severeConsoleLines() {
    List<String> lines = new ArrayList<>();
    for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
        lines.add(entry.getMessage());
      }
    }
    return lines;
  }
}
