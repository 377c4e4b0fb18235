package dev.capstan.bench;

import java.nio.file.Path;

/**
 * Where and what a tool deploys: the fleet and its deploy folder on every host, the app's
 * repository, the recipe, the checked-in {@code bench/} folder with the tools' configurations, and
 * a scratch folder for generated files and logs.
 */
record ToolSite(
    HostSlice fleet, String folder, BenchApp app, Recipe recipe, Path benchDir, Path work) {

  String deployPath() {
    return fleet.deployPath(folder);
  }

  /** The tool's log of every command it ran. */
  Path log(Tool tool) {
    return work.resolve(tool.id() + "-" + folder + ".log");
  }
}
