package dev.capstan.release;

/**
 * One shell command of a recipe, run in {@code /bin/sh} with the release as working directory.
 *
 * @param name what progress and errors call it ({@code virtualenv}, {@code build[0]}, …)
 * @param command shell text; operator-written commands are run as written
 */
public record Step(String name, String command) {}
