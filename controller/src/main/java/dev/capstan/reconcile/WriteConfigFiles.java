package dev.capstan.reconcile;

import dev.capstan.release.Action;
import java.util.List;

/**
 * Writes the config files whose content on a host differs from their source (or that are missing)
 * into its {@code shared/}, under the lock and before any build, so build steps read them too. The
 * services that read them restart later in the pass: with the switch, or by {@link
 * CorrectServices}. Only paths reach progress and status, never content.
 */
final class WriteConfigFiles implements PassStep {

  @Override
  public Next run(PassState pass) {
    List<HostRun> writing =
        pass.changing().stream()
            .filter(h -> h.usable() && h.lock() != null && h.plan().writeConfigFiles().isPresent())
            .toList();
    pass.each(
        writing,
        host -> {
          pass.markChanged();
          Action.WriteConfigFiles write = host.plan().writeConfigFiles().orElseThrow();
          pass.deployer(host).writeConfigFiles(write, pass.configFiles());
          host.changed(
              Change.Kind.CONFIG_FILE_CHANGED,
              "config file " + String.join(", ", write.paths()) + " changed; written");
        },
        pass::failed);
    return Next.CONTINUE;
  }
}
