package dev.capstan.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ansible with the checked-in playbooks of {@code bench/ansible} (deploy_helper) and an inventory
 * written here with each host's port, the key and the known_hosts file.
 */
final class AnsibleTool implements DeployTool {

  private final ToolSite site;
  private final Path inventory;

  AnsibleTool(ToolSite site) {
    this.site = site;
    this.inventory = site.work().resolve("ansible-" + site.folder() + ".ini");
  }

  @Override
  public Tool tool() {
    return Tool.ANSIBLE;
  }

  @Override
  public Timing deploy(String commit) {
    return playbook("deploy.yml", commit);
  }

  @Override
  public Timing check(String commit) {
    return playbook("check.yml", commit);
  }

  @Override
  public Timing rollback(String previousCommit) {
    return playbook("rollback.yml", previousCommit);
  }

  private Timing playbook(String playbook, String commit) {
    writeInventory();
    Path dir = site.benchDir().resolve("ansible");
    String vars =
        json(
            Map.of(
                "repo",
                site.app().repository().toString(),
                "commit",
                commit,
                "deploy_to",
                site.deployPath(),
                "work_dir",
                site.work().toString()));
    return ToolCommand.run(
        "ansible-playbook " + playbook,
        List.of("ansible-playbook", "-i", inventory.toString(), playbook, "-e", vars),
        Map.of("ANSIBLE_CONFIG", dir.resolve("ansible.cfg").toString(), "ANSIBLE_NOCOLOR", "1"),
        dir,
        site.log(tool()));
  }

  private static String json(Map<String, String> vars) {
    try {
      return new ObjectMapper().writeValueAsString(vars);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void writeInventory() {
    List<String> lines = new ArrayList<>(List.of("[bench]"));
    List<String> hosts = site.fleet().hostPorts();
    for (int i = 0; i < hosts.size(); i++) {
      String port = hosts.get(i).substring(hosts.get(i).lastIndexOf(':') + 1);
      lines.add("h" + i + " ansible_host=127.0.0.1 ansible_port=" + port);
    }
    lines.addAll(
        List.of(
            "",
            "[bench:vars]",
            "ansible_user=root",
            "ansible_ssh_private_key_file=" + site.fleet().privateKey(),
            "ansible_ssh_common_args='-o UserKnownHostsFile="
                + site.fleet().knownHosts()
                + " -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes'"));
    try {
      Files.write(inventory, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
