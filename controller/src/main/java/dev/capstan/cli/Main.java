package dev.capstan.cli;

/** Entry point placeholder. */
public final class Main {
  public static void main(String[] args) {}
}
