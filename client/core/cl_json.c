/* cl_json.c — a small JSON writer with strict escaping (see cl_json.h). */
#include "cl_json.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

void cl_json_init(cl_json *j, char *buf, size_t cap)
{
    assert(j && buf && cap > 0);
    memset(j, 0, sizeof *j);
    j->buf = buf;
    j->cap = cap;
    buf[0] = '\0';
}

static void cl_json_put(cl_json *j, const char *s, size_t n)
{
    if (j->overflow) return;
    if (j->len + n + 1 > j->cap) {
        j->overflow = true;
        return;
    }
    memcpy(j->buf + j->len, s, n);
    j->len += n;
    j->buf[j->len] = '\0';
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when it is not one. */
static size_t cl_json_utf8_len(const unsigned char *s, size_t left)
{
    unsigned char c = s[0];
    size_t n;
    unsigned cp;
    if (c < 0x80) return 1;
    if (c >= 0xc2 && c <= 0xdf)
        n = 2, cp = c & 0x1fu;
    else if (c >= 0xe0 && c <= 0xef)
        n = 3, cp = c & 0x0fu;
    else if (c >= 0xf0 && c <= 0xf4)
        n = 4, cp = c & 0x07u;
    else
        return 0;
    if (n > left) return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80) return 0;
        cp = cp << 6 | (s[i] & 0x3fu);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff))) return 0;
    if (cp >= 0xd800 && cp <= 0xdfff) return 0;
    return n;
}

size_t cl_json_escape(const char *str, size_t len, char *out, size_t cap)
{
    assert(out && cap > 0 && (str || len == 0));
    const unsigned char *s = (const unsigned char *)str;
    size_t o = 0;
#define CL_JSON_EMIT(p, n)                                                                         \
    do {                                                                                           \
        if (o + (n) + 1 > cap) goto full;                                                          \
        memcpy(out + o, (p), (n));                                                                 \
        o += (n);                                                                                  \
    } while (0)
    CL_JSON_EMIT("\"", 1);
    for (size_t i = 0; i < len;) {
        unsigned char c = s[i];
        char esc[8];
        const char *e = NULL;
        switch (c) {
        case '"':
            e = "\\\"";
            break;
        case '\\':
            e = "\\\\";
            break;
        case '\n':
            e = "\\n";
            break;
        case '\r':
            e = "\\r";
            break;
        case '\t':
            e = "\\t";
            break;
        case '\b':
            e = "\\b";
            break;
        case '\f':
            e = "\\f";
            break;
        default:
            break;
        }
        if (e) {
            CL_JSON_EMIT(e, 2);
            i++;
        } else if (c < 0x20 || c == 0x7f) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            CL_JSON_EMIT(esc, 6);
            i++;
        } else {
            size_t n = cl_json_utf8_len(s + i, len - i);
            if (n == 0) {
                CL_JSON_EMIT("\\ufffd", 6);
                i++;
            } else {
                CL_JSON_EMIT(s + i, n);
                i += n;
            }
        }
    }
    CL_JSON_EMIT("\"", 1);
#undef CL_JSON_EMIT
    out[o] = '\0';
    return o;
full:
    out[0] = '\0';
    return 0;
}

static void cl_json_key(cl_json *j, const char *key)
{
    if (j->need_comma[j->depth]) cl_json_put(j, ",", 1);
    j->need_comma[j->depth] = true;
    if (!key) return;
    char tmp[256];
    size_t n = cl_json_escape(key, strlen(key), tmp, sizeof tmp);
    if (n == 0) {
        j->overflow = true;
        return;
    }
    cl_json_put(j, tmp, n);
    cl_json_put(j, ":", 1);
}

static void cl_json_open(cl_json *j, const char *key, const char *bracket)
{
    cl_json_key(j, key);
    if (j->depth >= CL_JSON_DEPTH) {
        j->overflow = true;
        return;
    }
    cl_json_put(j, bracket, 1);
    j->depth++;
    j->need_comma[j->depth] = false;
    j->closer[j->depth] = bracket[0] == '{' ? '}' : ']';
}

void cl_json_object(cl_json *j, const char *key)
{
    cl_json_open(j, key, "{");
}

void cl_json_array(cl_json *j, const char *key)
{
    cl_json_open(j, key, "[");
}

void cl_json_end(cl_json *j)
{
    if (j->depth <= 0) {
        j->overflow = true;
        return;
    }
    char close = j->closer[j->depth];
    j->depth--;
    cl_json_put(j, &close, 1);
}

void cl_json_strn(cl_json *j, const char *key, const char *s, size_t len)
{
    cl_json_key(j, key);
    if (j->overflow) return;
    size_t n = cl_json_escape(s, len, j->buf + j->len, j->cap - j->len);
    if (n == 0) {
        j->overflow = true;
        return;
    }
    j->len += n;
}

void cl_json_str(cl_json *j, const char *key, const char *s)
{
    cl_json_strn(j, key, s ? s : "", s ? strlen(s) : 0);
}

void cl_json_int(cl_json *j, const char *key, int64_t v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%lld", (long long)v);
    cl_json_key(j, key);
    cl_json_put(j, tmp, (size_t)n);
}

void cl_json_uint(cl_json *j, const char *key, uint64_t v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)v);
    cl_json_key(j, key);
    cl_json_put(j, tmp, (size_t)n);
}

void cl_json_bool(cl_json *j, const char *key, bool v)
{
    cl_json_key(j, key);
    cl_json_put(j, v ? "true" : "false", v ? 4 : 5);
}

void cl_json_num(cl_json *j, const char *key, double v)
{
    if (!isfinite(v)) {
        cl_json_null(j, key);
        return;
    }
    char tmp[48];
    int n = snprintf(tmp, sizeof tmp, "%.3f", v);
    cl_json_key(j, key);
    cl_json_put(j, tmp, (size_t)n);
}

void cl_json_null(cl_json *j, const char *key)
{
    cl_json_key(j, key);
    cl_json_put(j, "null", 4);
}

bool cl_json_ok(const cl_json *j)
{
    return !j->overflow && j->depth == 0;
}

const char *cl_json_text(const cl_json *j)
{
    return j->buf;
}
