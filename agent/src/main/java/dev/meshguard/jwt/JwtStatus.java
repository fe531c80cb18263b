package dev.meshguard.jwt;

/**
 * Envoy's JWT verification statuses ({@code source/common/jwt/status.h}, from {@code jwt_verify_lib}), in Envoy's
 * order, each with its exact text: the body of a refusal, and inside Envoy's response-code-details. Meshguard reaches
 * only some of them (key sets are checked when policies load, not per request), but the enum is Envoy's whole list.
 */
public enum JwtStatus {
    OK("OK"),
    MISSED("Jwt is missing"),
    NOT_YET_VALID("Jwt not yet valid"),
    EXPIRED("Jwt is expired"),
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
    JWKS_PARSE_ERROR("Jwks is an invalid JSON"),
    JWKS_NO_KEYS("Jwks does not have [keys] field"),
    JWKS_BAD_KEYS("[keys] in Jwks is not an array"),
    NO_VALID_KEYS("Jwks doesn't have any valid public key"),
    KID_ALG_MISMATCH("Jwks doesn't have key to match kid or alg from Jwt"),
    JWKS_RSA_PARSE_ERROR("Jwks RSA [n] or [e] field is missing or has a parse error"),
    JWKS_EC_CREATE_KEY_FAIL("Jwks EC create key fail"),
    JWKS_EC_X_OR_Y_BAD_BASE64("Jwks EC [x] or [y] field is an invalid Base64."),
    JWKS_EC_PARSE_ERROR("Jwks EC [x] and [y] fields have a parse error."),
    JWKS_OCT_BAD_BASE64("Jwks Oct key is an invalid Base64"),
    JWKS_OKP_X_BAD_BASE64("Jwks OKP [x] field is an invalid Base64."),
    JWKS_OKP_X_WRONG_LENGTH("Jwks OKP [x] field is wrong length."),
    FETCH_FAILED("Jwks remote fetch is failed"),
    JWKS_MISSING_KTY("[kty] is missing in [keys]"),
    JWKS_BAD_KTY("[kty] is bad in [keys]"),
    JWKS_NOT_IMPLEMENTED_KTY("[kty] is not supported in [keys]"),
    JWKS_RSA_KEY_BAD_ALG("[alg] is not started with [RS] or [PS] for an RSA key"),
    JWKS_RSA_KEY_MISSING_N("[n] field is missing for a RSA key"),
    JWKS_RSA_KEY_BAD_N("[n] field is not string for a RSA key"),
    JWKS_RSA_KEY_MISSING_E("[e] field is missing for a RSA key"),
    JWKS_RSA_KEY_BAD_E("[e] field is not string for a RSA key"),
    JWKS_EC_KEY_BAD_ALG("[alg] is not started with [ES] for an EC key"),
    JWKS_EC_KEY_BAD_CRV("[crv] field is not string for an EC key"),
    JWKS_EC_KEY_ALG_OR_CRV_UNSUPPORTED("[crv] or [alg] field is not supported for an EC key"),
    JWKS_EC_KEY_ALG_NOT_COMPATIBLE_WITH_CRV("[crv] field specified is not compatible with [alg] for an EC key"),
    JWKS_EC_KEY_MISSING_X("[x] field is missing for an EC key"),
    JWKS_EC_KEY_BAD_X("[x] field is not string for an EC key"),
    JWKS_EC_KEY_MISSING_Y("[y] field is missing for an EC key"),
    JWKS_EC_KEY_BAD_Y("[y] field is not string for an EC key"),
    JWKS_HMAC_KEY_BAD_ALG("[alg] does not start with [HS] for an HMAC key"),
    JWKS_HMAC_KEY_MISSING_K("[k] field is missing for an HMAC key"),
    JWKS_HMAC_KEY_BAD_K("[k] field is not string for an HMAC key"),
    JWKS_OKP_KEY_BAD_ALG("[alg] is not [EdDSA] for an OKP key"),
    JWKS_OKP_KEY_MISSING_CRV("[crv] field is missing for an OKP key"),
    JWKS_OKP_KEY_BAD_CRV("[crv] field is not string for an OKP key"),
    JWKS_OKP_KEY_CRV_UNSUPPORTED("[crv] field is not supported for an OKP key"),
    JWKS_OKP_KEY_MISSING_X("[x] field is missing for an OKP key"),
    JWKS_OKP_KEY_BAD_X("[x] field is not string for an OKP key"),
    JWKS_X509_BIO_WRITE_ERROR("X509 parse pubkey internal fails: memory allocation"),
    JWKS_X509_PARSE_ERROR("X509 parse pubkey fails"),
    JWKS_X509_GET_PUBKEY_ERROR("X509 parse pubkey internal fails: get pubkey"),
    JWKS_PEM_NOT_IMPLEMENTED_KTY("PEM Key type is not supported"),
    JWKS_PEM_BAD_BASE64("PEM pubkey parse fails"),
    JWKS_PEM_GET_RAW_ED25519_ERROR("PEM failed to get raw ED25519 key"),
    JWKS_BIO_ALLOC_ERROR("Failed to create BIO due to memory allocation failure");

    private final String message;
    private final String details;

    JwtStatus(String message) {
        this.message = message;
        this.details = "jwt_authn_access_denied{" + message.replaceAll("[ \\t\\f\\x0B\\n\\r]", "_") + "}";
    }

    /** Envoy's status text, sent as the body of a refusal. */
    public String message() { return message; }

    /** The HTTP status Envoy's {@code jwt_authn} filter answers with: 403 for an audience failure, else 401. */
    public int httpStatus() { return this == AUDIENCE_NOT_ALLOWED ? 403 : 401; }

    /** Envoy's response-code-details, e.g. {@code jwt_authn_access_denied{Jwt_is_expired}}. */
    public String details() { return details; }
}
