package io.netfence.admin.traffic;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Trusts an agent's certificate only if its chain verifies up to the agents' CA (PKIX, the CA file as the only trust
 * anchor) and its DNS subject alternative names include the one fixed agent identity, e.g.
 * {@code nf-netfence-agent.netfence.svc}. The console reaches agents by node IP, which no certificate names in advance,
 * so the JDK's check of the URL's host is replaced by this check of the fixed name: a certificate from the same CA for
 * any other name (a CA shared through cert-manager) is refused.
 */
final class AgentServerTrustManager extends X509ExtendedTrustManager {

    /** Why an agent's certificate was refused, found again in the handshake failure's causes. */
    static final class UntrustedAgentException extends CertificateException {
        UntrustedAgentException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final X509TrustManager pkix;
    private final String serverName;
    private final String caSource;

    AgentServerTrustManager(X509TrustManager pkix, String serverName, String caSource) {
        this.pkix = pkix;
        this.serverName = serverName;
        this.caSource = caSource;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, authType);
    }

    private void check(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new UntrustedAgentException("the agent sent no certificate", null);
        }
        try {
            pkix.checkServerTrusted(chain, authType);   // chain, validity, key usage; no host name
        } catch (CertificateException e) {
            throw new UntrustedAgentException("the agent's certificate (" + chain[0].getSubjectX500Principal().getName()
                    + ") does not verify against the agents' CA in " + caSource + ": " + e.getMessage(), e);
        }
        List<String> names = dnsNames(chain[0]);
        if (names.stream().noneMatch(serverName::equalsIgnoreCase)) {
            throw new UntrustedAgentException("the agent's certificate is for " + (names.isEmpty() ? "no DNS name" : names)
                    + ", not for " + serverName + " (netfence.console.agent-flows.server-name)", null);
        }
    }

    private static List<String> dnsNames(X509Certificate cert) throws CertificateParsingException {
        List<String> names = new ArrayList<>();
        Collection<List<?>> sans = cert.getSubjectAlternativeNames();
        if (sans != null) {
            for (List<?> san : sans) {
                if (san.size() >= 2 && Integer.valueOf(2).equals(san.get(0)) && san.get(1) instanceof String name) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("the console trusts agents as servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("the console trusts agents as servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the console trusts agents as servers only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }
}
