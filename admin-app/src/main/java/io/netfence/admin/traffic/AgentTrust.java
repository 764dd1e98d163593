package io.netfence.admin.traffic;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;

/**
 * The TLS context the console reads agents with: the agents' CA (PEM, one or more certificates — two while a CA is
 * being replaced) from the mounted file as the only trust anchors, and the fixed agent name checked by
 * {@link AgentServerTrustManager}. The file is read on each call and the context rebuilt only when its content changed,
 * so a renewed CA (the kubelet updates the mounted Secret) is picked up without a restart.
 */
final class AgentTrust {

    /** The CA file is missing, unreadable or holds no certificate: no agent is called. */
    static final class NoTrustException extends Exception {
        NoTrustException(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    private final Path caPath;
    private final String serverName;
    private byte[] loaded;
    private SSLContext context;

    AgentTrust(Path caPath, String serverName) {
        this.caPath = caPath;
        this.serverName = serverName;
    }

    synchronized SSLContext context() throws NoTrustException {
        byte[] pem;
        try {
            pem = Files.readAllBytes(caPath);
        } catch (NoSuchFileException e) {
            throw new NoTrustException("no agents' CA at " + caPath + " (netfence.console.agent-flows.ca-path; the chart mounts "
                    + "ca.crt of the agents' TLS Secret): flows are read over TLS only", e);
        } catch (IOException e) {
            throw new NoTrustException("cannot read the agents' CA at " + caPath + ": " + e.getMessage(), e);
        }
        if (context != null && Arrays.equals(pem, loaded)) {
            return context;
        }
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
            if (certs.isEmpty()) {
                throw new NoTrustException("no certificate in the agents' CA file " + caPath, null);
            }
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                anchors.setCertificateEntry("agents-ca-" + i++, (X509Certificate) c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(anchors);
            X509TrustManager pkix = Arrays.stream(tmf.getTrustManagers()).filter(X509TrustManager.class::isInstance)
                    .map(X509TrustManager.class::cast).findFirst().orElseThrow();
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[]{new AgentServerTrustManager(pkix, serverName, caPath.toString())}, null);
            context = ssl;
            loaded = pem;
            return ssl;
        } catch (GeneralSecurityException | IOException e) {
            throw new NoTrustException("the agents' CA file " + caPath + " is not PEM certificates: " + e.getMessage(), e);
        }
    }
}
