package dev.meshguard.net;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * The TLS trust of every outbound call the agent makes (key-set fetches, the external authorizer): the JVM's default
 * trust store, plus the CA certificates of {@code MESHGUARD_JWKS_CA_FILE} when it is set. Built once at start-up; a
 * file that cannot be used is a problem the caller reports, and https calls then fail rather than trust less.
 */
public final class TrustedTls {
    private final SSLContext context;
    private final String problem;

    private TrustedTls(SSLContext context, String problem) {
        this.context = context;
        this.problem = problem;
    }

    /** The JVM's trust, plus {@code caFile}'s certificates when it is not null. */
    public static TrustedTls of(String caFile) {
        if (caFile == null) {
            return new TrustedTls(null, null);
        }
        try {
            return new TrustedTls(trusting(caFile), null);
        } catch (IOException | GeneralSecurityException e) {
            return new TrustedTls(null, "MESHGUARD_JWKS_CA_FILE '" + caFile + "' cannot be used: " + e.getMessage());
        }
    }

    /** The context to use, or null for the JVM's default; check {@link #problem()} first. */
    public SSLContext context() { return context; }

    /** Why the configured CA file cannot be used; null when it can (or none is set). */
    public String problem() { return problem; }

    /** The context to use, the JVM's default when no CA file is set; fails when the CA file cannot be used. */
    public SSLContext require() throws IOException {
        if (problem != null) {
            throw new IOException(problem);
        }
        try {
            return context != null ? context : SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new IOException("the JVM has no default TLS context: " + e.getMessage(), e);
        }
    }

    private static SSLContext trusting(String caFile) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        try (InputStream in = Files.newInputStream(Paths.get(caFile))) {
            for (java.security.cert.Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
        }
        if (i == 0) {
            throw new CertificateException("no certificate in the file");
        }
        final X509TrustManager extra = trustManager(store);
        final X509TrustManager system = trustManager(null);
        TrustManager both = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                system.checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                try {
                    extra.checkServerTrusted(chain, authType);
                } catch (CertificateException e) {
                    system.checkServerTrusted(chain, authType);
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                X509Certificate[] a = system.getAcceptedIssuers();
                X509Certificate[] b = extra.getAcceptedIssuers();
                X509Certificate[] all = Arrays.copyOf(a, a.length + b.length);
                System.arraycopy(b, 0, all, a.length, b.length);
                return all;
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {both}, null);
        return context;
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        for (TrustManager tm : f.getTrustManagers()) {
            if (tm instanceof X509TrustManager) {
                return (X509TrustManager) tm;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }
}
