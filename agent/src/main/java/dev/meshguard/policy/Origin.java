package dev.meshguard.policy;

/**
 * Where a resource was read from: the file, the index of its document in that file (0-based) and, for a
 * {@code kind: List} document, the index of the item.
 */
public final class Origin {
    private final String file;
    private final int document;
    private final int item;

    public Origin(String file, int document) {
        this(file, document, -1);
    }

    public Origin(String file, int document, int item) {
        this.file = file;
        this.document = document;
        this.item = item;
    }

    @Override
    public String toString() { return file + " doc " + document + (item < 0 ? "" : " item " + item); }
}
