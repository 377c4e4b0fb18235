package dev.capstan.bench;

/** What the benchmark measures, in the order of its table. */
enum Operation {
  FIRST_DEPLOY("first deploy (fresh deploy path)", "s"),
  CODE_ONLY_DEPLOY("code-only deploy (requirements unchanged)", "s"),
  NO_OP_CHECK("no-op check (Capstan: `apply` with nothing to do)", "s"),
  ROLLBACK("rollback to the previous release", "s"),
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
}
