package dev.meshguard.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Requests written byte for byte on a socket, and the responses read back, for requests no client library sends. */
final class RawHttp {
    /** One response: its status (0 when the server answered nothing), headers (names lower case) and body. */
    record Response(int status, Map<String, String> headers, String body) {
        /** True when the application's handler produced this response (the test apps count their requests). */
        boolean reachedApplication() { return headers.containsKey("x-hits"); }
    }

    private RawHttp() {
    }

    /** A GET with the given Host header (none when null) and extra header lines, closing the connection after. */
    static Response get(int port, String target, String host, String... headers) throws IOException {
        StringBuilder req = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n");
        if (host != null) {
            req.append("Host: ").append(host).append("\r\n");
        }
        for (String h : headers) {
            req.append(h).append("\r\n");
        }
        req.append("Connection: close\r\n\r\n");
        List<Response> all = exchange(port, req.toString().getBytes(StandardCharsets.ISO_8859_1), 5000);
        return all.isEmpty() ? new Response(0, Map.of(), "") : all.get(0);
    }

    /**
     * Writes {@code request} on a new connection and reads until the server closes it or is silent for
     * {@code quietMillis}; returns every response in it, in order.
     */
    static List<Response> exchange(int port, byte[] request, int quietMillis) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(quietMillis);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            byte[] b = new byte[8192];
            try {
                int n;
                while ((n = in.read(b)) > 0) {
                    buf.write(b, 0, n);
                }
            } catch (SocketTimeoutException quiet) {
                // the server keeps the connection open: what arrived so far is the answer
            } catch (IOException reset) {
                // a server may reset a connection it refuses; what arrived still counts
            }
        }
        return parse(buf.toByteArray());
    }

    static List<Response> parse(byte[] bytes) {
        List<Response> out = new ArrayList<>();
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int pos = 0;
        while (pos < text.length() && text.startsWith("HTTP/", pos)) {
            int headEnd = text.indexOf("\r\n\r\n", pos);
            if (headEnd < 0) {
                break;
            }
            String[] lines = text.substring(pos, headEnd).split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            int status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : 0;
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim(), (a, c) -> a + "," + c);
                }
            }
            pos = headEnd + 4;
            String body;
            if (status < 200 || status == 204 || status == 304) {
                body = "";
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                StringBuilder sb = new StringBuilder();
                while (true) {
                    int lineEnd = text.indexOf("\r\n", pos);
                    if (lineEnd < 0) {
                        pos = text.length();
                        break;
                    }
                    String sizeText = text.substring(pos, lineEnd).split(";")[0].trim();
                    int size = sizeText.isEmpty() ? 0 : Integer.parseInt(sizeText, 16);
                    pos = lineEnd + 2;
                    if (size == 0) {
                        int trailerEnd = text.indexOf("\r\n", pos);
                        pos = trailerEnd < 0 ? text.length() : trailerEnd + 2;
                        break;
                    }
                    sb.append(text, pos, Math.min(text.length(), pos + size));
                    pos = Math.min(text.length(), pos + size + 2);
                }
                body = sb.toString();
            } else if (headers.containsKey("content-length")) {
                int n = Integer.parseInt(headers.get("content-length").split(",")[0].trim());
                body = text.substring(pos, Math.min(text.length(), pos + n));
                pos = Math.min(text.length(), pos + n);
            } else {
                body = text.substring(pos);
                pos = text.length();
            }
            out.add(new Response(status, headers, body));
        }
        return out;
    }
}
