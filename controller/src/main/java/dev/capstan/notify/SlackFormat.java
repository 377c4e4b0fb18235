package dev.capstan.notify;

import java.util.Map;

/**
 * A Slack incoming-webhook message: {@code {"text": ...}}, one line a person reads at a glance,
 * like {@code prod: Deployed main at 1a2b3c4 "Fix login" on web1, web2}.
 */
public final class SlackFormat implements NotificationFormat {

  private static final int SHORT_COMMIT = 7;

  @Override
  public String body(Notification n) {
    return Json.write(Map.of("text", line(n)));
  }

  static String line(Notification n) {
    StringBuilder text = new StringBuilder();
    text.append(n.environment()).append(": ").append(n.event().name());
    if (n.revision() != null) {
      text.append(' ').append(n.revision());
    }
    if (n.commit() != null) {
      String commit = n.commit();
      text.append(" at ").append(commit, 0, Math.min(SHORT_COMMIT, commit.length()));
    }
    if (n.commitSubject() != null) {
      text.append(" \"").append(n.commitSubject()).append('"');
    }
    if (!n.hosts().isEmpty()) {
      text.append(" on ").append(String.join(", ", n.hosts()));
    }
    if (n.reason() != null) {
      text.append(": ").append(n.reason());
    }
    return text.toString();
  }
}
