package dev.meshguard.authz;

/**
 * A single IP or CIDR block (IPv4 or IPv6) as address bytes and a prefix length, compiled once. Parsing accepts only
 * literal addresses, never host names, so nothing is ever resolved.
 */
final class IpBlock {
    private final byte[] network;
    private final int prefix;

    private IpBlock(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /** Parses {@code 10.0.0.0/8}, {@code 203.0.113.4}, {@code 2001:db8::/32}; null when invalid. */
    static IpBlock parse(String text) {
        int slash = text.indexOf('/');
        byte[] address = parseAddress(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            return null;
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (prefix < 0 || prefix > bits) {
                return null;
            }
        }
        return new IpBlock(mask(address, prefix), prefix);
    }

    boolean contains(byte[] address) {
        if (address == null || address.length != network.length) {
            return false;
        }
        byte[] masked = mask(address, prefix);
        return java.util.Arrays.equals(masked, network);
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff00 >> keep);
        }
        return out;
    }

    /** The bytes of a literal IPv4 or IPv6 address (IPv4-mapped IPv6 becomes IPv4); null when not a literal. */
    static byte[] parseAddress(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        int zone = t.indexOf('%');
        if (zone >= 0) {
            t = t.substring(0, zone);
        }
        byte[] v4 = parseV4(t);
        if (v4 != null) {
            return v4;
        }
        return t.indexOf(':') >= 0 ? parseV6(t) : null;
    }

    private static byte[] parseV4(String t) {
        String[] parts = t.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            for (int c = 0; c < p.length(); c++) {
                if (!Character.isDigit(p.charAt(c))) {
                    return null;
                }
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] parseV6(String t) {
        String text = t;
        byte[] tailV4 = null;
        int lastColon = text.lastIndexOf(':');
        if (text.indexOf('.', lastColon) > 0) {
            tailV4 = parseV4(text.substring(lastColon + 1));
            if (tailV4 == null) {
                return null;
            }
            text = text.substring(0, lastColon + 1) + "0:0";
        }
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        String[] head;
        String[] tail;
        if (doubleColon >= 0) {
            String h = text.substring(0, doubleColon);
            String tl = text.substring(doubleColon + 2);
            head = h.isEmpty() ? new String[0] : h.split(":", -1);
            tail = tl.isEmpty() ? new String[0] : tl.split(":", -1);
            if (head.length + tail.length > 7) {
                return null;
            }
        } else {
            head = text.split(":", -1);
            tail = new String[0];
            if (head.length != 8) {
                return null;
            }
        }
        byte[] out = new byte[16];
        if (!fill(head, out, 0) || !fill(tail, out, 16 - tail.length * 2)) {
            return null;
        }
        if (tailV4 != null) {
            System.arraycopy(tailV4, 0, out, 12, 4);
        }
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= out[i] == 0;
        }
        if (mapped && out[10] == (byte) 0xff && out[11] == (byte) 0xff) {
            return java.util.Arrays.copyOfRange(out, 12, 16);
        }
        return out;
    }

    private static boolean fill(String[] groups, byte[] out, int offset) {
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if (g.isEmpty() || g.length() > 4) {
                return false;
            }
            int v;
            try {
                v = Integer.parseInt(g, 16);
            } catch (NumberFormatException e) {
                return false;
            }
            out[offset + i * 2] = (byte) (v >> 8);
            out[offset + i * 2 + 1] = (byte) v;
        }
        return true;
    }
}
