import com.fasterxml.jackson.databind.ObjectMapper;
import net.bytebuddy.ByteBuddy;
import org.jose4j.jwk.JsonWebKey;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Uses the application's own Jackson, jose4j, Byte Buddy and SLF4J/Logback, which differ in version from the
 * agent's, and says which jar each came from.
 */
public final class LibraryProbe {
    private LibraryProbe() {
    }

    public static String[][] libraries() throws Exception {
        String json = new ObjectMapper().writeValueAsString(Map.of("ok", true));
        JsonWebKey jwk = JsonWebKey.Factory.newJwk("{\"kty\":\"oct\",\"k\":\"AAECAwQFBgcICQoLDA0ODw\"}");
        String generated = new ByteBuddy().subclass(Object.class).make().getTypeDescription().getName();
        LoggerFactory.getLogger(LibraryProbe.class).info("probe used jackson {} jose4j {} byte-buddy {}", json, jwk.getKeyType(), generated);
        return new String[][] {
                {"jackson", jar(ObjectMapper.class)},
                {"jose4j", jar(JsonWebKey.class)},
                {"bytebuddy", jar(ByteBuddy.class)},
                {"slf4j", jar(LoggerFactory.class) + " " + LoggerFactory.getILoggerFactory().getClass().getName()},
        };
    }

    private static String jar(Class<?> c) {
        String path = c.getProtectionDomain().getCodeSource().getLocation().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
