/* gui_roster.c — a room's member list in display order (see gui_roster.h). */
#include "gui_roster.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

void gui_roster_init(gui_roster *r, uint32_t room_id)
{
    memset(r, 0, sizeof *r);
    r->room_id = room_id;
}

void gui_roster_free(gui_roster *r)
{
    free(r->v);
    r->v = NULL;
    r->count = r->cap = 0;
}

void gui_roster_clear(gui_roster *r)
{
    r->count = 0;
    r->online = 0;
    r->overflow = 0;
    r->loading_req = 0;
    r->version++;
}

static void gui_roster_changed(gui_roster *r)
{
    r->version++;
    r->unsorted = true;
    int online = 0;
    for (int i = 0; i < r->count; i++) online += r->v[i].status != MSG_STATUS_OFFLINE;
    r->online = online;
}

/* Online first: online, busy, away; then offline. */
static int gui_roster_rank(msg_status s)
{
    switch (s) {
    case MSG_STATUS_ONLINE:
        return 0;
    case MSG_STATUS_BUSY:
        return 1;
    case MSG_STATUS_AWAY:
        return 2;
    default:
        return 3;
    }
}

static int gui_roster_casecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z') x += 'a' - 'A';
        if (y >= 'A' && y <= 'Z') y += 'a' - 'A';
        if (x != y || !x) return x - y;
    }
}

static int gui_roster_cmp(const void *pa, const void *pb)
{
    const gui_member *a = pa, *b = pb;
    int ra = gui_roster_rank(a->status), rb = gui_roster_rank(b->status);
    if (ra != rb) return ra - rb;
    int c = gui_roster_casecmp(a->name, b->name);
    if (c) return c;
    return a->user_id < b->user_id ? -1 : a->user_id > b->user_id;
}

void gui_roster_sort(gui_roster *r)
{
    if (!r->unsorted) return;
    qsort(r->v, (size_t)r->count, sizeof *r->v, gui_roster_cmp);
    r->unsorted = false;
}

static gui_member *gui_roster_slot(gui_roster *r, uint32_t user_id)
{
    for (int i = 0; i < r->count; i++)
        if (r->v[i].user_id == user_id) return &r->v[i];
    return NULL;
}

const gui_member *gui_roster_find(const gui_roster *r, uint32_t user_id)
{
    for (int i = 0; i < r->count; i++)
        if (r->v[i].user_id == user_id) return &r->v[i];
    return NULL;
}

/* Grows the table (doubling, bounded); false when full or out of memory. */
static bool gui_roster_grow(gui_roster *r)
{
    if (r->count < r->cap) return true;
    if (r->cap >= GUI_ROSTER_MAX) {
        r->overflow++;
        return false;
    }
    int cap = r->cap ? r->cap * 2 : 64;
    if (cap > GUI_ROSTER_MAX) cap = GUI_ROSTER_MAX;
    gui_member *v = realloc(r->v, sizeof *v * (size_t)cap);
    if (!v) return false;
    r->v = v;
    r->cap = cap;
    return true;
}

static void gui_roster_copy(gui_member *d, const msg_member *m)
{
    float talking = d->user_id == m->user_id ? d->talking : 0.0f;
    memset(d, 0, sizeof *d);
    d->user_id = m->user_id;
    memcpy(d->name, m->name, sizeof d->name);
    d->role = m->role;
    d->status = m->status;
    d->muted = m->muted;
    memcpy(d->status_text, m->status_text, sizeof d->status_text);
    d->talking = talking;
}

static bool gui_roster_put_one(gui_roster *r, const msg_member *m)
{
    gui_member *d = gui_roster_slot(r, m->user_id);
    if (!d) {
        if (!gui_roster_grow(r)) return false;
        d = &r->v[r->count++];
        d->user_id = 0;
    }
    gui_roster_copy(d, m);
    return true;
}

bool gui_roster_list(gui_roster *r, uint32_t req, const msg_member_list *l)
{
    assert(r && l);
    if (req != r->loading_req || req == 0) {
        r->count = 0; /* a new answer replaces the list */
        r->overflow = 0;
        r->loading_req = req;
    }
    bool ok = true;
    for (uint32_t i = 0; i < l->count && i < MSG_MEMBERS_PER_MSG; i++)
        if (!gui_roster_put_one(r, &l->members[i])) ok = false;
    if (l->last) r->loading_req = 0;
    gui_roster_changed(r);
    return ok;
}

bool gui_roster_put(gui_roster *r, const msg_member *m)
{
    bool ok = gui_roster_put_one(r, m);
    gui_roster_changed(r);
    return ok;
}

bool gui_roster_remove(gui_roster *r, uint32_t user_id)
{
    gui_member *d = gui_roster_slot(r, user_id);
    if (!d) return false;
    *d = r->v[--r->count];
    gui_roster_changed(r);
    return true;
}

bool gui_roster_presence(gui_roster *r, const msg_presence *p)
{
    gui_member *d = gui_roster_slot(r, p->user_id);
    if (!d) return false;
    d->status = p->status;
    memcpy(d->status_text, p->text, sizeof d->status_text);
    gui_roster_changed(r);
    return true;
}

bool gui_roster_set_talking(gui_roster *r, uint32_t user_id, float level)
{
    gui_member *d = gui_roster_slot(r, user_id);
    if (!d) return false;
    d->talking = level < 0.0f ? 0.0f : level > 1.0f ? 1.0f : level;
    r->version++;
    return true;
}
