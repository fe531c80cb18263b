package dev.meshguard.testing;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;

/** Real X.509 client certificates with a SPIFFE URI SAN, made by the JDK's keytool (cached per JVM). */
public final class TestCerts {
    private static final Map<String, X509Certificate> CACHE = new HashMap<>();

    private TestCerts() {
    }

    /** A self-signed certificate whose URI SAN is {@code spiffeId}. */
    public static synchronized X509Certificate spiffe(String spiffeId) {
        return CACHE.computeIfAbsent(spiffeId, id -> {
            try {
                Path dir = Files.createTempDirectory("meshguard-cert");
                String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
                run(keytool, "-genkeypair", "-alias", "c", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=workload",
                        "-ext", "SAN=uri:" + id, "-validity", "2", "-keystore", dir.resolve("k.p12").toString(),
                        "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
                run(keytool, "-exportcert", "-rfc", "-alias", "c", "-keystore", dir.resolve("k.p12").toString(),
                        "-storepass", "changeit", "-file", dir.resolve("c.pem").toString());
                try (InputStream in = Files.newInputStream(dir.resolve("c.pem"))) {
                    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
    }
}
