package dev.capstan.server;

/** One named metric family that can render its HELP, TYPE and sample lines. */
interface MetricFamily {

  String name();

  void render(TextFormat out);
}
