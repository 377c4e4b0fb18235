package dev.capstan.notify;

import dev.capstan.model.NotifySpec;

/** Writes a notification's HTTP body for one kind of receiver. */
public interface NotificationFormat {

  /** The request body, UTF-8 JSON. */
  String body(Notification notification);

  /** The format for {@code notify[].format}. */
  static NotificationFormat of(NotifySpec.Format format) {
    return switch (format) {
      case GENERIC -> new GenericFormat();
      case SLACK -> new SlackFormat();
    };
  }
}
