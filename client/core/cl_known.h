/* cl_known.h — the servers this client has met, and their identity keys (trust on first use).
 *
 * The file (HOME/known_servers) holds one line per server, "HOST:PORT HEX_PUBKEY", where
 * HOST:PORT is the address the user gave (host lower-cased, default port filled in) and
 * HEX_PUBKEY the 64 hex digits of the server's Ed25519 identity key. Lines starting with '#'
 * and blank lines are kept as they are; malformed lines are ignored and kept. The file is
 * rewritten atomically (a temp file renamed over it), so a crash never leaves half a file.
 *
 * The first connection records the key; later ones must present the same key. A different
 * key is refused unless the user explicitly trusts it (which replaces the line). */
#ifndef PARLEY_CL_KNOWN_H
#define PARLEY_CL_KNOWN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CL_KEY_BYTES        32
#define CL_KEY_HEX_SIZE     (2 * CL_KEY_BYTES + 1)
#define CL_FINGERPRINT_SIZE 40        /* "ABCD-EFGH-..." + NUL, as the server prints it */
#define CL_KNOWN_FILE_MAX   (1 << 20) /* larger files are refused, not truncated */
#define CL_SERVER_KEY_MAX   300       /* "host:port" */

typedef enum cl_known_result {
    CL_KNOWN_ERROR = -1, /* the file cannot be read or written: err says why */
    CL_KNOWN_MATCH = 0,  /* the recorded key */
    CL_KNOWN_NEW,        /* first contact: the key was recorded */
    CL_KNOWN_CHANGED,    /* a different key was recorded: refuse (nothing written) */
    CL_KNOWN_REPLACED,   /* a different key was recorded and trust_new said to replace it */
} cl_known_result;

/* "Host.LAN" -> "host.lan:7777"; "10.0.0.2:99" stays. False when it does not fit or the port
 * is malformed. */
bool cl_known_server_name(const char *server, uint16_t default_port, char *out, size_t cap);

/* Checks key for server (a cl_known_server_name) against the file at path and records it
 * when new (or when changed and trust_new). *old_key gets the recorded key for CHANGED and
 * REPLACED (may be NULL). */
cl_known_result cl_known_check(const char *path, const char *server,
                               const uint8_t key[CL_KEY_BYTES], bool trust_new,
                               uint8_t old_key[CL_KEY_BYTES], char *err, size_t errcap);

/* The recorded key of server: true and *key when found; false when not (err empty) or on a
 * read error (message in err). */
bool cl_known_lookup(const char *path, const char *server, uint8_t key[CL_KEY_BYTES], char *err,
                     size_t errcap);

/* Records key for server, replacing any earlier line for it. */
bool cl_known_store(const char *path, const char *server, const uint8_t key[CL_KEY_BYTES],
                    char *err, size_t errcap);

void cl_known_hex(const uint8_t key[CL_KEY_BYTES], char out[CL_KEY_HEX_SIZE]);
/* The fingerprint people compare (the server prints the same at start-up):
 * BLAKE2b-160 keyed with "parley server fingerprint v1", base32, groups of 4. */
void cl_known_fingerprint(const uint8_t key[CL_KEY_BYTES], char out[CL_FINGERPRINT_SIZE]);

#endif
