package dev.meshguard.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * The raw content of the policy source at one moment: a single file, or every {@code *.yaml}, {@code *.yml} and
 * {@code *.json} file of a directory (hidden entries such as the kubelet's {@code ..data} skipped, symlinks
 * followed), sorted by name. Immutable; {@link #sameAs} tells two reads apart, {@link #fingerprint()} names one in logs.
 */
public final class PolicyFiles {
    /** Larger files are refused: a ConfigMap holds at most 1 MiB. */
    public static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

    /** One file's name (relative to the policy path) and bytes. */
    public static final class Entry {
        private final String name;
        private final byte[] content;

        Entry(String name, byte[] content) {
            this.name = name;
            this.content = content;
        }

        public String name() { return name; }

        byte[] raw() { return content; }
    }

    private final List<Entry> entries;
    private final long fingerprint;
    private final boolean directory;

    private PolicyFiles(List<Entry> entries, boolean directory) {
        this.entries = Collections.unmodifiableList(entries);
        this.fingerprint = checksum(entries);
        this.directory = directory;
    }

    /** Builds a source from in-memory files, in the given order; for tools and tests. */
    public static PolicyFiles of(List<Entry> entries) {
        return new PolicyFiles(new ArrayList<>(entries), false);
    }

    public static Entry entry(String name, byte[] content) {
        return new Entry(name, content.clone());
    }

    /**
     * Reads the source at {@code path}.
     *
     * @throws PolicyException when the path does not exist, is not readable, or a file is too large
     */
    public static PolicyFiles read(Path path) throws PolicyException {
        try {
            if (!Files.exists(path)) {
                throw new PolicyException("policy path " + path + " does not exist");
            }
            List<Entry> entries = new ArrayList<>();
            boolean directory = Files.isDirectory(path);
            if (directory) {
                List<Path> files = new ArrayList<>();
                try (DirectoryStream<Path> dir = Files.newDirectoryStream(path)) {
                    for (Path p : dir) {
                        String name = nameOf(p);
                        if (!name.startsWith(".") && isPolicyFileName(name) && Files.isRegularFile(p)) {
                            files.add(p);
                        }
                    }
                }
                Collections.sort(files);
                for (Path p : files) {
                    entries.add(readFile(p, nameOf(p)));
                }
            } else if (Files.isRegularFile(path)) {
                entries.add(readFile(path, nameOf(path)));
            } else {
                // A FIFO or a device would block or never end: refused before any read.
                throw new PolicyException("policy path " + path + " is neither a regular file nor a directory");
            }
            return new PolicyFiles(entries, directory);
        } catch (NoSuchFileException e) {
            throw new PolicyException("policy file " + e.getFile() + " vanished while being read");
        } catch (IOException e) {
            throw new PolicyException("cannot read policy path " + path + ": " + e);
        }
    }

    /** The file's own name; the whole path for a root, which has none. */
    private static String nameOf(Path p) {
        Path name = p.getFileName();
        return name == null ? p.toString() : name.toString();
    }

    private static Entry readFile(Path p, String name) throws IOException, PolicyException {
        long size = Files.size(p);
        if (size > MAX_FILE_BYTES) {
            throw new PolicyException(name + ": " + size + " bytes is over the limit of " + MAX_FILE_BYTES);
        }
        return new Entry(name, Files.readAllBytes(p));
    }

    /** True for the names a directory source reads: {@code *.yaml}, {@code *.yml}, {@code *.json}. */
    public static boolean isPolicyFileName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    public List<Entry> entries() { return entries; }

    /** True when the source was a directory of files, false for a single file. */
    public boolean directory() { return directory; }

    /** True when both reads saw the same names and bytes. */
    public boolean sameAs(PolicyFiles other) {
        if (other == null || other.entries.size() != entries.size() || other.fingerprint != fingerprint) {
            return false;
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry a = entries.get(i);
            Entry b = other.entries.get(i);
            if (!a.name.equals(b.name) || !Arrays.equals(a.content, b.content)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A short checksum of names and contents, for logs. CRC-32, not a cryptographic digest: {@link #sameAs} compares
     * the bytes themselves, and a digest would initialise the JDK's security providers on the start-up path.
     */
    public String fingerprint() {
        return String.format("%08x", fingerprint);
    }

    private static long checksum(List<Entry> entries) {
        CRC32 crc = new CRC32();
        for (Entry e : entries) {
            crc.update(e.name.getBytes(StandardCharsets.UTF_8));
            crc.update(0);
            crc.update(Integer.toString(e.content.length).getBytes(StandardCharsets.UTF_8));
            crc.update(0);
            crc.update(e.content);
        }
        return crc.getValue();
    }
}
