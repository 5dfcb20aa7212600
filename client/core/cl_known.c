/* cl_known.c — the known_servers file (see cl_known.h). */
#include "cl_known.h"

#include "cl_fs.h"

#include <assert.h>
#include <errno.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cl_known_err(char *err, size_t errcap, const char *fmt, ...)
{
    if (!err || errcap == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errcap, fmt, ap);
    va_end(ap);
}

bool cl_known_server_name(const char *server, uint16_t default_port, char *out, size_t cap)
{
    assert(server && out);
    const char *colon = strrchr(server, ':');
    size_t host_len = colon ? (size_t)(colon - server) : strlen(server);
    unsigned long port = default_port;
    if (colon) {
        char *end;
        errno = 0;
        port = strtoul(colon + 1, &end, 10);
        if (errno || *end || end == colon + 1 || port > 65535) return false;
    }
    if (host_len == 0 || host_len + 7 > cap) return false;
    for (size_t i = 0; i < host_len; i++) {
        char c = server[i];
        if (c <= ' ' || c == 0x7f) return false;
        out[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    snprintf(out + host_len, cap - host_len, ":%lu", port);
    return true;
}

void cl_known_hex(const uint8_t key[CL_KEY_BYTES], char out[CL_KEY_HEX_SIZE])
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < CL_KEY_BYTES; i++) {
        out[2 * i] = digits[key[i] >> 4];
        out[2 * i + 1] = digits[key[i] & 15];
    }
    out[2 * CL_KEY_BYTES] = '\0';
}

static bool cl_known_unhex(const char *s, size_t len, uint8_t key[CL_KEY_BYTES])
{
    if (len != 2 * CL_KEY_BYTES) return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        int v = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (v < 0) return false;
        if (i % 2 == 0)
            key[i / 2] = (uint8_t)(v << 4);
        else
            key[i / 2] |= (uint8_t)v;
    }
    return true;
}

void cl_known_fingerprint(const uint8_t key[CL_KEY_BYTES], char out[CL_FINGERPRINT_SIZE])
{
    static const char context[] = "parley server fingerprint v1";
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    uint8_t hash[20];
    crypto_generichash(hash, sizeof hash, key, CL_KEY_BYTES, (const unsigned char *)context,
                       sizeof context - 1);
    uint32_t acc = 0;
    unsigned bits = 0;
    size_t o = 0, n = 0;
    for (size_t i = 0; i < sizeof hash; i++) {
        acc = (acc << 8) | hash[i];
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            if (n && n % 4 == 0) out[o++] = '-';
            out[o++] = alphabet[(acc >> bits) & 31u];
            n++;
        }
    }
    out[o] = '\0';
}

/* Reads the whole file; *data is NULL (and true returned) when it does not exist yet. */
static bool cl_known_read(const char *path, char **data, size_t *len, char *err, size_t errcap)
{
    *data = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT) return true;
        cl_known_err(err, errcap, "cannot read %s: %s", path, strerror(errno));
        return false;
    }
    char *buf = malloc(CL_KNOWN_FILE_MAX + 1);
    if (!buf) {
        fclose(f);
        cl_known_err(err, errcap, "out of memory reading %s", path);
        return false;
    }
    size_t n = fread(buf, 1, CL_KNOWN_FILE_MAX + 1, f);
    bool bad = ferror(f);
    fclose(f);
    if (bad || n > CL_KNOWN_FILE_MAX) {
        free(buf);
        cl_known_err(err, errcap, bad ? "cannot read %s" : "%s is larger than %d bytes", path,
                     CL_KNOWN_FILE_MAX);
        return false;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return true;
}

/* Finds server's line in data: its start and end (the '\n' or the end), and its key. */
static bool cl_known_find(const char *data, size_t len, const char *server, size_t *start,
                          size_t *end, uint8_t key[CL_KEY_BYTES])
{
    size_t slen = strlen(server);
    for (size_t at = 0; at < len;) {
        const char *line = data + at;
        const char *nl = memchr(line, '\n', len - at);
        size_t llen = nl ? (size_t)(nl - line) : len - at;
        size_t n = llen;
        while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t')) n--;
        if (n > slen + 1 && memcmp(line, server, slen) == 0 &&
            (line[slen] == ' ' || line[slen] == '\t')) {
            const char *k = line + slen;
            while (*k == ' ' || *k == '\t') k++;
            size_t klen = n - (size_t)(k - line);
            uint8_t parsed[CL_KEY_BYTES];
            if (cl_known_unhex(k, klen, parsed)) {
                *start = at;
                *end = at + llen;
                memcpy(key, parsed, CL_KEY_BYTES);
                return true;
            }
        }
        at += llen + (nl ? 1 : 0);
    }
    return false;
}

bool cl_known_lookup(const char *path, const char *server, uint8_t key[CL_KEY_BYTES], char *err,
                     size_t errcap)
{
    assert(path && server && key);
    if (err && errcap) err[0] = '\0';
    char *data;
    size_t len, s, e;
    if (!cl_known_read(path, &data, &len, err, errcap)) return false;
    bool found = data && cl_known_find(data, len, server, &s, &e, key);
    free(data);
    return found;
}

bool cl_known_store(const char *path, const char *server, const uint8_t key[CL_KEY_BYTES],
                    char *err, size_t errcap)
{
    assert(path && server && key);
    char *data;
    size_t len, s = 0, e = 0;
    uint8_t old[CL_KEY_BYTES];
    if (!cl_known_read(path, &data, &len, err, errcap)) return false;
    bool found = data && cl_known_find(data, len, server, &s, &e, old);

    char tmp[CL_PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
        free(data);
        cl_known_err(err, errcap, "path too long: %s", path);
        return false;
    }
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        free(data);
        cl_known_err(err, errcap, "cannot write %s: %s", tmp, strerror(errno));
        return false;
    }
    char hex[CL_KEY_HEX_SIZE];
    cl_known_hex(key, hex);
    bool ok = true;
    if (!data) {
        ok = fputs("# Parley: servers this client has met and their identity keys.\n"
                   "# HOST:PORT HEX_PUBKEY -- delete a line to forget a server.\n",
                   f) >= 0;
    }
    if (found) { /* the line is replaced where it was */
        ok = ok && fwrite(data, 1, s, f) == s;
        ok = ok && fprintf(f, "%s %s", server, hex) > 0;
        ok = ok && fwrite(data + e, 1, len - e, f) == len - e;
    } else {
        if (data) ok = ok && fwrite(data, 1, len, f) == len;
        if (data && len > 0 && data[len - 1] != '\n') ok = ok && fputc('\n', f) != EOF;
        ok = ok && fprintf(f, "%s %s\n", server, hex) > 0;
    }
    free(data);
    ok = cl_fs_sync(f) && ok;
    ok = fclose(f) == 0 && ok;
    if (!ok || !cl_fs_replace(tmp, path)) {
        remove(tmp);
        cl_known_err(err, errcap, "cannot write %s: %s", path, strerror(errno));
        return false;
    }
    return true;
}

cl_known_result cl_known_check(const char *path, const char *server,
                               const uint8_t key[CL_KEY_BYTES], bool trust_new,
                               uint8_t old_key[CL_KEY_BYTES], char *err, size_t errcap)
{
    assert(path && server && key);
    uint8_t recorded[CL_KEY_BYTES];
    char lookup_err[512];
    if (!cl_known_lookup(path, server, recorded, lookup_err, sizeof lookup_err)) {
        if (lookup_err[0]) {
            cl_known_err(err, errcap, "%s", lookup_err);
            return CL_KNOWN_ERROR;
        }
        return cl_known_store(path, server, key, err, errcap) ? CL_KNOWN_NEW : CL_KNOWN_ERROR;
    }
    if (sodium_memcmp(recorded, key, CL_KEY_BYTES) == 0) return CL_KNOWN_MATCH;
    if (old_key) memcpy(old_key, recorded, CL_KEY_BYTES);
    if (!trust_new) return CL_KNOWN_CHANGED;
    return cl_known_store(path, server, key, err, errcap) ? CL_KNOWN_REPLACED : CL_KNOWN_ERROR;
}
