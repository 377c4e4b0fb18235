package dev.capstan.host;

import java.io.IOException;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;

/**
 * sshj's {@code publickey} method for one key held by an ssh-agent: the server is first asked
 * whether it accepts the public key, and only then is the agent asked to sign the request. RSA keys
 * sign with SHA-512 ({@code rsa-sha2-512}, what OpenSSH 8.8 and later accept), never SHA-1.
 */
final class AgentAuth extends AbstractAuthMethod {

  private final SshAgent agent;
  private final SshAgent.Identity identity;
  private final String algorithm;
  private final int flags;

  AgentAuth(SshAgent agent, SshAgent.Identity identity) {
    super("publickey");
    this.agent = agent;
    this.identity = identity;
    String type = identity.type();
    if (type.equals("ssh-rsa")) {
      this.algorithm = "rsa-sha2-512";
      this.flags = SshAgent.RSA_SHA2_512;
    } else {
      this.algorithm = type;
      this.flags = 0;
    }
  }

  @Override
  public void handle(Message cmd, SSHPacket buf) throws UserAuthException, TransportException {
    if (cmd == Message.USERAUTH_60) {
      // SSH_MSG_USERAUTH_PK_OK: the server takes this key; now prove we hold it.
      SSHPacket request = buildReq(true);
      byte[] signed =
          new Buffer.PlainBuffer()
              .putString(params.getTransport().getSessionID())
              .putBuffer(request)
              .getCompactData();
      byte[] signature;
      try {
        signature = agent.sign(identity.blob(), signed, flags);
      } catch (IOException | RuntimeException e) {
        throw new UserAuthException("ssh-agent could not sign: " + e.getMessage(), e);
      }
      request.putString(signature);
      params.getTransport().write(request);
    } else {
      super.handle(cmd, buf);
    }
  }

  @Override
  protected SSHPacket buildReq() throws UserAuthException {
    return buildReq(false);
  }

  private SSHPacket buildReq(boolean signed) throws UserAuthException {
    SSHPacket request = super.buildReq();
    request.putBoolean(signed).putString(algorithm).putString(identity.blob());
    return request;
  }

  @Override
  public String toString() {
    return "ssh-agent key " + identity.comment() + " (" + identity.type() + ")";
  }
}
