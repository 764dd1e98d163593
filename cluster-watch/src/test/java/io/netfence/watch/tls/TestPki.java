package io.netfence.watch.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * A throw-away certificate authority for tests (BouncyCastle builds the certificates, EC P-256 keys): the CA, and server
 * certificates it signs for given DNS names, written as the PEM files a {@code kubernetes.io/tls} Secret holds
 * ({@code tls.crt}, {@code tls.key}, {@code ca.crt}).
 */
public final class TestPki {

    /** A certificate and its private key. */
    public record Issued(X509Certificate certificate, PrivateKey key) {

        public String certificatePem() {
            return pem("CERTIFICATE", encoded(certificate));
        }

        public String keyPem() {
            return pem("PRIVATE KEY", key.getEncoded());   // PKCS#8
        }

        /** A PKCS#12-style in-memory key store with this key and certificate (the chain: this certificate only). */
        public KeyStore keyStore(char[] password) {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("server", key, password, new Certificate[]{certificate});
                return store;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Issued ca;

    private TestPki(Issued ca) {
        this.ca = ca;
    }

    /** A new self-signed CA named {@code CN=<commonName>}, valid from an hour ago for a day. */
    public static TestPki newCa(String commonName) {
        KeyPair keys = keyPair();
        X500Name name = new X500Name("CN=" + commonName);
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            return new TestPki(new Issued(sign(builder, keys.getPrivate()), keys.getPrivate()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    public String caPem() {
        return ca.certificatePem();
    }

    /** A server certificate for these DNS names (subject alternative names), valid from an hour ago for a day. */
    public Issued issue(String... dnsNames) {
        Instant now = Instant.now();
        return issue(List.of(dnsNames), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
    }

    public Issued issue(List<String> dnsNames, Instant notBefore, Instant notAfter) {
        KeyPair keys = keyPair();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(), Date.from(notBefore),
                    Date.from(notAfter), new X500Name("CN=" + (dnsNames.isEmpty() ? "no-name" : dnsNames.get(0))), keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.certificate()));
            if (!dnsNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(dnsNames.stream()
                        .map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
            }
            return new Issued(sign(builder, ca.key()), keys.getPrivate());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code tls.crt}, {@code tls.key} and {@code ca.crt} into {@code dir} (as a mounted TLS Secret); returns dir. */
    public Path writeSecret(Path dir, Issued server) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("tls.crt"), server.certificatePem());
            Files.writeString(dir.resolve("tls.key"), server.keyPem());
            Files.writeString(dir.resolve("ca.crt"), caPem());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
