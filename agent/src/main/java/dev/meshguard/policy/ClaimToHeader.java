package dev.meshguard.policy;

/** A {@code jwtRules[].outputClaimToHeaders} entry: copy {@code claim} of a valid token into request header {@code header}. */
public final class ClaimToHeader {
    private final String header;
    private final String claim;

    public ClaimToHeader(String header, String claim) {
        this.header = header;
        this.claim = claim;
    }

    public String header() { return header; }

    /** The claim name; nested claims use {@code .} as separator. */
    public String claim() { return claim; }
}
