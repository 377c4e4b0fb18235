package dev.capstan.host;

import com.hierynomus.sshj.transport.cipher.BlockCiphers;
import com.hierynomus.sshj.transport.cipher.ChachaPolyCiphers;
import com.hierynomus.sshj.transport.cipher.GcmCiphers;
import com.hierynomus.sshj.transport.kex.DHGroups;
import com.hierynomus.sshj.transport.kex.ExtInfoClientFactory;
import com.hierynomus.sshj.transport.kex.ExtendedDHGroups;
import com.hierynomus.sshj.transport.mac.Macs;
import java.util.ArrayList;
import java.util.List;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.transport.cipher.Cipher;
import net.schmizz.sshj.transport.kex.Curve25519SHA256;
import net.schmizz.sshj.transport.kex.DHGexSHA256;
import net.schmizz.sshj.transport.kex.ECDHNistP;

/**
 * The algorithms Capstan offers a host, best first: the ones the JDK runs fastest among those still
 * considered safe. In an SSH negotiation the client's order decides, and sshj's default order puts
 * chacha20-poly1305 (Poly1305 in plain Java), then CBC modes, and hmac-sha1 first; it also offers
 * and self-tests about thirty ciphers (Blowfish, IDEA, Twofish…) at every start of a command.
 *
 * <p>Here: AES-GCM first (AES-NI and CLMUL intrinsics in the JDK, no separate MAC), then
 * chacha20-poly1305 and AES-CTR with SHA-2 MACs for servers without GCM; key exchange by X25519,
 * then the NIST curves and SHA-2 Diffie-Hellman groups. Nothing based on SHA-1 key exchange, MD5,
 * RC4, CBC or 3DES is offered. hmac-sha1 stays last, for old servers that have nothing else: as an
 * HMAC it is not broken. OpenSSH has preferred these since 6.x; every host with OpenSSH 7.4 or
 * later (Debian 9, RHEL 7.4, Ubuntu 18.04) agrees on AES-GCM and X25519.
 */
final class SshAlgorithms extends DefaultConfig {

  SshAlgorithms() {
    // Keepalive requests expect an answer, so a silently dropped connection is noticed.
    setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
  }

  @Override
  protected void initKeyExchangeFactories() {
    setKeyExchangeFactories(
        new Curve25519SHA256.Factory(),
        new Curve25519SHA256.FactoryLibSsh(),
        new ECDHNistP.Factory256(),
        new ECDHNistP.Factory384(),
        new ECDHNistP.Factory521(),
        new DHGexSHA256.Factory(),
        DHGroups.Group14SHA256(),
        DHGroups.Group16SHA512(),
        DHGroups.Group18SHA512(),
        ExtendedDHGroups.Group14SHA256AtSSH(),
        new ExtInfoClientFactory());
  }

  @Override
  protected void initCipherFactories() {
    List<Factory.Named<Cipher>> usable = new ArrayList<>();
    for (Factory.Named<Cipher> cipher :
        List.of(
            GcmCiphers.AES128GCM(),
            GcmCiphers.AES256GCM(),
            ChachaPolyCiphers.CHACHA_POLY_OPENSSH(),
            BlockCiphers.AES128CTR(),
            BlockCiphers.AES192CTR(),
            BlockCiphers.AES256CTR())) {
      if (runs(cipher)) {
        usable.add(cipher);
      }
    }
    setCipherFactories(usable);
  }

  /** Whether this JDK can run the cipher (as DefaultConfig checks each of its own). */
  private static boolean runs(Factory.Named<Cipher> factory) {
    try {
      Cipher cipher = factory.create();
      cipher.init(
          Cipher.Mode.Encrypt, new byte[cipher.getBlockSize()], new byte[cipher.getIVSize()]);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  protected void initMACFactories() {
    setMACFactories(
        Macs.HMACSHA2256Etm(),
        Macs.HMACSHA2512Etm(),
        Macs.HMACSHA2256(),
        Macs.HMACSHA2512(),
        Macs.HMACSHA1Etm(),
        Macs.HMACSHA1());
  }
}
