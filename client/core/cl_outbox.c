/* cl_outbox.c — the durable outbox (see cl_outbox.h for the file format). */
#include "cl_outbox.h"

#include "cl_fs.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define CL_OUTBOX_MAGIC     "PRLYOBX1"
#define CL_OUTBOX_MAGIC_LEN 8
#define CL_OUTBOX_HEAD      5 /* kind + length */
#define CL_OUTBOX_TAIL      4 /* crc */
#define CL_OUTBOX_ADD       'A'
#define CL_OUTBOX_ACK       'K'

struct cl_outbox {
    char path[CL_PATH_MAX];
    FILE *f; /* append */
    cl_fs_lock *lock;
    cl_outbox_entry *e;
    size_t count, cap;
    uint64_t file_size;  /* bytes in the file */
    uint64_t dead_bytes; /* bytes of acked adds and of ack records */
    uint8_t rec[CL_OUTBOX_HEAD + MSG_MAX_SIZE + CL_OUTBOX_TAIL]; /* one record being built */
};

static void cl_outbox_err(char *err, size_t errcap, const char *fmt, ...)
{
    if (!err || errcap == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errcap, fmt, ap);
    va_end(ap);
}

uint64_t cl_outbox_msg_id(const msg *m)
{
    switch (m->type) {
    case MSG_CHAT_SEND:
        return m->chat_send.client_msg_id;
    case MSG_CHAT_DM:
        return m->chat_dm.client_msg_id;
    case MSG_CHAT_EDIT:
        return m->chat_edit.client_msg_id;
    case MSG_CHAT_DELETE:
        return m->chat_delete.client_msg_id;
    default:
        return 0;
    }
}

static void cl_outbox_put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t cl_outbox_get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static size_t cl_outbox_record_size(uint32_t payload)
{
    return CL_OUTBOX_HEAD + payload + CL_OUTBOX_TAIL;
}

/* Builds a record around payload into out (cl_outbox_record_size bytes). */
static void cl_outbox_record(uint8_t kind, const uint8_t *payload, uint32_t len, uint8_t *out)
{
    out[0] = kind;
    cl_outbox_put32(out + 1, len);
    memcpy(out + CL_OUTBOX_HEAD, payload, len);
    uLong crc = crc32(0L, Z_NULL, 0);
    crc = crc32(crc, out, (uInt)(CL_OUTBOX_HEAD + len));
    cl_outbox_put32(out + CL_OUTBOX_HEAD + len, (uint32_t)crc);
}

static cl_outbox_entry *cl_outbox_find_index(cl_outbox *o, uint64_t id, size_t *index)
{
    for (size_t i = 0; i < o->count; i++) {
        if (o->e[i].id == id) {
            if (index) *index = i;
            return &o->e[i];
        }
    }
    return NULL;
}

static bool cl_outbox_push(cl_outbox *o, uint64_t id, msg_type type, const uint8_t *data,
                           uint32_t len)
{
    if (o->count == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 64;
        if (cap > CL_OUTBOX_MAX) cap = CL_OUTBOX_MAX;
        if (cap <= o->count) return false;
        cl_outbox_entry *e = realloc(o->e, cap * sizeof *e);
        if (!e) return false;
        o->e = e;
        o->cap = cap;
    }
    uint8_t *copy = malloc(len);
    if (!copy) return false;
    memcpy(copy, data, len);
    o->e[o->count++] = (cl_outbox_entry){.id = id, .type = type, .len = len, .data = copy};
    return true;
}

static void cl_outbox_remove(cl_outbox *o, size_t i)
{
    free(o->e[i].data);
    memmove(&o->e[i], &o->e[i + 1], (o->count - i - 1) * sizeof o->e[0]);
    o->count--;
}

/* Replays the file into o; stops at the first damaged record. */
static bool cl_outbox_replay(cl_outbox *o, FILE *f, cl_outbox_report *rep, uint64_t size,
                             msg *scratch)
{
    uint8_t magic[CL_OUTBOX_MAGIC_LEN];
    if (fread(magic, 1, sizeof magic, f) != sizeof magic ||
        memcmp(magic, CL_OUTBOX_MAGIC, CL_OUTBOX_MAGIC_LEN) != 0)
        return false;
    uint8_t *buf = o->rec;
    uint64_t at = CL_OUTBOX_MAGIC_LEN;
    for (;;) {
        if (fread(buf, 1, CL_OUTBOX_HEAD, f) != CL_OUTBOX_HEAD) break;
        uint8_t kind = buf[0];
        uint32_t len = cl_outbox_get32(buf + 1);
        if ((kind != CL_OUTBOX_ADD && kind != CL_OUTBOX_ACK) || len > MSG_MAX_SIZE) break;
        if (kind == CL_OUTBOX_ACK && len != 8) break;
        if (fread(buf + CL_OUTBOX_HEAD, 1, len + CL_OUTBOX_TAIL, f) != len + CL_OUTBOX_TAIL) break;
        uLong crc = crc32(0L, Z_NULL, 0);
        crc = crc32(crc, buf, (uInt)(CL_OUTBOX_HEAD + len));
        if ((uint32_t)crc != cl_outbox_get32(buf + CL_OUTBOX_HEAD + len)) break;
        const uint8_t *payload = buf + CL_OUTBOX_HEAD;
        if (kind == CL_OUTBOX_ACK) {
            uint64_t id = 0;
            for (int i = 7; i >= 0; i--) id = id << 8 | payload[i];
            size_t index;
            if (cl_outbox_find_index(o, id, &index)) cl_outbox_remove(o, index);
        } else {
            if (!msg_decode(payload, len, scratch, NULL)) break;
            uint64_t id = cl_outbox_msg_id(scratch);
            if (id == 0) break;
            if (!cl_outbox_find_index(o, id, NULL) &&
                !cl_outbox_push(o, id, scratch->type, payload, len))
                break;
        }
        at += cl_outbox_record_size(len);
    }
    rep->dropped_bytes = size > at ? size - at : 0;
    return true;
}

/* Writes the live entries to PATH.tmp and renames it over PATH; reopens for appending. */
static bool cl_outbox_rewrite(cl_outbox *o, char *err, size_t errcap)
{
    if (o->f) {
        fclose(o->f);
        o->f = NULL;
    }
    char tmp[CL_PATH_MAX + 8];
    snprintf(tmp, sizeof tmp, "%s.tmp", o->path);
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        cl_outbox_err(err, errcap, "cannot write %s: %s", tmp, strerror(errno));
        return false;
    }
    bool ok = fwrite(CL_OUTBOX_MAGIC, 1, CL_OUTBOX_MAGIC_LEN, f) == CL_OUTBOX_MAGIC_LEN;
    uint64_t size = CL_OUTBOX_MAGIC_LEN;
    uint8_t *rec = o->rec;
    for (size_t i = 0; ok && i < o->count; i++) {
        cl_outbox_record(CL_OUTBOX_ADD, o->e[i].data, o->e[i].len, rec);
        size_t n = cl_outbox_record_size(o->e[i].len);
        ok = fwrite(rec, 1, n, f) == n;
        size += n;
    }
    ok = cl_fs_sync(f) && ok;
    ok = fclose(f) == 0 && ok;
    if (!ok || !cl_fs_replace(tmp, o->path)) {
        cl_outbox_err(err, errcap, "cannot write %s: %s", o->path, strerror(errno));
        remove(tmp);
        return false;
    }
    o->f = fopen(o->path, "ab");
    if (!o->f) {
        cl_outbox_err(err, errcap, "cannot open %s: %s", o->path, strerror(errno));
        return false;
    }
    o->file_size = size;
    o->dead_bytes = 0;
    return true;
}

cl_outbox *cl_outbox_open(const char *path, cl_outbox_report *rep, bool *busy, char *err,
                          size_t errcap)
{
    assert(path && busy);
    cl_outbox_report dummy;
    if (!rep) rep = &dummy;
    memset(rep, 0, sizeof *rep);
    *busy = false;
    cl_outbox *o = calloc(1, sizeof *o);
    if (!o) {
        cl_outbox_err(err, errcap, "out of memory");
        return NULL;
    }
    if (strlen(path) + 8 >= sizeof o->path) {
        cl_outbox_err(err, errcap, "path too long: %s", path);
        free(o);
        return NULL;
    }
    snprintf(o->path, sizeof o->path, "%s", path);
    char lock[CL_PATH_MAX + 8];
    snprintf(lock, sizeof lock, "%s.lock", path);
    o->lock = cl_fs_lock_try(lock, busy);
    if (!o->lock) {
        cl_outbox_err(err, errcap, *busy ? "%s is in use by another client" : "cannot lock %s",
                      path);
        free(o);
        return NULL;
    }

    FILE *f = fopen(path, "rb");
    if (f) {
        fseek(f, 0, SEEK_END);
        long size = ftell(f);
        fseek(f, 0, SEEK_SET);
        msg *scratch = malloc(sizeof *scratch);
        bool ours = scratch && (size <= 0 || cl_outbox_replay(o, f, rep, (uint64_t)size, scratch));
        free(scratch);
        fclose(f);
        if (!ours) {
            char aside[CL_PATH_MAX + 8];
            snprintf(aside, sizeof aside, "%s.bad", path);
            rename(path, aside);
            rep->moved_aside = true;
        }
    } else if (errno != ENOENT) {
        cl_outbox_err(err, errcap, "cannot read %s: %s", path, strerror(errno));
        cl_outbox_close(o);
        return NULL;
    }
    rep->loaded = (uint32_t)o->count;
    if (!cl_outbox_rewrite(o, err, errcap)) {
        cl_outbox_close(o);
        return NULL;
    }
    return o;
}

void cl_outbox_close(cl_outbox *o)
{
    if (!o) return;
    if (o->f) fclose(o->f);
    for (size_t i = 0; i < o->count; i++) free(o->e[i].data);
    free(o->e);
    cl_fs_unlock(o->lock);
    free(o);
}

/* Appends one record; on a failed write the file is cut back so later records stay
 * readable. */
static bool cl_outbox_append(cl_outbox *o, uint8_t kind, const uint8_t *payload, uint32_t len,
                             bool sync)
{
    if (!o->f) return false;
    cl_outbox_record(kind, payload, len, o->rec);
    size_t n = cl_outbox_record_size(len);
    bool ok = fwrite(o->rec, 1, n, o->f) == n;
    ok = ok && (sync ? cl_fs_sync(o->f) : fflush(o->f) == 0);
    if (!ok) {
        clearerr(o->f);
        cl_fs_truncate(o->f, (long)o->file_size);
        return false;
    }
    o->file_size += n;
    return true;
}

bool cl_outbox_add(cl_outbox *o, const msg *m, char *err, size_t errcap)
{
    assert(o && m);
    uint64_t id = cl_outbox_msg_id(m);
    assert(id != 0 && "chat requests need a client_msg_id");
    assert(!cl_outbox_find_index(o, id, NULL) && "client_msg_id already queued");
    if (o->count >= CL_OUTBOX_MAX) {
        cl_outbox_err(err, errcap, "the outbox is full (%d messages wait for the server)",
                      CL_OUTBOX_MAX);
        return false;
    }
    /* encoded straight into the record's payload area, then copied into the entry */
    uint8_t *buf = o->rec + CL_OUTBOX_HEAD;
    size_t len;
    if (!msg_encode(m, buf, MSG_MAX_SIZE, &len)) {
        cl_outbox_err(err, errcap, "the message cannot be encoded (too long or not UTF-8)");
        return false;
    }
    if (!cl_outbox_push(o, id, m->type, buf, (uint32_t)len)) {
        cl_outbox_err(err, errcap, "out of memory");
        return false;
    }
    cl_outbox_entry *e = &o->e[o->count - 1];
    if (!cl_outbox_append(o, CL_OUTBOX_ADD, e->data, e->len, true)) {
        cl_outbox_remove(o, o->count - 1);
        cl_outbox_err(err, errcap, "cannot write %s: %s", o->path, strerror(errno));
        return false;
    }
    return true;
}

bool cl_outbox_ack(cl_outbox *o, uint64_t id)
{
    assert(o);
    size_t index;
    if (!cl_outbox_find_index(o, id, &index)) return false;
    uint8_t payload[8];
    for (int i = 0; i < 8; i++) payload[i] = (uint8_t)(id >> (8 * i));
    o->dead_bytes += cl_outbox_record_size(o->e[index].len) + cl_outbox_record_size(8);
    cl_outbox_remove(o, index);
    /* an ack that fails to reach the disk only causes a resend, which the server dedups */
    cl_outbox_append(o, CL_OUTBOX_ACK, payload, 8, false);
    if (o->dead_bytes >= CL_OUTBOX_COMPACT_BYTES && o->dead_bytes * 2 >= o->file_size)
        cl_outbox_rewrite(o, NULL, 0);
    return true;
}

size_t cl_outbox_count(const cl_outbox *o)
{
    return o->count;
}

cl_outbox_entry *cl_outbox_at(cl_outbox *o, size_t i)
{
    assert(i < o->count);
    return &o->e[i];
}

cl_outbox_entry *cl_outbox_find(cl_outbox *o, uint64_t id)
{
    return cl_outbox_find_index(o, id, NULL);
}

bool cl_outbox_decode(const cl_outbox_entry *e, msg *out)
{
    return msg_decode(e->data, e->len, out, NULL);
}

bool cl_outbox_compact(cl_outbox *o, char *err, size_t errcap)
{
    return cl_outbox_rewrite(o, err, errcap);
}

uint64_t cl_outbox_file_size(const cl_outbox *o)
{
    return o->file_size;
}

const char *cl_outbox_path(const cl_outbox *o)
{
    return o->path;
}
