package dev.capstan.reconcile;

import dev.capstan.release.Action;
import java.util.List;

/** Links the shared folders and files that are missing from a host's live release. */
final class RelinkShared implements PassStep {

  @Override
  public Next run(PassState pass) {
    List<HostRun> relinking =
        pass.changing().stream()
            .filter(h -> h.usable() && h.plan().linkShared().isPresent())
            .toList();
    pass.each(
        relinking,
        host -> {
          pass.markChanged();
          Action.LinkShared relink = host.plan().linkShared().orElseThrow();
          pass.deployer(host).linkShared(relink);
          host.changed(
              Change.Kind.SHARED_LINK_MISSING,
              "shared link missing (" + String.join(", ", relink.paths()) + "); relinked");
          host.ready();
        },
        pass::failed);
    return Next.CONTINUE;
  }
}
