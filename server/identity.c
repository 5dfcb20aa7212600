/* identity.c — the server's Ed25519 identity: generate, load and validate, save atomically,
 * fingerprint. See identity.h for the file layout. */
#include "identity.h"

#include "fsutil.h"

#include <assert.h>
#include <errno.h>
#include <sodium.h>
#include <string.h>

_Static_assert(IDENT_PUBLIC_BYTES == crypto_sign_PUBLICKEYBYTES, "public key size");
_Static_assert(IDENT_SECRET_BYTES == crypto_sign_SECRETKEYBYTES, "secret key size");
_Static_assert(IDENT_SIG_BYTES == crypto_sign_BYTES, "signature size");
_Static_assert(IDENT_FILE_BYTES == 8 + IDENT_SECRET_BYTES, "file layout");

static const uint8_t ident_magic[8] = {'P', 'L', 'Y', 'I', 'D', 'K', '1', '\n'};

/* Keys the fingerprint hash so it cannot be confused with any other hash of the key. */
static const char ident_fp_context[] = "parley server fingerprint v1";

bool ident_generate(ident_key *key)
{
    assert(key);
    if (sodium_init() < 0) return false;
    crypto_sign_keypair(key->pk, key->sk);
    return true;
}

ident_err ident_load(ident_key *key, const char *path)
{
    assert(key && path);
    if (sodium_init() < 0) return IDENT_ERR_CRYPTO;
    uint8_t buf[IDENT_FILE_BYTES];
    size_t len = 0;
    fsu_err fe = fsu_read(path, buf, sizeof buf, &len);
    ident_err result = IDENT_OK;
    /* A file where a folder should be also means "no key here"; creating the folder will
     * then report the real problem. */
    if (fe == FSU_ERR_NOT_FOUND || fe == FSU_ERR_NOT_DIR) return IDENT_ERR_NOT_FOUND;
    if (fe == FSU_ERR_TOO_BIG) return IDENT_ERR_SIZE;
    if (fe != FSU_OK) return IDENT_ERR_READ;
    ident_key k;
    if (len != sizeof buf) {
        result = IDENT_ERR_SIZE;
    } else if (memcmp(buf, ident_magic, sizeof ident_magic) != 0) {
        result = IDENT_ERR_FORMAT;
    } else {
        /* Re-derive from the seed: the stored public key must be the seed's. */
        const uint8_t *seed = buf + sizeof ident_magic;
        const uint8_t *stored_pk = seed + crypto_sign_SEEDBYTES;
        crypto_sign_seed_keypair(k.pk, k.sk, seed);
        if (sodium_memcmp(k.pk, stored_pk, IDENT_PUBLIC_BYTES) != 0)
            result = IDENT_ERR_MISMATCH;
        else
            *key = k;
    }
    sodium_memzero(&k, sizeof k);
    sodium_memzero(buf, sizeof buf);
    return result;
}

ident_err ident_save(const ident_key *key, const char *path)
{
    assert(key && path);
    uint8_t buf[IDENT_FILE_BYTES];
    memcpy(buf, ident_magic, sizeof ident_magic);
    memcpy(buf + sizeof ident_magic, key->sk, IDENT_SECRET_BYTES);
    fsu_err fe = fsu_write_atomic(path, buf, sizeof buf, 0600);
    sodium_memzero(buf, sizeof buf);
    if (fe == FSU_ERR_PATH_LONG) return IDENT_ERR_PATH_LONG;
    return fe == FSU_OK ? IDENT_OK : IDENT_ERR_WRITE;
}

ident_err ident_load_or_create(ident_key *key, const char *data_dir, bool *created)
{
    assert(key && data_dir && created);
    *created = false;
    char path[FSU_PATH_MAX];
    if (!fsu_join(path, sizeof path, data_dir, IDENT_FILE_NAME)) return IDENT_ERR_PATH_LONG;
    ident_err e = ident_load(key, path);
    if (e != IDENT_ERR_NOT_FOUND) return e;
    fsu_err fe = fsu_mkdir_p(data_dir, 0700);
    if (fe == FSU_ERR_PATH_LONG) return IDENT_ERR_PATH_LONG;
    if (fe != FSU_OK) return IDENT_ERR_DATA_DIR;
    ident_key fresh;
    if (!ident_generate(&fresh)) return IDENT_ERR_CRYPTO;
    e = ident_save(&fresh, path);
    if (e == IDENT_OK) {
        *key = fresh;
        *created = true;
    }
    ident_wipe(&fresh);
    return e;
}

/* RFC 4648 base32 without padding: case-free and without 0/1/8, so it reads aloud well. */
static void ident_base32(const uint8_t *in, size_t len, char *out)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    uint32_t acc = 0;
    unsigned bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        acc = (acc << 8) | in[i];
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            out[o++] = alphabet[(acc >> bits) & 31u];
        }
    }
    if (bits) out[o++] = alphabet[(acc << (5 - bits)) & 31u];
    out[o] = '\0';
}

void ident_fingerprint(const uint8_t pk[IDENT_PUBLIC_BYTES], char *out, size_t cap)
{
    assert(pk && out && cap >= IDENT_FINGERPRINT_SIZE);
    (void)cap; /* only the assert reads it */
    /* 20 bytes = 160 bits = exactly 32 base32 characters; far beyond what an attacker
     * could match by grinding keys, short enough to read over the phone. */
    uint8_t hash[20];
    char b32[33];
    crypto_generichash(hash, sizeof hash, pk, IDENT_PUBLIC_BYTES,
                       (const unsigned char *)ident_fp_context, sizeof ident_fp_context - 1);
    ident_base32(hash, sizeof hash, b32);
    size_t o = 0;
    for (size_t i = 0; i < 32; i++) {
        if (i && i % 4 == 0) out[o++] = '-';
        out[o++] = b32[i];
    }
    out[o] = '\0';
}

void ident_sign(const ident_key *key, const void *msg, size_t len, uint8_t sig[IDENT_SIG_BYTES])
{
    assert(key && (msg || len == 0) && sig);
    crypto_sign_detached(sig, NULL, msg, len, key->sk);
}

bool ident_verify(const uint8_t pk[IDENT_PUBLIC_BYTES], const void *msg, size_t len,
                  const uint8_t sig[IDENT_SIG_BYTES])
{
    assert(pk && (msg || len == 0) && sig);
    return crypto_sign_verify_detached(sig, msg, len, pk) == 0;
}

void ident_wipe(ident_key *key)
{
    assert(key);
    sodium_memzero(key, sizeof *key);
}

const char *ident_err_str(ident_err err)
{
    switch (err) {
    case IDENT_OK:
        return "ok";
    case IDENT_ERR_CRYPTO:
        return "cannot start the crypto library (libsodium)";
    case IDENT_ERR_PATH_LONG:
        return "data folder path is too long";
    case IDENT_ERR_DATA_DIR:
        return "cannot create the data folder; check its permissions";
    case IDENT_ERR_NOT_FOUND:
        return "identity key file not found";
    case IDENT_ERR_READ:
        return "cannot read the identity key file; check its permissions";
    case IDENT_ERR_SIZE:
        return "identity key file has the wrong size; it is damaged or not a Parley key "
               "(restore it from a backup, or delete it to make a new identity that clients "
               "will warn about)";
    case IDENT_ERR_FORMAT:
        return "identity key file is not a Parley key (restore it from a backup, or delete it "
               "to make a new identity that clients will warn about)";
    case IDENT_ERR_MISMATCH:
        return "identity key file is damaged: its public key does not match its secret key "
               "(restore it from a backup, or delete it to make a new identity)";
    case IDENT_ERR_WRITE:
        return "cannot write the identity key file; check disk space and permissions";
    }
    return "unknown identity error";
}
