package dev.capstan.bench;

/**
 * What every tool does per release. FULL is the recipe: the commit's tree, shared logs, a
 * virtualenv of /usr/bin/python3 with system site packages, {@code pip install -r requirements.txt}
 * with nothing to install, one build step, switch, activate, health check, keep 3. LIGHT leaves out
 * the virtualenv, pip and the build step: the test suite's smoke run (which must stay fast on a
 * busy machine) and the controller's memory load use it.
 */
enum Recipe {
  FULL,
  LIGHT
}
