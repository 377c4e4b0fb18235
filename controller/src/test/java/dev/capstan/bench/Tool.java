package dev.capstan.bench;

/** The deployment tools compared; the hand-written script is the baseline of every ratio. */
enum Tool {
  CAPSTAN("Capstan", "capstan"),
  HAND_SCRIPT("hand script", "handscript"),
  CAPISTRANO("Capistrano", "capistrano"),
  ANSIBLE("Ansible", "ansible");

  private final String label;
  private final String id;

  Tool(String label, String id) {
    this.label = label;
    this.id = id;
  }

  /** As shown in the table. */
  String label() {
    return label;
  }

  /** As given on the command line ({@code --tools capstan,handscript}) and its deploy folder. */
  String id() {
    return id;
  }

  static Tool byId(String id) {
    for (Tool tool : values()) {
      if (tool.id.equals(id)) {
        return tool;
      }
    }
    throw new IllegalArgumentException(
        "unknown tool " + id + "; known: capstan, handscript, capistrano, ansible");
  }
}
