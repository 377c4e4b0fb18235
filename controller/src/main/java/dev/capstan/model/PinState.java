package dev.capstan.model;

import java.util.ArrayList;
import java.util.List;

/**
 * An Environment's pin and vetoes, as one source has them (the spec, the state folder) or as they
 * are in force once merged.
 *
 * @param pin null when not pinned
 */
public record PinState(Pin pin, List<Veto> veto) {

  public static final PinState NONE = new PinState(null, List.of());

  public PinState {
    veto = veto == null ? List.of() : List.copyOf(veto);
  }

  public boolean none() {
    return pin == null && veto.isEmpty();
  }

  /**
   * What is in force when the spec says {@code this} and the operator's commands said {@code
   * operator}: the operator's pin wins (it is the latest word; the spec's was written before),
   * vetoes add up, the operator's reason first for a commit both veto.
   */
  public PinState overlaidBy(PinState operator) {
    List<Veto> all = new ArrayList<>(operator.veto());
    for (Veto mine : veto) {
      if (all.stream().noneMatch(v -> v.commit().equalsIgnoreCase(mine.commit()))) {
        all.add(mine);
      }
    }
    return new PinState(operator.pin() != null ? operator.pin() : pin, all);
  }

  /** The first veto naming {@code fullCommit}, or null. */
  public Veto vetoOf(String fullCommit) {
    return veto.stream().filter(v -> v.matches(fullCommit)).findFirst().orElse(null);
  }
}
