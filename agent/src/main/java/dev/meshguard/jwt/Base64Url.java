package dev.meshguard.jwt;

/**
 * Strict, canonical base64url without padding (RFC 7515 section 2): only {@code A-Z a-z 0-9 - _}, no {@code =}, no
 * whitespace, and unused trailing bits must be zero, so one byte string has exactly one spelling.
 */
public final class Base64Url {
    private static final int[] VALUE = new int[128];

    static {
        java.util.Arrays.fill(VALUE, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUE[alphabet.charAt(i)] = i;
        }
    }

    private Base64Url() {
    }

    /** Decodes {@code s[from, to)}; returns null when it is not strict canonical base64url. */
    public static byte[] decode(String s, int from, int to) {
        int len = to - from;
        if (len % 4 == 1) {
            return null;
        }
        byte[] out = new byte[len * 3 / 4];
        int acc = 0;
        int bits = 0;
        int o = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            int v = c < 128 ? VALUE[c] : -1;
            if (v < 0) {
                return null;
            }
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (acc >> bits);
                acc &= (1 << bits) - 1;
            }
        }
        if (acc != 0) {
            return null;
        }
        return out;
    }

    public static byte[] decode(String s) {
        return decode(s, 0, s.length());
    }
}
