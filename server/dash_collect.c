/* dash_collect.c — the dashboard's snapshot of the running server: the listener and its
 * counters (server.h), the transport's connections and link figures (host.h, conn.h), and
 * the application's users and rooms.
 *
 * app.h has no listing of users and rooms yet, so this is the one file outside app_*.c that
 * reads app_internal.h — read-only, between the loop's steps, never keeping a pointer. An
 * app_list_users / app_list_rooms in app.h would replace dash_collect_app. */
#include "dash.h"

#include "app_internal.h"
#include "host.h"
#include "server.h"
#include "store.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int dash_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Connected users first, then by name without regard to ASCII case. */
static int dash_user_order(const void *x, const void *y)
{
    const dash_user *a = x, *b = y;
    if ((a->sessions > 0) != (b->sessions > 0)) return a->sessions > 0 ? -1 : 1;
    const unsigned char *p = (const unsigned char *)a->name, *q = (const unsigned char *)b->name;
    while (*p && dash_lower(*p) == dash_lower(*q)) p++, q++;
    return dash_lower(*p) - dash_lower(*q);
}

void dash_collect_app(dash_snapshot *snap, const app *a, host *h)
{
    assert(snap && a);
    snap->user_count = snap->users_not_shown = snap->users_connected = 0;
    for (uint32_t u = 0; u < a->user_hi; u++) {
        const app_user *uu = &a->users[u];
        if (!uu->used) continue;
        if (uu->nsessions) snap->users_connected++;
        if (snap->user_count == DASH_USERS_MAX) {
            snap->users_not_shown++;
            continue;
        }
        dash_user *du = &snap->users[snap->user_count++];
        snprintf(du->name, sizeof du->name, "%s", uu->name); /* both MSG_NAME_MAX + 1 */
        du->role = store_role_name((store_role)uu->role);
        du->status = msg_status_name(uu->status);
        du->sessions = uu->nsessions;
        du->addr[0] = '\0';
        du->rtt_ms = -1.0f;
        du->loss = -1.0f;
        int32_t slot = uu->nsessions ? uu->sessions[0] : -1;
        if (slot < 0 || (uint32_t)slot >= a->session_cap) continue;
        const app_session *ss = &a->sessions[slot];
        net_addr_str(&ss->addr, du->addr);
        conn *c = h ? host_get(h, ss->handle) : NULL;
        if (c) {
            conn_stats cs = conn_get_stats(c);
            du->rtt_ms = (float)(cs.rtt * 1000.0);
            du->loss = (float)cs.loss;
        }
    }
    qsort(snap->users, snap->user_count, sizeof snap->users[0], dash_user_order);

    uint32_t n = a->room_count < DASH_ROOMS_MAX ? a->room_count : DASH_ROOMS_MAX;
    snap->room_count = n;
    snap->rooms_not_shown = a->room_count - n;
    for (uint32_t i = 0; i < n; i++) {
        const app_room *r = &a->rooms[i];
        dash_room *dr = &snap->rooms[i];
        dr->id = r->id;
        snprintf(dr->name, sizeof dr->name, "%s", r->name); /* both MSG_ROOM_NAME_MAX + 1 */
        dr->is_private = r->is_private;
        dr->online = r->online;
        dr->total = r->total;
    }
}

void dash_collect(dash *d, struct srv *s, int64_t now_ms)
{
    assert(d && s);
    dash_snapshot *sn = &d->snap;
    if (!d->started_ms) d->started_ms = now_ms;
    srv_status st = srv_get_status(s);
    host *h = srv_get_host(s);
    host_stats hs = host_get_stats(h);
    sn->connections = hs.conns;
    sn->pending = hs.pending;
    sn->listening = st.listening;
    sn->port = st.port;
    sn->uptime_ms = now_ms - d->started_ms;
    sn->totals = (dash_counters){st.datagrams_in, st.datagrams_out, st.bytes_in, st.bytes_out};
    dash_collect_app(sn, srv_get_app(s), h);
    dash_traffic_sample(d, &sn->totals, now_ms);
}
