/* gui_convo.c — one conversation's lines in order (see gui_convo.h). */
#include "gui_convo.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define GUI_CONVO_PENDING_ORDER UINT64_MAX /* own lines waiting for the server sort last */

gui_convo *gui_convo_new(uint32_t room_id, uint32_t peer_id, const char *peer)
{
    gui_convo *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->lines = malloc(sizeof(gui_line) * GUI_CONVO_LINES);
    c->text = malloc(GUI_CONVO_TEXT_BYTES);
    if (!c->lines || !c->text) {
        gui_convo_free(c);
        return NULL;
    }
    c->room_id = room_id;
    c->peer_id = peer_id;
    if (peer) {
        size_t n = strlen(peer);
        if (n > MSG_NAME_MAX) n = MSG_NAME_MAX; /* names come checked from msg.h limits */
        memcpy(c->peer, peer, n);
        c->peer[n] = '\0';
    }
    return c;
}

void gui_convo_free(gui_convo *c)
{
    if (!c) return;
    free(c->lines);
    free(c->text);
    free(c);
}

void gui_convo_clear(gui_convo *c)
{
    c->count = 0;
    c->text_used = 0;
    c->newest_id = c->oldest_id = 0;
    c->reshaped++;
    c->shift = 0;
    c->loaded = false;
    c->more_history = false;
    c->history_pending = false;
    c->unread = 0;
    c->unread_mention = false;
}

const char *gui_convo_text(const gui_convo *c, const gui_line *l)
{
    return c->text + l->text_off;
}

static int gui_convo_cmp(uint64_t order, uint32_t sub, const gui_line *l)
{
    if (order != l->order) return order < l->order ? -1 : 1;
    if (sub != l->sub) return sub < l->sub ? -1 : 1;
    return 0;
}

/* Index of the first line not before (order, sub). */
static int gui_convo_lower_bound(const gui_convo *c, uint64_t order, uint32_t sub)
{
    int lo = 0, hi = c->count;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (gui_convo_cmp(order, sub, &c->lines[mid]) > 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void gui_convo_ids(gui_convo *c)
{
    c->newest_id = c->oldest_id = 0;
    for (int i = 0; i < c->count; i++) {
        uint64_t id = c->lines[i].server_id;
        if (!id) continue;
        if (!c->oldest_id || id < c->oldest_id) c->oldest_id = id;
        if (id > c->newest_id) c->newest_id = id;
    }
}

static void gui_convo_remove(gui_convo *c, int i)
{
    memmove(&c->lines[i], &c->lines[i + 1], sizeof(gui_line) * (size_t)(c->count - i - 1));
    c->count--;
}

static int gui_convo_by_text_off(const void *a, const void *b)
{
    const gui_line *x = *(const gui_line *const *)a, *y = *(const gui_line *const *)b;
    return x->text_off < y->text_off ? -1 : x->text_off > y->text_off;
}

/* Moves the live text to the front of the arena. */
static void gui_convo_compact(gui_convo *c)
{
    gui_line *by_off[GUI_CONVO_LINES];
    for (int i = 0; i < c->count; i++) by_off[i] = &c->lines[i];
    qsort(by_off, (size_t)c->count, sizeof by_off[0], gui_convo_by_text_off);
    uint32_t at = 0;
    for (int i = 0; i < c->count; i++) {
        gui_line *l = by_off[i];
        memmove(c->text + at, c->text + l->text_off, l->text_len + 1);
        l->text_off = at;
        at += l->text_len + 1;
    }
    c->text_used = at;
}

/* Room for need bytes of text: compacts, then drops the oldest lines (not `keep`) until it
 * fits. *keep follows the line it names as lines move. False if it never fits. */
static bool gui_convo_reserve(gui_convo *c, uint32_t need, int *keep)
{
    if (need > GUI_CONVO_TEXT_BYTES / 4) return false; /* one message never takes the arena */
    if (GUI_CONVO_TEXT_BYTES - c->text_used >= need) return true;
    gui_convo_compact(c);
    while (GUI_CONVO_TEXT_BYTES - c->text_used < need && c->count > 0) {
        if (keep && *keep == 0) return false;
        gui_convo_remove(c, 0);
        c->dropped++;
        c->shift--; /* a view may keep showing it: dropping the oldest needs no rebuild */
        if (keep) (*keep)--;
        gui_convo_compact(c);
    }
    gui_convo_ids(c);
    return GUI_CONVO_TEXT_BYTES - c->text_used >= need;
}

static uint32_t gui_convo_store_text(gui_convo *c, const char *text, size_t n)
{
    uint32_t at = c->text_used;
    memcpy(c->text + at, text, n);
    c->text[at + n] = '\0';
    c->text_used += (uint32_t)n + 1;
    return at;
}

/* Makes room for one line at index *pos (which moves when an old line is dropped). */
static bool gui_convo_make_slot(gui_convo *c, int *pos)
{
    if (c->count < GUI_CONVO_LINES) return true;
    if (*pos == 0) {
        c->refused++; /* older than everything held, and no room: the newest matter more */
        return false;
    }
    gui_convo_remove(c, 0);
    c->dropped++;
    c->shift--; /* a view may keep showing it: dropping the oldest needs no rebuild */
    (*pos)--;
    gui_convo_ids(c);
    return true;
}

/* Inserts l at pos and tells the view how the lines moved. */
static void gui_convo_insert(gui_convo *c, int pos, const gui_line *l)
{
    memmove(&c->lines[pos + 1], &c->lines[pos], sizeof(gui_line) * (size_t)(c->count - pos));
    c->lines[pos] = *l;
    c->count++;
    if (pos == c->count - 1) {
        c->appended++;
    } else {
        if (pos == 0) c->shift++;
        c->reshaped++;
    }
}

static void gui_convo_name(char *dst, const char *src)
{
    size_t n = src ? strlen(src) : 0;
    if (n > MSG_NAME_MAX) n = MSG_NAME_MAX;
    if (n) memcpy(dst, src, n);
    dst[n] = '\0';
}

bool gui_convo_add_message(gui_convo *c, const msg_chat_message *m, bool own, int flags,
                           int64_t now_ms)
{
    assert(c && m);
    if (m->server_id == 0) return false; /* not a stored message: nothing to order it by */
    /* the server's copy of an own message replaces the line shown while it was sent */
    if (own && m->client_msg_id) {
        for (int i = c->count - 1; i >= 0; i--) {
            gui_line *l = &c->lines[i];
            if ((l->flags & GUI_LINE_PENDING) && l->client_msg_id == m->client_msg_id) {
                gui_convo_remove(c, i);
                c->reshaped++;
                break;
            }
        }
    }
    size_t n = strlen(m->text);
    int pos = gui_convo_lower_bound(c, m->server_id, 0);
    bool replace = pos < c->count && c->lines[pos].order == m->server_id &&
                   c->lines[pos].sub == 0 && c->lines[pos].server_id == m->server_id;
    if (!replace && !gui_convo_make_slot(c, &pos)) return false;
    if (!gui_convo_reserve(c, (uint32_t)n + 1, replace ? &pos : NULL)) return false;
    if (!replace) pos = gui_convo_lower_bound(c, m->server_id, 0); /* lines may have moved */
    gui_line l;
    memset(&l, 0, sizeof l);
    l.order = m->server_id;
    l.server_id = m->server_id;
    l.client_msg_id = m->client_msg_id;
    l.time_ms = m->timestamp_ms;
    l.arrived_ms = m->history ? 0 : now_ms;
    l.sender_id = m->sender_id;
    gui_convo_name(l.sender, m->sender);
    l.flags = (uint16_t)((flags & (GUI_LINE_MENTION | GUI_LINE_HISTORY)) |
                         (own ? GUI_LINE_OWN : 0) | (m->edited ? GUI_LINE_EDITED : 0) |
                         (m->deleted ? GUI_LINE_DELETED : 0) | (m->history ? GUI_LINE_HISTORY : 0));
    l.text_off = gui_convo_store_text(c, m->deleted ? "" : m->text, m->deleted ? 0 : n);
    l.text_len = m->deleted ? 0 : (uint32_t)n;
    if (replace) {
        if (!m->edited && !m->deleted) return true; /* a repeat of what is shown */
        l.arrived_ms = c->lines[pos].arrived_ms;
        c->lines[pos] = l;
        c->reshaped++;
    } else {
        gui_convo_insert(c, pos, &l);
    }
    if (!c->oldest_id || m->server_id < c->oldest_id) c->oldest_id = m->server_id;
    if (m->server_id > c->newest_id) c->newest_id = m->server_id;
    return true;
}

bool gui_convo_add_local(gui_convo *c, const char *sender, const char *text, int flags,
                         uint64_t client_msg_id, int64_t now_ms)
{
    assert(c && text);
    size_t n = strlen(text);
    bool pending = (flags & GUI_LINE_PENDING) != 0;
    gui_line l;
    memset(&l, 0, sizeof l);
    l.order = pending ? GUI_CONVO_PENDING_ORDER : c->newest_id;
    l.sub = ++c->next_sub;
    l.client_msg_id = client_msg_id;
    l.arrived_ms = now_ms;
    gui_convo_name(l.sender, sender);
    l.flags = (uint16_t)(flags | (sender ? 0 : GUI_LINE_SYSTEM));
    int pos = gui_convo_lower_bound(c, l.order, l.sub);
    if (!gui_convo_make_slot(c, &pos)) return false;
    if (!gui_convo_reserve(c, (uint32_t)n + 1, NULL)) return false;
    pos = gui_convo_lower_bound(c, l.order, l.sub);
    l.text_off = gui_convo_store_text(c, text, n);
    l.text_len = (uint32_t)n;
    gui_convo_insert(c, pos, &l);
    return true;
}

bool gui_convo_fail(gui_convo *c, uint64_t client_msg_id)
{
    for (int i = c->count - 1; i >= 0; i--) {
        gui_line l = c->lines[i];
        if (!(l.flags & GUI_LINE_PENDING) || l.client_msg_id != client_msg_id) continue;
        /* it stays where it is now, after the newest message, instead of with the lines
         * still waiting; the explanation added next follows it */
        gui_convo_remove(c, i);
        l.flags = (uint16_t)((l.flags & ~GUI_LINE_PENDING) | GUI_LINE_FAILED);
        l.order = c->newest_id;
        l.sub = ++c->next_sub;
        gui_convo_insert(c, gui_convo_lower_bound(c, l.order, l.sub), &l);
        c->reshaped++;
        return true;
    }
    return false;
}
