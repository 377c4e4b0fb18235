package dev.capstan.server;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.capstan.reconcile.EnvironmentStatus;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * Renders the status page ({@code GET /}) from the Mustache template {@code status-page.mustache}
 * beside this class. Mustache escapes every {@code {{value}}} as HTML, and the template has no
 * triple mustache, so environment, host and service names, reasons and commit subjects, which all
 * come from users, can never add markup. The page refreshes itself every {@value #REFRESH_SECONDS}
 * seconds and needs no script.
 */
public final class StatusPage {

  public static final int REFRESH_SECONDS = 5;
  static final String TEMPLATE = "status-page.mustache";

  /** Compiled once; a compiled Mustache may be executed by many threads at once. */
  private static final Mustache COMPILED =
      new DefaultMustacheFactory("dev/capstan/server").compile(TEMPLATE);

  private StatusPage() {}

  /** The HTML of {@code page}. */
  public static String render(StatusPageModel.Page page) {
    StringWriter out = new StringWriter();
    try {
      COMPILED.execute(out, new Scope(page, REFRESH_SECONDS)).flush();
    } catch (java.io.IOException e) {
      throw new UncheckedIOException("a StringWriter does not fail", e);
    }
    return out.toString();
  }

  /** A source that renders the statuses and histories known at each request. */
  public static StatusPageSource source(
      Supplier<List<EnvironmentStatus>> statuses, StatusPageHistories histories, Clock clock) {
    return () -> render(StatusPageModel.of(statuses.get(), histories.histories(), clock.instant()));
  }

  /** What the template sees at its root. */
  public record Scope(StatusPageModel.Page page, int refreshSeconds) {}
}
