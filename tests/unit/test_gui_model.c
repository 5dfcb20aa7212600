/* GUI client logic without a window or a network: conversations in server-id order with
 * pending own lines, member lists, the state fed with made-up session events (rooms, chat,
 * acks, mentions and the notification count, history, failures, disconnects), the message
 * field's commands turning into actions, the settings file, the command line, the chime.
 *
 * The GUI's sources are not in a library (the Makefile links client/gui only into parley),
 * so the pure ones are compiled in here. */
#include "../test.h"
#include "../test_fs.h"

#include "../../client/gui/gui_args.c"
#include "../../client/gui/gui_call.c"
#include "../../client/gui/gui_convo.c"
#include "../../client/gui/gui_roster.c"
#include "../../client/gui/gui_settings.c"
#include "../../client/gui/gui_state.c"
#include "../../client/gui/gui_str.c"
#include "../../client/gui/gui_tone.c"
#include "../../client/gui/gui_voice.c"
/* for gui_view_submit and the actions queue */
#include "../../client/gui/gui_chat.c"
#include "../../client/gui/gui_frame.c"
#include "../../client/gui/gui_parts.c"
#include "../../client/gui/gui_scr_dms.c"
#include "../../client/gui/gui_scr_enter.c"
#include "../../client/gui/gui_scr_lobby.c"
#include "../../client/gui/gui_scr_room.c"
#include "../../client/gui/gui_scr_settings.c"

#include <stdlib.h>
#include <unistd.h>

/* ---- helpers ----------------------------------------------------------------------------- */

static msg_chat_message *chat(uint64_t id, uint32_t room, const char *from, uint32_t from_id,
                              const char *text)
{
    static msg_chat_message m;
    memset(&m, 0, sizeof m);
    m.server_id = id;
    m.timestamp_ms = 1767268800000ull + id * 1000;
    m.room_id = room;
    m.sender_id = from_id;
    snprintf(m.sender, sizeof m.sender, "%s", from);
    snprintf(m.text, sizeof m.text, "%s", text);
    return &m;
}

static const char *line_text(const gui_convo *c, int i)
{
    return gui_convo_text(c, &c->lines[i]);
}

static cl_event *ev_new(cl_event_type type)
{
    static cl_event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = type;
    return &ev;
}

static cl_event *ev_msg(msg_type type)
{
    cl_event *ev = ev_new(CL_EV_MSG);
    ev->m.type = type;
    return ev;
}

static gui_state *state_logged_in(const char *name, uint32_t id, msg_role role)
{
    gui_state *st = malloc(sizeof *st);
    gui_state_init(st, NULL);
    cl_event *ev = ev_new(CL_EV_SESSION);
    ev->m.type = MSG_SESSION;
    ev->m.session.user_id = id;
    snprintf(ev->m.session.name, sizeof ev->m.session.name, "%s", name);
    ev->m.session.role = role;
    ev->m.session.status = MSG_STATUS_ONLINE;
    gui_state_on_event(st, ev, 1000);
    return st;
}

static void state_free(gui_state *st)
{
    gui_state_free(st);
    free(st);
}

static cl_room rooms[3];

static void state_rooms(gui_state *st)
{
    const char *names[] = {"Gaming", "General", "Staff"};
    const cl_room *ptrs[3];
    for (int i = 0; i < 3; i++) {
        memset(&rooms[i], 0, sizeof rooms[i]);
        rooms[i].id = 10 + (uint32_t)i;
        snprintf(rooms[i].name, sizeof rooms[i].name, "%s", names[i]);
        rooms[i].joined = i != 2;
        ptrs[i] = &rooms[i];
    }
    gui_state_set_rooms(st, ptrs, 3);
}

/* ---- conversations ------------------------------------------------------------------------ */

static void test_convo_orders_by_server_id(void)
{
    gui_convo *c = gui_convo_new(1, 0, NULL);
    CHECK(gui_convo_add_message(c, chat(20, 1, "a", 2, "twenty"), false, 0, 5));
    CHECK(gui_convo_add_message(c, chat(30, 1, "a", 2, "thirty"), false, 0, 5));
    CHECK_EQ(c->appended, 2);
    /* an older page lands in front; a catch-up message in the gap */
    CHECK(gui_convo_add_message(c, chat(10, 1, "b", 3, "ten"), false, 0, 5));
    CHECK(gui_convo_add_message(c, chat(25, 1, "b", 3, "twenty-five"), false, 0, 5));
    CHECK_EQ(c->count, 4);
    CHECK_STR(line_text(c, 0), "ten");
    CHECK_STR(line_text(c, 2), "twenty-five");
    CHECK_STR(line_text(c, 3), "thirty");
    CHECK_EQ(c->shift, 1); /* one line went in before the first */
    CHECK(c->reshaped >= 2);
    CHECK_EQ(c->oldest_id, 10);
    CHECK_EQ(c->newest_id, 30);
    /* the same id again is a repeat, an edit replaces the text */
    CHECK(gui_convo_add_message(c, chat(30, 1, "a", 2, "thirty"), false, 0, 5));
    CHECK_EQ(c->count, 4);
    msg_chat_message *e = chat(30, 1, "a", 2, "thirty, edited");
    e->edited = true;
    CHECK(gui_convo_add_message(c, e, false, 0, 5));
    CHECK_EQ(c->count, 4);
    CHECK_STR(line_text(c, 3), "thirty, edited");
    CHECK(c->lines[3].flags & GUI_LINE_EDITED);
    gui_convo_free(c);
}

static void test_convo_pending_own_lines(void)
{
    gui_convo *c = gui_convo_new(1, 0, NULL);
    gui_convo_add_message(c, chat(5, 1, "a", 2, "first"), false, 0, 1);
    CHECK(gui_convo_add_local(c, "me", "mine", GUI_LINE_OWN | GUI_LINE_PENDING, 77, 2));
    CHECK(gui_convo_add_local(c, NULL, "bob joined", 0, 0, 3));
    /* pending own lines stay last; the note sorts after the newest message */
    CHECK_STR(line_text(c, 1), "bob joined");
    CHECK_STR(line_text(c, 2), "mine");
    CHECK(c->lines[1].flags & GUI_LINE_SYSTEM);
    /* the server's copy (same client_msg_id) replaces the pending line */
    msg_chat_message *m = chat(6, 1, "me", 9, "mine");
    m->client_msg_id = 77;
    CHECK(gui_convo_add_message(c, m, true, 0, 4));
    CHECK_EQ(c->count, 3);
    CHECK_STR(line_text(c, 2), "mine");
    CHECK(!(c->lines[2].flags & GUI_LINE_PENDING));
    CHECK(c->lines[2].flags & GUI_LINE_OWN);
    /* a refused one is marked */
    gui_convo_add_local(c, "me", "nope", GUI_LINE_OWN | GUI_LINE_PENDING, 78, 5);
    CHECK(gui_convo_fail(c, 78));
    CHECK(c->lines[3].flags & GUI_LINE_FAILED);
    CHECK(!gui_convo_fail(c, 999));
    gui_convo_free(c);
}

static void test_convo_bounded(void)
{
    gui_convo *c = gui_convo_new(1, 0, NULL);
    char text[100];
    memset(text, 'x', sizeof text - 1);
    text[sizeof text - 1] = 0;
    /* the line table is the limit: the oldest lines go */
    for (int i = 1; i <= GUI_CONVO_LINES + 50; i++)
        CHECK(gui_convo_add_message(c, chat((uint64_t)i + 100, 1, "a", 2, text), false, 0, 1));
    CHECK_EQ(c->count, GUI_CONVO_LINES);
    CHECK_EQ(c->dropped, 50);
    CHECK_EQ(c->lines[c->count - 1].server_id, GUI_CONVO_LINES + 150);
    CHECK_EQ(c->oldest_id, 151);
    /* older than everything, with a full table: refused, counted */
    CHECK(!gui_convo_add_message(c, chat(1, 1, "a", 2, "ancient"), false, 0, 1));
    CHECK_EQ(c->refused, 1);
    gui_convo_free(c);

    /* the text arena is the limit: compacted, then the oldest lines go */
    c = gui_convo_new(1, 0, NULL);
    static char big[MSG_TEXT_MAX + 1];
    for (int i = 1; i <= 120; i++) {
        memset(big, 'a' + i % 26, 3000);
        big[3000] = 0;
        CHECK(gui_convo_add_message(c, chat((uint64_t)i, 1, "a", 2, big), false, 0, 1));
        if (i % 7 == 0) { /* edits leave dead text behind for the compaction */
            msg_chat_message *e = chat((uint64_t)i, 1, "a", 2, "short now");
            e->edited = true;
            CHECK(gui_convo_add_message(c, e, false, 0, 1));
        }
    }
    CHECK(c->count < 120 && c->count > 40);
    CHECK(c->text_used <= GUI_CONVO_TEXT_BYTES);
    for (int i = 0; i < c->count; i++) { /* every line's text is still its own */
        uint64_t id = c->lines[i].server_id;
        const char *t = line_text(c, i);
        if (id % 7 == 0) {
            CHECK_STR(t, "short now");
        } else {
            CHECK_EQ(strlen(t), 3000);
            CHECK_EQ(t[0], 'a' + (int)(id % 26));
            CHECK_EQ(t[2999], 'a' + (int)(id % 26));
        }
    }
    gui_convo_free(c);
}

/* ---- member lists ------------------------------------------------------------------------- */

static void test_roster_lists_and_presence(void)
{
    gui_roster r;
    gui_roster_init(&r, 5);
    static msg_member_list l;
    memset(&l, 0, sizeof l);
    l.room_id = 5;
    const char *names[] = {"zed", "Amy", "bob", "cat"};
    msg_status status[] = {MSG_STATUS_ONLINE, MSG_STATUS_OFFLINE, MSG_STATUS_AWAY,
                           MSG_STATUS_ONLINE};
    for (int i = 0; i < 4; i++) {
        l.members[i].user_id = 1 + (uint32_t)i;
        snprintf(l.members[i].name, sizeof l.members[i].name, "%s", names[i]);
        l.members[i].status = status[i];
    }
    l.count = 2;
    CHECK(gui_roster_list(&r, 7, &l)); /* first chunk */
    memmove(&l.members[0], &l.members[2], 2 * sizeof l.members[0]);
    l.last = true;
    CHECK(gui_roster_list(&r, 7, &l)); /* second chunk of the same answer adds */
    CHECK_EQ(r.count, 4);
    CHECK_EQ(r.online, 3);
    gui_roster_sort(&r);
    /* online (by name), away, offline */
    CHECK_STR(r.v[0].name, "cat");
    CHECK_STR(r.v[1].name, "zed");
    CHECK_STR(r.v[2].name, "bob");
    CHECK_STR(r.v[3].name, "Amy");
    msg_presence p = {.user_id = 2, .status = MSG_STATUS_ONLINE};
    snprintf(p.text, sizeof p.text, "back");
    CHECK(gui_roster_presence(&r, &p));
    gui_roster_sort(&r);
    CHECK_STR(r.v[0].name, "Amy");
    CHECK_STR(r.v[0].status_text, "back");
    CHECK(gui_roster_set_talking(&r, 1, 2.0f));
    CHECK(gui_roster_find(&r, 1)->talking == 1.0f);
    CHECK(gui_roster_remove(&r, 3));
    CHECK_EQ(r.count, 3);
    /* a new answer replaces the list */
    l.count = 1;
    CHECK(gui_roster_list(&r, 8, &l));
    CHECK_EQ(r.count, 1);
    gui_roster_free(&r);
}

/* ---- the state from events ------------------------------------------------------------------ */

static void test_state_session_and_rooms(void)
{
    gui_state *st = malloc(sizeof *st);
    gui_state_init(st, NULL);
    CHECK_EQ(st->screen, GUI_SCREEN_START);
    cl_event *ev = ev_new(CL_EV_CONNECTED);
    ev->m.type = MSG_SERVER_INFO;
    snprintf(ev->m.server_info.name, sizeof ev->m.server_info.name, "LAN");
    gui_state_on_event(st, ev, 1);
    CHECK_EQ(st->screen, GUI_SCREEN_LOGIN);
    CHECK_EQ(st->link.state, GUI_LINK_ONLINE);
    state_free(st);

    st = state_logged_in("gina", 7, MSG_ROLE_GUEST);
    CHECK(st->logged_in);
    CHECK(gui_state_is_guest(st));
    CHECK_EQ(st->screen, GUI_SCREEN_ROOM);
    state_rooms(st);
    CHECK_STR(st->rooms[0]->name, "General"); /* General first, then by name */
    CHECK_STR(st->rooms[1]->name, "Gaming");
    CHECK_EQ(st->current_room, 11); /* the first joined room becomes current */
    rooms[1].joined = false;        /* left General */
    const cl_room *ptrs[3] = {&rooms[0], &rooms[1], &rooms[2]};
    gui_state_set_rooms(st, ptrs, 3);
    CHECK_EQ(st->current_room, 10);
    state_free(st);
}

static void test_state_chat_mentions_and_acks(void)
{
    gui_state *st = state_logged_in("gina", 7, MSG_ROLE_USER);
    state_rooms(st);
    st->window_focused = true;
    /* a message in the room on screen: shown, no sound */
    cl_event *ev = ev_msg(MSG_CHAT_MESSAGE);
    ev->m.chat_message = *chat(1, 11, "bob", 8, "hello all");
    gui_state_on_event(st, ev, 100);
    gui_convo *c = gui_state_find_room_convo(st, 11);
    CHECK(c && c->count == 1);
    CHECK_EQ(st->dings, 0);
    CHECK_EQ(c->unread, 0);
    /* a mention in another room: unread and a sound */
    ev = ev_msg(MSG_CHAT_MESSAGE);
    ev->m.chat_message = *chat(2, 10, "bob", 8, "@Gina come to Gaming");
    gui_state_on_event(st, ev, 200);
    gui_convo *g = gui_state_find_room_convo(st, 10);
    CHECK(g && g->unread == 1 && g->unread_mention);
    CHECK(g->lines[0].flags & GUI_LINE_MENTION);
    CHECK_EQ(st->dings, 1);
    /* history and repeats make no sound; seen history is not shown twice */
    ev = ev_msg(MSG_CHAT_MESSAGE);
    ev->m.chat_message = *chat(3, 10, "bob", 8, "gina: old news");
    ev->m.chat_message.history = true;
    gui_state_on_event(st, ev, 300);
    ev->seen = true;
    gui_state_on_event(st, ev, 300);
    CHECK_EQ(g->count, 2);
    CHECK_EQ(st->dings, 1);
    /* a direct message: its own conversation, a sound */
    ev = ev_msg(MSG_CHAT_MESSAGE);
    ev->m.chat_message = *chat(4, 0, "alice", 9, "psst");
    ev->m.chat_message.dm = true;
    ev->m.chat_message.to_id = 7;
    snprintf(ev->m.chat_message.to, sizeof ev->m.chat_message.to, "gina");
    gui_state_on_event(st, ev, 400);
    gui_convo *dm = gui_state_find_dm_convo(st, "ALICE");
    CHECK(dm && dm->peer_id == 9 && dm->count == 1);
    CHECK_EQ(st->dings, 2);

    /* own message: queued (pending), acked (stored), then the echo changes nothing */
    ev = ev_new(CL_EV_QUEUED);
    ev->client_msg_id = 55;
    ev->chat_type = MSG_CHAT_SEND;
    ev->chat_room = 11;
    snprintf(ev->chat_text, sizeof ev->chat_text, "on my way");
    ev->pending = 1;
    gui_state_on_event(st, ev, 500);
    CHECK_EQ(c->count, 2);
    CHECK(c->lines[1].flags & GUI_LINE_PENDING);
    CHECK_EQ(st->link.outbox, 1);
    ev = ev_msg(MSG_CHAT_ACK);
    ev->client_msg_id = 55;
    ev->chat_type = MSG_CHAT_SEND;
    ev->chat_room = 11;
    ev->m.chat_ack.client_msg_id = 55;
    ev->m.chat_ack.server_id = 9;
    ev->m.chat_ack.timestamp_ms = 1767268805000ull;
    gui_state_on_event(st, ev, 600);
    CHECK_EQ(c->count, 2);
    CHECK(!(c->lines[1].flags & GUI_LINE_PENDING));
    CHECK_EQ(c->lines[1].server_id, 9);
    ev = ev_msg(MSG_CHAT_MESSAGE);
    ev->m.chat_message = *chat(9, 11, "gina", 7, "on my way");
    ev->m.chat_message.client_msg_id = 55;
    gui_state_on_event(st, ev, 700);
    CHECK_EQ(c->count, 2);
    CHECK_EQ(st->dings, 2);

    /* a refused one: marked, explained, and a toast */
    ev = ev_new(CL_EV_QUEUED);
    ev->client_msg_id = 56;
    ev->chat_room = 11;
    snprintf(ev->chat_text, sizeof ev->chat_text, "spam");
    gui_state_on_event(st, ev, 800);
    int notes = st->note_count;
    ev = ev_msg(MSG_CHAT_ACK);
    ev->client_msg_id = 56;
    ev->chat_room = 11;
    ev->m.chat_ack.client_msg_id = 56;
    ev->m.chat_ack.err = MSG_ERR_MUTED;
    gui_state_on_event(st, ev, 900);
    CHECK(c->lines[2].flags & GUI_LINE_FAILED);
    CHECK(c->lines[3].flags & GUI_LINE_SYSTEM);
    CHECK_EQ(st->note_count, notes + 1);
    CHECK_EQ(st->notes[st->note_count - 1].kind, GUI_NOTE_ERROR);
    state_free(st);
}

static void test_state_members_history_and_requests(void)
{
    gui_state *st = state_logged_in("gina", 7, MSG_ROLE_USER);
    state_rooms(st);
    gui_state_room_convo(st, 11);
    cl_event *ev = ev_msg(MSG_MEMBER_LIST);
    ev->req = 3;
    ev->m.member_list.room_id = 11;
    ev->m.member_list.count = 2;
    ev->m.member_list.last = true;
    ev->m.member_list.members[0].user_id = 7;
    snprintf(ev->m.member_list.members[0].name, MSG_NAME_MAX + 1, "gina");
    ev->m.member_list.members[0].status = MSG_STATUS_ONLINE;
    ev->m.member_list.members[1].user_id = 8;
    snprintf(ev->m.member_list.members[1].name, MSG_NAME_MAX + 1, "bob");
    gui_state_on_event(st, ev, 1);
    gui_roster *r = gui_state_find_roster(st, 11);
    CHECK(r && r->count == 2 && r->online == 1);
    /* bob comes online and joins another room he is already listed in: one line */
    ev = ev_msg(MSG_PRESENCE);
    ev->m.presence.user_id = 8;
    ev->m.presence.status = MSG_STATUS_BUSY;
    gui_state_on_event(st, ev, 2);
    CHECK_EQ(r->online, 2);
    ev = ev_msg(MSG_MEMBER_EVENT);
    ev->m.member_event.kind = MSG_MEMBER_EV_LEFT;
    ev->m.member_event.room_id = 11;
    ev->m.member_event.member.user_id = 8;
    snprintf(ev->m.member_event.member.name, MSG_NAME_MAX + 1, "bob");
    gui_state_on_event(st, ev, 3);
    CHECK_EQ(r->count, 1);
    gui_convo *c = gui_state_find_room_convo(st, 11);
    CHECK(c->count == 1 && strcmp(line_text(c, 0), "bob left") == 0);
    /* history end says whether there is more */
    c->history_pending = true;
    ev = ev_msg(MSG_HISTORY_END);
    ev->m.history_end.room_id = 11;
    ev->m.history_end.more = true;
    gui_state_on_event(st, ev, 4);
    CHECK(!c->history_pending && c->more_history);
    /* the person's join: opens the room; a wrong password asks for it */
    st->join_req = 40;
    gui_str_copy(st->join_name, sizeof st->join_name, "Staff");
    ev = ev_msg(MSG_RESULT);
    ev->req = 40;
    ev->req_type = MSG_ROOM_JOIN;
    ev->m.result.err = MSG_ERR_WRONG_PASSWORD;
    gui_state_on_event(st, ev, 5);
    CHECK(st->password_prompt);
    CHECK_STR(st->password_room, "Staff");
    st->join_req = 41;
    st->screen = GUI_SCREEN_LOBBY;
    ev = ev_msg(MSG_RESULT);
    ev->req = 41;
    ev->req_type = MSG_ROOM_JOIN;
    ev->m.result.id = 10;
    gui_state_on_event(st, ev, 6);
    CHECK_EQ(st->screen, GUI_SCREEN_ROOM);
    CHECK_EQ(st->current_room, 10);
    /* status change takes effect on the answer */
    st->status_req = 42;
    st->status_want = MSG_STATUS_AWAY;
    ev = ev_msg(MSG_RESULT);
    ev->req = 42;
    ev->req_type = MSG_STATUS_SET;
    gui_state_on_event(st, ev, 7);
    CHECK_EQ(st->my_status, MSG_STATUS_AWAY);
    /* search results */
    st->search_req = 43;
    ev = ev_msg(MSG_USER_SEARCH_RESULT);
    ev->req = 43;
    ev->m.user_search_result.count = 1;
    snprintf(ev->m.user_search_result.users[0].name, MSG_NAME_MAX + 1, "alice");
    gui_state_on_event(st, ev, 8);
    CHECK(st->search_done && st->search_count == 1);
    /* an error answer to one of the person's requests becomes a toast */
    int notes = st->note_count;
    ev = ev_msg(MSG_RESULT);
    ev->req = 44;
    ev->req_type = MSG_ROOM_CREATE;
    ev->m.result.err = MSG_ERR_NOT_PERMITTED;
    gui_state_on_event(st, ev, 9);
    CHECK_EQ(st->note_count, notes + 1);
    state_free(st);
}

static void test_state_connection_changes(void)
{
    gui_state *st = state_logged_in("gina", 7, MSG_ROLE_USER);
    cl_event *ev = ev_new(CL_EV_DISCONNECTED);
    snprintf(ev->text, sizeof ev->text, "timed out");
    gui_state_on_event(st, ev, 1000);
    CHECK_EQ(st->link.state, GUI_LINK_WAITING);
    ev = ev_new(CL_EV_RECONNECTING);
    ev->delay = 2.5;
    ev->attempt = 2;
    gui_state_on_event(st, ev, 1000);
    CHECK_EQ(st->link.retry_at_ms, 3500);
    ev = ev_new(CL_EV_IDENTITY);
    ev->known = CL_KNOWN_CHANGED;
    snprintf(ev->text, sizeof ev->text, "the key changed");
    gui_state_on_event(st, ev, 1100);
    CHECK(st->identity_prompt);
    ev = ev_new(CL_EV_STOPPED);
    ev->stop = CL_STOP_BANNED;
    snprintf(ev->text, sizeof ev->text, "banned");
    gui_state_on_event(st, ev, 1200);
    CHECK(st->stopped_prompt);
    CHECK(!st->logged_in);
    CHECK_EQ(st->link.state, GUI_LINK_STOPPED);
    state_free(st);
}

static void test_state_mentions_and_time(void)
{
    CHECK(gui_state_mentions("hi gina!", "gina"));
    CHECK(gui_state_mentions("@GINA look", "gina"));
    CHECK(gui_state_mentions("gina", "gina"));
    CHECK(!gui_state_mentions("reginald", "gina"));
    CHECK(!gui_state_mentions("ginas", "gina"));
    CHECK(!gui_state_mentions("", "gina"));
    gui_state *st = malloc(sizeof *st);
    gui_state_init(st, NULL);
    char out[32];
    uint64_t noon = 1767268800000ull; /* 2026-01-01 12:00 UTC */
    gui_state_time(st, noon + 3 * 60000, noon + 3600000, out, sizeof out);
    CHECK_STR(out, "12:03");
    gui_state_time(st, noon - 86400000ull, noon, out, sizeof out);
    CHECK_STR(out, "Dec 31 12:00");
    st->utc_offset_s = 3600;
    gui_state_time(st, noon, noon, out, sizeof out);
    CHECK_STR(out, "13:00");
    state_free(st);
}

/* ---- the message field ---------------------------------------------------------------------- */

static void test_submit_commands(void)
{
    gui_state *st = state_logged_in("gina", 7, MSG_ROLE_USER);
    state_rooms(st);
    gui_view *v = malloc(sizeof *v);
    gui_view_init(v);
    CHECK(gui_view_submit(v, st, "hello", 11, NULL));
    CHECK(v->actions.count == 1 && v->actions.v[0].kind == GUI_ACT_SAY);
    CHECK_EQ(v->actions.v[0].room_id, 11);
    CHECK_STR(v->actions.v[0].text, "hello");
    CHECK(gui_view_submit(v, st, "//slash", 11, NULL));
    CHECK_STR(v->actions.v[1].text, "/slash");
    CHECK(gui_view_submit(v, st, "hi there", 0, "alice"));
    CHECK(v->actions.v[2].kind == GUI_ACT_DM && !strcmp(v->actions.v[2].name, "alice"));
    CHECK(gui_view_submit(v, st, "/join \"Board games\" secret123", 11, NULL));
    CHECK(v->actions.v[3].kind == GUI_ACT_JOIN);
    CHECK_STR(v->actions.v[3].name, "Board games");
    CHECK_STR(v->actions.v[3].secret, "secret123");
    CHECK(gui_view_submit(v, st, "/status away lunch", 11, NULL));
    CHECK(v->actions.v[4].kind == GUI_ACT_STATUS && v->actions.v[4].status == MSG_STATUS_AWAY);
    CHECK(gui_view_submit(v, st, "/leave Gaming", 11, NULL));
    CHECK(v->actions.v[5].kind == GUI_ACT_LEAVE && v->actions.v[5].room_id == 10);
    /* bad lines: a toast, no action */
    int notes = st->note_count;
    CHECK(!gui_view_submit(v, st, "/nosuch", 11, NULL));
    CHECK(!gui_view_submit(v, st, "/leave Nowhere", 11, NULL));
    CHECK_EQ(v->actions.count, 6);
    CHECK_EQ(st->note_count, notes + 2);
    gui_actions_clear(&v->actions);
    CHECK_EQ(v->actions.count, 0);
    CHECK_EQ(v->actions.v[3].secret[0], 0); /* passwords do not linger */
    for (int i = 0; i < GUI_ACTIONS + 3; i++) gui_actions_push(&v->actions, GUI_ACT_LIST_ROOMS);
    CHECK_EQ(v->actions.count, GUI_ACTIONS);
    CHECK_EQ(v->actions.dropped, 3);
    free(v);
    state_free(st);
}

/* ---- settings, command line, strings, the chime -----------------------------------------------
 */

static void test_settings_round_trip(void)
{
    char dir[64];
    test_tmpdir(dir, sizeof dir);
    char path[256], err[512];
    CHECK(gui_settings_path(dir, path, sizeof path));
    gui_settings s = gui_settings_default();
    CHECK(gui_settings_load(path, &s, err, sizeof err)); /* no file yet: defaults */
    CHECK(!s.dark && s.sound && s.scale == 1.0f);
    s.dark = true;
    s.scale = 1.25f;
    s.sound = false;
    s.overlay_fade_s = 12;
    s.main = (gui_window_place){10, 20, 900, 650, true};
    s.small = (gui_window_place){1500, 40, 420, 280, false};
    snprintf(s.server, sizeof s.server, "192.168.1.4:7777");
    snprintf(s.name, sizeof s.name, "\xc3\xa9lodie");
    CHECK(gui_settings_save(path, &s, err, sizeof err));
    gui_settings t = gui_settings_default();
    CHECK(gui_settings_load(path, &t, err, sizeof err));
    CHECK_STR(err, "");
    CHECK(t.dark && !t.sound && t.scale == 1.25f && t.overlay_fade_s == 12);
    CHECK(t.main.x == 10 && t.main.y == 20 && t.main.w == 900 && t.main.h == 650);
    CHECK(t.main.maximized && !t.small.maximized && t.small.x == 1500);
    CHECK_STR(t.server, "192.168.1.4:7777");
    CHECK_STR(t.name, "\xc3\xa9lodie");
    /* values out of range and unknown keys are ignored, with a note */
    FILE *f = fopen(path, "w");
    fputs("theme = purple\nscale = 900\noverlay_fade = 2\nwindow = 1,2,3,4\nbogus = 1\n"
          "no equals sign\nsound = off\n",
          f);
    fclose(f);
    gui_settings u = gui_settings_default();
    CHECK(gui_settings_load(path, &u, err, sizeof err));
    CHECK(strstr(err, "line 1") && strstr(err, "line 6"));
    CHECK(!u.dark && u.scale == 1.0f && u.overlay_fade_s == 8 && u.main.w == 0 && !u.sound);
    remove(path);
    rmdir(dir);
}

/* ---- voice ---------------------------------------------------------------------------------- */

static void test_voice_settings_persist(void)
{
    char dir[64];
    test_tmpdir(dir, sizeof dir);
    char path[256], err[512];
    CHECK(gui_settings_path(dir, path, sizeof path));
    gui_settings s = gui_settings_default();
    CHECK(s.voice_tx == VC_TX_VOICE && s.ptt_key == GUI_PTT_RCTRL && s.voice_quality == 8);
    snprintf(s.capture, sizeof s.capture, "USB Headset Microphone");
    s.voice_tx = VC_TX_PTT;
    s.ptt_key = GUI_PTT_MOUSE4;
    s.voice_mode = VW_MODE_UWB;
    s.voice_quality = 3;
    s.voice_muted = true;
    CHECK(gui_settings_save(path, &s, err, sizeof err));
    gui_settings t = gui_settings_default();
    CHECK(gui_settings_load(path, &t, err, sizeof err));
    CHECK_STR(err, "");
    CHECK_STR(t.capture, "USB Headset Microphone");
    CHECK_STR(t.playback, "");
    CHECK(t.voice_tx == VC_TX_PTT && t.ptt_key == GUI_PTT_MOUSE4 && t.voice_mode == VW_MODE_UWB);
    CHECK(t.voice_quality == 3 && t.voice_muted && !t.voice_deafened);
    /* bad values are ignored, with a note */
    FILE *f = fopen(path, "w");
    fputs("push_to_talk = a\nvoice_quality = 11\nvoice_input = shout\nvoice_codec = wide\n", f);
    fclose(f);
    gui_settings u = gui_settings_default();
    CHECK(gui_settings_load(path, &u, err, sizeof err));
    CHECK(strstr(err, "line 1") && strstr(err, "line 2") && strstr(err, "line 3"));
    CHECK(!strstr(err, "line 4"));
    CHECK(u.ptt_key == GUI_PTT_RCTRL && u.voice_quality == 8 && u.voice_tx == VC_TX_VOICE);
    gui_ptt_key k;
    for (int i = 0; i < GUI_PTT_COUNT; i++)
        CHECK(gui_ptt_key_parse(gui_ptt_key_name((gui_ptt_key)i), &k) && k == (gui_ptt_key)i);
    CHECK(!gui_ptt_key_parse("space", &k));
    remove(path);
    rmdir(dir);
}

static void test_voice_talk_rings(void)
{
    gui_state *st = state_logged_in("gina", 7, MSG_ROLE_USER);
    state_rooms(st);
    gui_roster *r = gui_state_roster(st, 11);
    msg_member m = {.user_id = 20, .status = MSG_STATUS_ONLINE};
    snprintf(m.name, sizeof m.name, "bob");
    gui_roster_put(r, &m);
    m.user_id = 7;
    snprintf(m.name, sizeof m.name, "gina");
    gui_roster_put(r, &m);
    gui_voice_join(st, 11);
    CHECK_EQ(gui_voice_room(st), 11u);
    vc_event ev = {VC_EV_TALK_START, 20, 1.0};
    gui_voice_on_talk(st, &ev);
    CHECK(gui_roster_find(r, 20)->talking > 0.5f);
    ev.user = VC_SELF; /* this client: its own row */
    gui_voice_on_talk(st, &ev);
    CHECK(gui_roster_find(r, 7)->talking > 0.5f);
    ev.type = VC_EV_TALK_STOP;
    ev.user = 20;
    gui_voice_on_talk(st, &ev);
    CHECK(gui_roster_find(r, 20)->talking == 0.0f);
    ev.user = 999; /* not listed: nothing breaks */
    gui_voice_on_talk(st, &ev);
    /* leaving voice puts every ring out (no stop events come then) */
    gui_voice_join(st, 0);
    CHECK_EQ(gui_voice_room(st), 0u);
    CHECK(gui_roster_find(r, 7)->talking == 0.0f);
    state_free(st);
}

static void test_voice_controls_drive_engine(void)
{
    gui_state *st = state_logged_in("gina", 7, MSG_ROLE_USER);
    vc_engine_config cfg = vc_engine_default_config();
    vc_engine *e = vc_engine_create(&cfg);
    CHECK(e != NULL);
    gui_voice_applied done;
    memset(&done, 0, sizeof done);
    gui_voice_apply(st, e, &done);
    vc_engine_state es = vc_engine_get_state(e);
    CHECK(!es.muted && !es.deafened && es.tx == VC_TX_VOICE && !es.ptt && !es.mic_test);
    st->settings.voice_muted = true;
    st->settings.voice_deafened = true;
    st->settings.voice_tx = VC_TX_PTT;
    gui_voice_ptt(st, true); /* held */
    st->voice.mic_test = true;
    gui_voice_apply(st, e, &done);
    es = vc_engine_get_state(e);
    CHECK(es.muted && es.deafened && es.tx == VC_TX_PTT && es.ptt && es.mic_test);
    gui_voice_ptt(st, false);
    st->settings.voice_tx = VC_TX_VOICE;
    gui_voice_ptt(st, true); /* the key does nothing in voice activation */
    CHECK(!st->voice.ptt_down);
    st->settings.voice_mode = VW_MODE_NB;
    st->settings.voice_quality = 4;
    gui_voice_apply(st, e, &done);
    es = vc_engine_get_state(e);
    CHECK(!es.ptt && es.tx == VC_TX_VOICE && es.mode == VW_MODE_NB);
    CHECK(done.mode == VW_MODE_NB && done.quality == 4);
    /* volumes: kept per user, clamped, applied once per change */
    CHECK(gui_voice_set_volume(st, 20, 2.5f));
    CHECK(gui_voice_set_volume(st, 21, 99.0f));
    CHECK(gui_voice_volume_of(&st->voice, 21) == GUI_VOICE_VOLUME_MAX);
    CHECK(gui_voice_volume_of(&st->voice, 22) == 1.0f);
    gui_voice_apply(st, e, &done);
    CHECK_EQ(done.volume_gen, st->voice.volume_gen);
    for (uint32_t u = 100; u < 100 + GUI_VOICE_VOLUMES; u++) gui_voice_set_volume(st, u, 0.5f);
    CHECK_EQ(st->voice.volume_count, GUI_VOICE_VOLUMES);
    CHECK(st->note_count > 0); /* the table filled up: the person was told */
    /* the meter moves in steps; an unchanged engine asks for no frame */
    gui_voice_observe(&st->voice, e);
    CHECK(!gui_voice_observe(&st->voice, e) || st->voice.peak > 0.0f);
    /* binding a key saves it */
    st->voice.binding = true;
    gui_voice_bind(st, GUI_PTT_F8);
    CHECK(!st->voice.binding && st->settings.ptt_key == GUI_PTT_F8 && st->voice.save);
    vc_engine_destroy(e);
    state_free(st);
}

static void test_args(void)
{
    gui_args a;
    char err[256];
    char *ok1[] = {"parley", "--server", "10.0.0.2:7000", "--guest", "gina", "--overlay"};
    CHECK(gui_args_parse(6, ok1, &a, err, sizeof err));
    CHECK(a.overlay && !strcmp(a.o.guest, "gina") && !strcmp(a.o.server, "10.0.0.2:7000"));
    char *ok2[] = {"parley", "--host", "--guest", "hosty", "--size", "800x600", "-psn_0_1"};
    CHECK(gui_args_parse(7, ok2, &a, err, sizeof err));
    CHECK(a.host && a.width == 800 && a.height == 600);
    char *bad1[] = {"parley", "--guest", "gina"};
    CHECK(!gui_args_parse(3, bad1, &a, err, sizeof err));
    char *bad2[] = {"parley", "--server", "x", "--guest", "a", "--user", "b"};
    CHECK(!gui_args_parse(7, bad2, &a, err, sizeof err));
    char *bad3[] = {"parley", "--size", "10x10"};
    CHECK(!gui_args_parse(3, bad3, &a, err, sizeof err));
    char *bad4[] = {"parley", "--server"};
    CHECK(!gui_args_parse(2, bad4, &a, err, sizeof err));
    char *bad5[] = {"parley", "--host", "--server", "x"};
    CHECK(!gui_args_parse(4, bad5, &a, err, sizeof err));
}

static void test_str_cuts_at_characters(void)
{
    char out[6];
    CHECK(!gui_str_copy(out, sizeof out, "abcd\xc3\xa9z")); /* é would be cut in half */
    CHECK_STR(out, "abcd");
    CHECK(gui_str_copy(out, sizeof out, "ab\xc3\xa9"));
    CHECK_STR(out, "ab\xc3\xa9");
    CHECK(!gui_str_fmt(out, sizeof out, "%s", "\xe2\x82\xac\xe2\x82\xac")); /* two euros */
    CHECK_STR(out, "\xe2\x82\xac");
}

static void test_tone(void)
{
    int16_t s[GUI_TONE_RATE * GUI_TONE_MS / 1000];
    int n = (int)(sizeof s / sizeof s[0]);
    gui_tone_fill(s, n, GUI_TONE_RATE);
    int peak = 0, crossings = 0;
    for (int i = 0; i < n; i++) {
        int a = s[i] < 0 ? -s[i] : s[i];
        if (a > peak) peak = a;
        if (i && (s[i - 1] < 0) != (s[i] < 0)) crossings++;
    }
    CHECK(peak > 8000 && peak < 32767); /* audible, not clipped */
    CHECK(crossings > 400);             /* kHz tones, not silence or a click */
    CHECK(abs(s[n - 1]) < peak / 4);    /* it has faded out */
}

/* ---- 1:1 calls ---------------------------------------------------------------------------- */

static cl_event *ev_call(uint32_t id, const char *peer, msg_call_phase state, msg_call_reason why,
                         bool outgoing, bool by_peer)
{
    cl_event *ev = ev_msg(MSG_CALL_STATE);
    msg_call_state *m = &ev->m.call_state;
    m->call_id = id;
    m->peer_id = 20;
    snprintf(m->peer, sizeof m->peer, "%s", peer);
    m->state = state;
    m->reason = why;
    m->outgoing = outgoing;
    m->by_peer = by_peer;
    return ev;
}

/* The last toast's text, or "" (and the notes are taken, as a frame would). */
static const char *take_note(gui_state *st)
{
    static char text[GUI_NOTE_BYTES];
    text[0] = '\0';
    if (st->note_count) snprintf(text, sizeof text, "%s", st->notes[st->note_count - 1].text);
    st->note_count = 0;
    return text;
}

static void test_call_rings_until_answered(void)
{
    gui_state *st = state_logged_in("gina", 7, MSG_ROLE_USER);
    take_note(st);
    CHECK(!gui_call_ringing_here(st));
    CHECK(!gui_call_ring_due(st, 5000));
    CHECK_EQ(gui_call_ring_next(st), 0);
    gui_state_on_event(st, ev_call(5, "bob", MSG_CALL_RINGING, MSG_CALL_R_NONE, false, true), 5000);
    CHECK(gui_call_ringing_here(st));
    CHECK(!gui_call_bar_shown(st));                  /* the dialog, not the bar */
    CHECK(!gui_call_can(st, 30, MSG_STATUS_ONLINE)); /* one call at a time */
    /* the first ring at once, then one every GUI_CALL_RING_MS */
    CHECK(gui_call_ring_due(st, 5000));
    CHECK(!gui_call_ring_due(st, 5001));
    CHECK_EQ(gui_call_ring_next(st), 5000 + GUI_CALL_RING_MS);
    CHECK(!gui_call_ring_due(st, 5000 + GUI_CALL_RING_MS - 1));
    CHECK(gui_call_ring_due(st, 5000 + GUI_CALL_RING_MS));
    CHECK_EQ(st->call.rings, 2u);
    /* answered (the dialog marks it): the ring stops at once, the bar says so */
    st->call.answered = 5;
    st->call.accepted = true;
    CHECK(!gui_call_ring_due(st, 20000));
    CHECK_EQ(gui_call_ring_next(st), 0);
    CHECK(gui_call_bar_shown(st));
    gui_state_on_event(st, ev_call(5, "bob", MSG_CALL_ACTIVE, MSG_CALL_R_NONE, false, false),
                       21000);
    CHECK(cl_call_voice(&st->call.c));
    CHECK_EQ(st->call.active_ms, 21000);
    CHECK(strstr(take_note(st), "In a call with bob") != NULL);
    /* the link drops and comes back: the call goes on, and keeps its start */
    gui_state_on_event(st, ev_new(CL_EV_DISCONNECTED), 30000);
    CHECK_EQ(st->call.c.state, MSG_CALL_RECONNECTING);
    CHECK(gui_call_bar_shown(st));
    bool lost = false;
    for (int i = 0; i < st->note_count; i++)
        if (strstr(st->notes[i].text, "Call with bob: connection lost")) lost = true;
    CHECK(lost);
    st->note_count = 0;
    gui_state_on_event(st, ev_call(5, "bob", MSG_CALL_ACTIVE, MSG_CALL_R_RESUMED, false, false),
                       32000);
    CHECK_STR(take_note(st), "Call with bob resumed");
    CHECK_EQ(st->call.active_ms, 21000);
    /* bob hangs up after 2:05 */
    gui_state_on_event(st, ev_call(5, "bob", MSG_CALL_ENDED, MSG_CALL_R_HANGUP, false, true),
                       146000);
    CHECK_STR(take_note(st), "bob hung up (2:05)");
    CHECK(!gui_call_bar_shown(st));
    CHECK(!gui_call_ringing_here(st));
    CHECK(gui_call_can(st, 30, MSG_STATUS_ONLINE));
    CHECK(!gui_call_can(st, 30, MSG_STATUS_OFFLINE));
    CHECK(!gui_call_can(st, 7, MSG_STATUS_ONLINE)); /* yourself */
    state_free(st);
}

static void test_call_end_reasons(void)
{
    static const struct {
        msg_call_reason why;
        bool outgoing, by_peer;
        const char *text;
    } cases[] = {
        {MSG_CALL_R_DECLINED, true, true, "bob declined the call"},
        {MSG_CALL_R_BUSY, true, false, "bob is busy in another call"},
        {MSG_CALL_R_TIMEOUT, true, false, "bob did not answer"},
        {MSG_CALL_R_TIMEOUT, false, false, "Missed call from bob"},
        {MSG_CALL_R_HANGUP, false, true, "bob cancelled the call"},
        {MSG_CALL_R_CONNECTION_LOST, true, true, "Call with bob ended: their connection was lost"},
        {MSG_CALL_R_ANSWERED_ELSEWHERE, false, false,
         "The call from bob was answered on another device"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gui_state *st = state_logged_in("gina", 7, MSG_ROLE_USER);
        uint32_t id = 9 + (uint32_t)i;
        gui_state_on_event(
            st, ev_call(id, "bob", MSG_CALL_RINGING, MSG_CALL_R_NONE, cases[i].outgoing, false),
            2000);
        CHECK(cases[i].outgoing ? gui_call_bar_shown(st) : gui_call_ringing_here(st));
        take_note(st);
        gui_state_on_event(
            st,
            ev_call(id, "bob", MSG_CALL_ENDED, cases[i].why, cases[i].outgoing, cases[i].by_peer),
            3000);
        const char *got = take_note(st);
        if (strcmp(got, cases[i].text)) fprintf(stderr, "  case %zu: \"%s\"\n", i, got);
        CHECK_STR(got, cases[i].text);
        CHECK(!gui_call_bar_shown(st) && !gui_call_ringing_here(st));
        CHECK_EQ(gui_call_ring_next(st), 0);
        state_free(st);
    }
    /* a refused call (offline) is a RESULT error, said as such */
    gui_state *st = state_logged_in("gina", 7, MSG_ROLE_USER);
    take_note(st);
    cl_event *ev = ev_msg(MSG_RESULT);
    ev->req = 3;
    ev->req_type = MSG_CALL_START;
    ev->m.result.err = MSG_ERR_USER_OFFLINE;
    snprintf(ev->m.result.text, sizeof ev->m.result.text, "bob is not online");
    gui_state_on_event(st, ev, 4000);
    CHECK_STR(take_note(st), "Cannot call: bob is not online");
    /* a new connection forgets a live call, and says so */
    gui_state_on_event(st, ev_call(12, "bob", MSG_CALL_ACTIVE, MSG_CALL_R_NONE, true, false), 5000);
    take_note(st);
    gui_state_reset(st);
    CHECK_STR(take_note(st), "Call with bob ended: you disconnected");
    CHECK_EQ(st->call.c.call_id, 0u);
    state_free(st);
}

static void test_ring_tone(void)
{
    static int16_t s[GUI_TONE_RATE * GUI_RING_MS / 1000];
    int n = (int)(sizeof s / sizeof s[0]);
    gui_tone_ring_fill(s, n, GUI_TONE_RATE);
    int peak = 0, gap = 0;
    for (int i = 0; i < n; i++) {
        int a = s[i] < 0 ? -s[i] : s[i];
        if (a > peak) peak = a;
        if (i > GUI_TONE_RATE * 45 / 100 && i < GUI_TONE_RATE * 55 / 100 && a > gap) gap = a;
    }
    CHECK(peak > 4000 && peak < 32767); /* audible, not clipped */
    CHECK_EQ(gap, 0);                   /* brr ... brr: silence between the bursts */
    CHECK(abs(s[n - 1]) < 100);         /* and after them */
}

int main(void)
{
    TEST_RUN(test_convo_orders_by_server_id);
    TEST_RUN(test_convo_pending_own_lines);
    TEST_RUN(test_convo_bounded);
    TEST_RUN(test_roster_lists_and_presence);
    TEST_RUN(test_state_session_and_rooms);
    TEST_RUN(test_state_chat_mentions_and_acks);
    TEST_RUN(test_state_members_history_and_requests);
    TEST_RUN(test_state_connection_changes);
    TEST_RUN(test_state_mentions_and_time);
    TEST_RUN(test_submit_commands);
    TEST_RUN(test_settings_round_trip);
    TEST_RUN(test_voice_settings_persist);
    TEST_RUN(test_voice_talk_rings);
    TEST_RUN(test_voice_controls_drive_engine);
    TEST_RUN(test_args);
    TEST_RUN(test_str_cuts_at_characters);
    TEST_RUN(test_tone);
    TEST_RUN(test_call_rings_until_answered);
    TEST_RUN(test_call_end_reasons);
    TEST_RUN(test_ring_tone);
    return test_summary();
}
