package dev.capstan.testing;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Linux network namespace of its own for one test, joined to this machine by a veth pair: the
 * namespace's end is {@link #innerAddress()} (reachable from the test), and its loopback (127.0.0.1
 * inside) is reachable only from processes in the namespace, which is what a host behind a bastion
 * needs. Made with {@code ip netns} and deleted by {@link #close()}.
 */
public final class NetworkNamespace implements AutoCloseable {

  private final String name;
  private final String outerAddress;
  private final String innerAddress;

  private NetworkNamespace(String name, String outerAddress, String innerAddress) {
    this.name = name;
    this.outerAddress = outerAddress;
    this.innerAddress = innerAddress;
  }

  public static NetworkNamespace create() {
    OpenSshTools.requireRoot("a network namespace");
    OpenSshTools.require("ip", "iproute2");
    int id = ThreadLocalRandom.current().nextInt(1, 16000);
    String name = "capstan-" + id;
    // A /30 in 10.123.0.0/16 of its own: 4 addresses per namespace.
    int base = (id % 16000) * 4;
    String prefix = "10.123." + (base / 256) + ".";
    String outer = prefix + (base % 256 + 1);
    String inner = prefix + (base % 256 + 2);
    String outside = "cpo" + id;
    String inside = "cpi" + id;
    NetworkNamespace namespace = new NetworkNamespace(name, outer, inner);
    ip("netns", "add", name);
    try {
      ip("link", "add", outside, "type", "veth", "peer", "name", inside);
      ip("link", "set", inside, "netns", name);
      ip("addr", "add", outer + "/30", "dev", outside);
      ip("link", "set", outside, "up");
      ip("netns", "exec", name, "ip", "addr", "add", inner + "/30", "dev", inside);
      ip("netns", "exec", name, "ip", "link", "set", inside, "up");
      ip("netns", "exec", name, "ip", "link", "set", "lo", "up");
      return namespace;
    } catch (RuntimeException e) {
      namespace.close();
      throw e;
    }
  }

  /** The name for {@code ip netns exec}. */
  public String name() {
    return name;
  }

  /** The namespace's own end of the veth pair, reachable from the test. */
  public String innerAddress() {
    return innerAddress;
  }

  /** This machine's end of the veth pair. */
  public String outerAddress() {
    return outerAddress;
  }

  /** Deletes the namespace, and with it the veth pair; stop what runs in it first. */
  @Override
  public void close() {
    ip("netns", "delete", name);
  }

  private static void ip(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    OpenSshTools.run(command);
  }
}
