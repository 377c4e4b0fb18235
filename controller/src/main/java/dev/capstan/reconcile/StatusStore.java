package dev.capstan.reconcile;

import dev.capstan.model.Environment;
import java.util.Optional;

/**
 * Where recorded statuses go: a state folder in file mode, the status subresource in Kubernetes.
 */
public interface StatusStore {

  StatusStore NONE =
      new StatusStore() {
        @Override
        public void write(EnvironmentStatus status) {}

        @Override
        public void remove(String environment) {}

        @Override
        public Optional<EnvironmentStatus> read(String environment) {
          return Optional.empty();
        }
      };

  void write(EnvironmentStatus status);

  /**
   * Records a status together with the spec it reflects ({@code reconciled}, null when no valid
   * spec is known): Kubernetes mode reports the generation of that spec as observedGeneration.
   */
  default void write(EnvironmentStatus status, Environment reconciled) {
    write(status);
  }

  void remove(String environment);

  Optional<EnvironmentStatus> read(String environment);
}
