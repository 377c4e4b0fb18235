package dev.capstan.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Environment variables as the specs keep them: in the order written, unmodifiable. */
final class EnvMaps {

  private EnvMaps() {}

  static Map<String, String> copy(Map<String, String> env) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(env));
  }
}
