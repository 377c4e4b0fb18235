package dev.capstan.reconcile;

/**
 * What became of a host in a rollout's waves, as status and the progress log say it: {@code
 * switched}, {@code healthy} (watched for the pause and stayed so), {@code failed: why}, {@code
 * rolled back} (switched, then sent back to the release it left when the rollout stopped), {@code
 * not reached} (the rollout stopped before its wave).
 */
enum WaveVerdict {
  SWITCHED("switched"),
  HEALTHY("healthy"),
  FAILED("failed"),
  ROLLED_BACK("rolled back"),
  NOT_REACHED("not reached");

  private final String text;

  WaveVerdict(String text) {
    this.text = text;
  }

  /** The verdict's words, with {@code why} after a colon when given. */
  String describe(String why) {
    return why == null || why.isBlank() ? text : text + ": " + why;
  }

  @Override
  public String toString() {
    return text;
  }
}
