package dev.capstan.host;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side of the ssh-agent protocol (draft-miller-ssh-agent), over the agent's Unix socket:
 * list the identities it holds and have it sign with one. The private keys never leave the agent.
 * One socket connection per request, so the agent may be restarted between them.
 */
final class SshAgent {

  private static final byte FAILURE = 5;
  private static final byte REQUEST_IDENTITIES = 11;
  private static final byte IDENTITIES_ANSWER = 12;
  private static final byte SIGN_REQUEST = 13;
  private static final byte SIGN_RESPONSE = 14;

  /** Flags of a sign request: which hash an RSA key signs with (ssh-rsa, SHA-1, is 0). */
  static final int RSA_SHA2_256 = 2;

  static final int RSA_SHA2_512 = 4;
  private static final int MAX_MESSAGE = 256 * 1024;

  /** One key the agent holds: its public key blob (wire format) and its comment. */
  record Identity(byte[] blob, String comment) {

    /** The key type written first in the blob: {@code ssh-ed25519}, {@code ssh-rsa}, … */
    String type() {
      ByteBuffer buffer = ByteBuffer.wrap(blob);
      return new String(readString(buffer), StandardCharsets.UTF_8);
    }
  }

  private final Path socket;

  SshAgent(Path socket) {
    this.socket = socket;
  }

  Path socket() {
    return socket;
  }

  /** The identities the agent holds, in its order. */
  List<Identity> identities() throws IOException {
    ByteBuffer answer = request(new byte[] {REQUEST_IDENTITIES});
    byte type = answer.get();
    if (type != IDENTITIES_ANSWER) {
      throw new IOException("the agent at " + socket + " answered " + type + " to a list request");
    }
    int count = answer.getInt();
    List<Identity> identities = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] blob = readString(answer);
      String comment = new String(readString(answer), StandardCharsets.UTF_8);
      identities.add(new Identity(blob, comment));
    }
    return identities;
  }

  /** The signature blob ({@code string algorithm, string signature}) over {@code data}. */
  byte[] sign(byte[] keyBlob, byte[] data, int flags) throws IOException {
    ByteBuffer message = ByteBuffer.allocate(1 + 4 + keyBlob.length + 4 + data.length + 4);
    message.put(SIGN_REQUEST);
    putString(message, keyBlob);
    putString(message, data);
    message.putInt(flags);
    ByteBuffer answer = request(message.array());
    byte type = answer.get();
    if (type == FAILURE) {
      throw new IOException(
          "the agent at " + socket + " refused to sign (key removed, or locked?)");
    }
    if (type != SIGN_RESPONSE) {
      throw new IOException("the agent at " + socket + " answered " + type + " to a sign request");
    }
    return readString(answer);
  }

  private ByteBuffer request(byte[] payload) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer out = ByteBuffer.allocate(4 + payload.length);
      out.putInt(payload.length).put(payload).flip();
      while (out.hasRemaining()) {
        channel.write(out);
      }
      ByteBuffer length = readFully(channel, 4);
      int size = length.getInt();
      if (size <= 0 || size > MAX_MESSAGE) {
        throw new IOException("the agent at " + socket + " sent a message of " + size + " bytes");
      }
      return readFully(channel, size);
    }
  }

  private ByteBuffer readFully(SocketChannel channel, int size) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(size);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new IOException("the agent at " + socket + " closed the connection mid-answer");
      }
    }
    return buffer.flip();
  }

  private static void putString(ByteBuffer buffer, byte[] value) {
    buffer.putInt(value.length).put(value);
  }

  private static byte[] readString(ByteBuffer buffer) {
    int length = buffer.getInt();
    if (length < 0 || length > buffer.remaining()) {
      throw new IllegalArgumentException("malformed agent message");
    }
    byte[] value = new byte[length];
    buffer.get(value);
    return value;
  }
}
