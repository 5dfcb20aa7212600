/* identity.h — the server's long-term Ed25519 identity key.
 *
 * The key proves to clients that they reach the same server as last time (clients pin its
 * public key on first use). It lives in DATA_DIR/identity.key, mode 0600, written atomically
 * so a crash never leaves half a key. File layout (72 bytes):
 *
 *     0       8                                  40                                 72
 *     +-------+----------------------------------+----------------------------------+
 *     | magic |  seed (32)                       |  public key (32)                 |
 *     +-------+----------------------------------+----------------------------------+
 *     "PLYIDK1\n"  <------ libsodium's 64-byte Ed25519 secret key ---------------->
 *
 * Loading checks the size, the magic and that the public key is the one the seed derives,
 * so a damaged or foreign file is refused instead of silently becoming a new identity. */
#ifndef PARLEY_IDENTITY_H
#define PARLEY_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IDENT_PUBLIC_BYTES 32 /* crypto_sign_PUBLICKEYBYTES */
#define IDENT_SECRET_BYTES 64 /* crypto_sign_SECRETKEYBYTES */
#define IDENT_SIG_BYTES    64 /* crypto_sign_BYTES */
#define IDENT_FILE_NAME    "identity.key"
#define IDENT_FILE_BYTES   72
/* "ABCD-EFGH-...": 32 base32 characters of a hash of the public key in 8 groups, + NUL. */
#define IDENT_FINGERPRINT_SIZE 40

typedef struct ident_key {
    uint8_t pk[IDENT_PUBLIC_BYTES];
    uint8_t sk[IDENT_SECRET_BYTES];
} ident_key;

typedef enum ident_err {
    IDENT_OK = 0,
    IDENT_ERR_CRYPTO,    /* libsodium could not start */
    IDENT_ERR_PATH_LONG, /* the data dir path is too long */
    IDENT_ERR_DATA_DIR,  /* the data dir cannot be created */
    IDENT_ERR_NOT_FOUND, /* no key file (ident_load only) */
    IDENT_ERR_READ,      /* the key file exists but cannot be read */
    IDENT_ERR_SIZE,      /* the key file has the wrong size */
    IDENT_ERR_FORMAT,    /* the key file does not start with the magic */
    IDENT_ERR_MISMATCH,  /* the public key does not belong to the secret key */
    IDENT_ERR_WRITE,     /* the key file cannot be written */
} ident_err;

/* A fresh random key pair. False only if libsodium cannot start. */
bool ident_generate(ident_key *key);

/* Loads and validates the key file at path. */
ident_err ident_load(ident_key *key, const char *path);

/* Writes key to path atomically with mode 0600. */
ident_err ident_save(const ident_key *key, const char *path);

/* The server's start-up call: loads DATA_DIR/identity.key, or creates the data dir (0700)
 * and a new key when there is no file yet (*created says which). A file that exists but
 * fails validation is an error, never replaced: replacing it would make every client see
 * a changed server key. */
ident_err ident_load_or_create(ident_key *key, const char *data_dir, bool *created);

/* Human-comparable fingerprint of a public key into out (at least IDENT_FINGERPRINT_SIZE):
 * BLAKE2b-160 of the key, keyed with "parley server fingerprint v1", in RFC 4648 base32,
 * grouped by 4 with '-'. Clients must render it the same way, so it never changes. */
void ident_fingerprint(const uint8_t pk[IDENT_PUBLIC_BYTES], char *out, size_t cap);

/* Detached signature of msg, and its check against a public key. */
void ident_sign(const ident_key *key, const void *msg, size_t len, uint8_t sig[IDENT_SIG_BYTES]);
bool ident_verify(const uint8_t pk[IDENT_PUBLIC_BYTES], const void *msg, size_t len,
                  const uint8_t sig[IDENT_SIG_BYTES]);

/* Zeroes the secret key (the compiler may not drop it). */
void ident_wipe(ident_key *key);

const char *ident_err_str(ident_err err);

#endif
