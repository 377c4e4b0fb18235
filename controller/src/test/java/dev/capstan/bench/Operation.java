package dev.capstan.bench;

/** What the benchmark measures, in the order of its table. */
enum Operation {
  FIRST_DEPLOY("first deploy (fresh deploy path)", "s"),
  CODE_ONLY_DEPLOY("code-only deploy (requirements unchanged)", "s"),
  NO_OP_CHECK("no-op check (Capstan: `apply` with nothing to do)", "s"),
  ROLLBACK("rollback to the previous release", "s"),
  VALIDATE("`validate` (CPU of the Capstan process, JVM start included)", "CPU s"),
  NO_OP_LOCAL("no-op `apply` on local, no SSH (CPU of the Capstan process)", "CPU s"),
  DRIFT_ROUND("drift-check round (Capstan: inside the running controller)", "s"),
  PEAK_RSS("controller peak RSS (VmHWM)", "MiB");

  private final String label;
  private final String unit;

  Operation(String label, String unit) {
    this.label = label;
    this.unit = unit;
  }

  String label() {
    return label;
  }

  String unit() {
    return unit;
  }

  /** Whether the other tools do this too (the short commands and the controller are Capstan's). */
  boolean comparedWithOtherTools() {
    return this != PEAK_RSS && this != VALIDATE && this != NO_OP_LOCAL;
  }
}
