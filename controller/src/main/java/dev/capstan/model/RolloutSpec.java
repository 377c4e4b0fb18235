package dev.capstan.model;

/** How many hosts of an Environment switch to a new release at once. */
public record RolloutSpec(int maxParallel) {

  public static final RolloutSpec DEFAULT = new RolloutSpec(1);
}
