package dev.meshguard.jwt;

/**
 * Why a token was refused, with the exact status string Envoy's JWT library answers in the 401 body.
 * Only the statuses Meshguard can reach are listed.
 */
public enum JwtStatus {
    BAD_FORMAT("Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections"),
    HEADER_BAD_BASE64("Jwt header is an invalid Base64url encoded"),
    HEADER_BAD_JSON("Jwt header is an invalid JSON"),
    HEADER_BAD_ALG("Jwt header [alg] field is required and must be a string"),
    HEADER_UNSUPPORTED_ALG("Jwt header [alg] is not supported"),
    HEADER_BAD_KID("Jwt header [kid] field is not a string"),
    PAYLOAD_BAD_BASE64("Jwt payload is an invalid Base64url encoded"),
    PAYLOAD_BAD_JSON("Jwt payload is an invalid JSON"),
    ISS_NOT_STRING("Jwt payload [iss] field is not a string"),
    SUB_NOT_STRING("Jwt payload [sub] field is not a string"),
    IAT_NOT_INTEGER("Jwt payload [iat] field is not an integer"),
    IAT_OUT_OF_RANGE("Jwt payload [iat] field is not a positive 64 bit integer"),
    NBF_NOT_INTEGER("Jwt payload [nbf] field is not an integer"),
    NBF_OUT_OF_RANGE("Jwt payload [nbf] field is not a positive 64 bit integer"),
    EXP_NOT_INTEGER("Jwt payload [exp] field is not an integer"),
    EXP_OUT_OF_RANGE("Jwt payload [exp] field is not a positive 64 bit integer"),
    JTI_NOT_STRING("Jwt payload [jti] field is not a string"),
    AUD_NOT_STRING("Jwt payload [aud] field is not a string or string list"),
    SIGNATURE_BAD_BASE64("Jwt signature is an invalid Base64url encoded"),
    ED25519_SIGNATURE_WRONG_LENGTH("Jwt ED25519 signature is wrong length"),
    UNKNOWN_ISSUER("Jwt issuer is not configured"),
    AUDIENCE_NOT_ALLOWED("Audiences in Jwt are not allowed"),
    VERIFICATION_FAILS("Jwt verification fails"),
    MULTIPLE_TOKENS("Found multiple Jwt tokens"),
    EXPIRED("Jwt is expired"),
    NOT_YET_VALID("Jwt not yet valid"),
    NO_VALID_KEYS("Jwks doesn't have any valid public key"),
    KID_ALG_MISMATCH("Jwks doesn't have key to match kid or alg from Jwt"),
    FETCH_FAILED("Jwks remote fetch is failed");

    private final String message;

    JwtStatus(String message) {
        this.message = message;
    }

    /** Envoy's status string, sent as the 401 body. */
    public String message() { return message; }
}
