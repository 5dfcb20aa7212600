/* cl_rooms.c — the room table and the delivered-history ranges (see cl_rooms.h). */
#include "cl_rooms.h"

#include <assert.h>
#include <string.h>

static bool cl_rooms_same_name(const char *a, const char *b)
{
    for (;; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y) return false;
        if (!x) return true;
    }
}

cl_room_state *cl_rooms_get(cl_rooms *t, uint32_t id)
{
    for (size_t i = 0; i < t->count; i++)
        if (t->v[i].pub.id == id) return &t->v[i];
    return NULL;
}

cl_room_state *cl_rooms_named(cl_rooms *t, const char *name)
{
    for (size_t i = 0; i < t->count; i++)
        if (cl_rooms_same_name(t->v[i].pub.name, name)) return &t->v[i];
    return NULL;
}

cl_room_state *cl_rooms_add(cl_rooms *t, uint32_t id, const char *name)
{
    assert(id != 0);
    cl_room_state *r = cl_rooms_get(t, id);
    if (!r) {
        if (t->count == CL_MAX_ROOMS) return NULL;
        r = &t->v[t->count++];
        memset(r, 0, sizeof *r);
        r->pub.id = id;
    }
    if (name && *name && strlen(name) <= MSG_ROOM_NAME_MAX) strcpy(r->pub.name, name);
    return r;
}

cl_room_state *cl_rooms_put(cl_rooms *t, const msg_room_info *info, bool use_joined)
{
    cl_room_state *r = cl_rooms_add(t, info->room_id, info->name);
    if (!r) return NULL;
    memcpy(r->pub.topic, info->topic, sizeof r->pub.topic);
    r->pub.is_private = info->is_private;
    r->pub.online = info->online;
    r->pub.total = info->total;
    if (use_joined) cl_rooms_set_joined(r, info->joined);
    return r;
}

void cl_rooms_remove(cl_rooms *t, uint32_t id)
{
    cl_room_state *r = cl_rooms_get(t, id);
    if (!r) return;
    size_t i = (size_t)(r - t->v);
    memmove(&t->v[i], &t->v[i + 1], (t->count - i - 1) * sizeof t->v[0]);
    t->count--;
}

void cl_rooms_set_joined(cl_room_state *r, bool joined)
{
    if (r->pub.joined == joined) return;
    r->pub.joined = joined;
    if (!joined) { /* a later join starts a fresh view */
        r->pub.seen_lo = r->pub.seen_hi = 0;
        r->frozen = false;
        r->above_lo = r->above_hi = r->page_lo = r->page_hi = 0;
        r->rejoining = false;
    }
}

void cl_rooms_clear(cl_rooms *t)
{
    t->count = 0;
}

static bool cl_rooms_in(uint64_t id, uint64_t lo, uint64_t hi)
{
    return hi != 0 && id >= lo && id <= hi;
}

/* Adds id to the range [*lo, *hi] (empty when *hi is 0). */
static void cl_rooms_extend(uint64_t *lo, uint64_t *hi, uint64_t id)
{
    if (*hi == 0) {
        *lo = *hi = id;
        return;
    }
    if (id < *lo) *lo = id;
    if (id > *hi) *hi = id;
}

bool cl_rooms_message(cl_rooms *t, const msg_chat_message *m)
{
    if (m->dm || m->room_id == 0) return false;
    cl_room_state *r = cl_rooms_get(t, m->room_id);
    if (!r) return false;
    uint64_t id = m->server_id;
    if (!m->history) {
        if (m->edited || m->deleted) return false; /* a change to an earlier message */
        if (r->frozen && id > r->pub.seen_hi)
            cl_rooms_extend(&r->above_lo, &r->above_hi, id);
        else
            cl_rooms_extend(&r->pub.seen_lo, &r->pub.seen_hi, id);
        return false;
    }
    bool seen = cl_rooms_in(id, r->pub.seen_lo, r->pub.seen_hi) ||
                (r->frozen && cl_rooms_in(id, r->above_lo, r->above_hi));
    if (r->pub.seen_hi != 0 && id <= r->pub.seen_hi) r->page_reached = true;
    if (!seen) cl_rooms_extend(&r->page_lo, &r->page_hi, id);
    return seen;
}

void cl_rooms_thaw(cl_room_state *r)
{
    if (!r->frozen) return;
    r->frozen = false;
    if (r->above_hi) {
        cl_rooms_extend(&r->pub.seen_lo, &r->pub.seen_hi, r->above_lo);
        cl_rooms_extend(&r->pub.seen_lo, &r->pub.seen_hi, r->above_hi);
    }
    r->above_lo = r->above_hi = 0;
    r->pages = 0;
    r->rejoining = false;
}

bool cl_rooms_page_end(cl_rooms *t, uint32_t room_id, bool ok, bool more, uint64_t *before_id)
{
    cl_room_state *r = cl_rooms_get(t, room_id);
    if (!r) return false;
    uint64_t lo = r->page_lo, hi = r->page_hi;
    bool reached = r->page_reached;
    r->page_lo = r->page_hi = 0;
    r->page_reached = false;
    if (!r->frozen) {
        if (ok && hi) {
            cl_rooms_extend(&r->pub.seen_lo, &r->pub.seen_hi, lo);
            cl_rooms_extend(&r->pub.seen_lo, &r->pub.seen_hi, hi);
        }
        return false;
    }
    r->rejoining = false; /* the rejoin's page, if any, is this one or came before */
    if (!ok) {
        cl_rooms_thaw(r);
        return false;
    }
    if (hi) {
        /* the part of the page below the old range (older than anything shown) joins it;
         * the rest is above it and joins the catch-up range */
        if (hi <= r->pub.seen_hi) {
            cl_rooms_extend(&r->pub.seen_lo, &r->pub.seen_hi, lo);
        } else {
            cl_rooms_extend(&r->above_lo, &r->above_hi, hi);
            cl_rooms_extend(&r->above_lo, &r->above_hi, lo > r->pub.seen_hi ? lo : hi);
        }
    }
    r->pages++;
    if (reached || !more || r->pages >= CL_CATCHUP_PAGES || !r->above_hi) {
        cl_rooms_thaw(r);
        return false;
    }
    *before_id = r->above_lo;
    return true;
}

void cl_rooms_freeze(cl_rooms *t)
{
    for (size_t i = 0; i < t->count; i++) {
        cl_room_state *r = &t->v[i];
        if (!r->pub.joined || r->pub.seen_hi == 0 || r->frozen) continue;
        r->frozen = true;
        r->above_lo = r->above_hi = 0;
        r->pages = 0;
    }
}
