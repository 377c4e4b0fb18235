package dev.capstan.reconcile;

import java.util.Optional;

/** Where recorded statuses go: a state folder in file mode, the status subresource in Kubernetes. */
public interface StatusStore {

  StatusStore NONE = new StatusStore() {
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

  void remove(String environment);

  Optional<EnvironmentStatus> read(String environment);
}
