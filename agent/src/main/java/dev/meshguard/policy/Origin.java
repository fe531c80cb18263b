package dev.meshguard.policy;

/** Where a resource was read from: the file and the index of its document in that file (0-based). */
public final class Origin {
    private final String file;
    private final int document;

    public Origin(String file, int document) {
        this.file = file;
        this.document = document;
    }

    public String file() { return file; }

    public int document() { return document; }

    @Override
    public String toString() { return file + " doc " + document; }
}
