package dev.capstan.reconcile;

import dev.capstan.model.Application;
import dev.capstan.model.Environment;
import dev.capstan.notify.Notification;
import java.util.List;
import java.util.Map;

/** Where an Environment's notifications go: its {@code notify} webhooks. */
public interface Notices extends AutoCloseable {

  /** Sends none, shows none. */
  Notices NONE =
      new Notices() {
        @Override
        public void send(Application application, Environment environment, List<Notification> n) {}

        @Override
        public Map<String, String> lastDeliveries(String environment) {
          return Map.of();
        }

        @Override
        public void close() {}
      };

  /**
   * Hands the notifications to each of the Environment's webhooks that wants its event, unless its
   * key was sent before; never waits for a delivery.
   */
  void send(Application application, Environment environment, List<Notification> notifications);

  /** Each webhook's last delivery ({@code notify[0] (slack)} -> what happened), for status. */
  Map<String, String> lastDeliveries(String environment);

  @Override
  void close();
}
