package dev.capstan.reconcile;

/** A condition's status, as Kubernetes spells it. */
public enum ConditionStatus {
  True,
  False,
  Unknown;

  public static ConditionStatus of(boolean value) {
    return value ? True : False;
  }
}
