package dev.capstan.cli;

import dev.capstan.kube.KubePins;
import dev.capstan.reconcile.Pins;

/** Opens the Kubernetes {@link Pins}; its own class so file mode never loads a fabric8 class. */
final class KubernetesPins {

  private KubernetesPins() {}

  static Pins open(String namespace) {
    return KubePins.connect(namespace);
  }
}
