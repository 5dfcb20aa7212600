/* gui_demo.c — made-up data for every screen (see gui_demo.h). */
#include "gui_demo.h"
#include "gui_str.h"

#include <stdio.h>
#include <string.h>

static const char *const gui_demo_names[GUI_DEMO_COUNT] = {
    "start",         "login",   "lobby",          "room",   "room-overlay",
    "room-typing",   "dms",     "settings",       "search", "status",
    "create-room",   "compact", "settings-voice", "member", "call-incoming",
    "call-outgoing", "in-call"};

const char *gui_demo_name(gui_demo_scene s)
{
    return (unsigned)s < GUI_DEMO_COUNT ? gui_demo_names[s] : "unknown";
}

static const struct {
    const char *name, *topic;
    bool priv, joined;
    uint32_t online, total;
} gui_demo_room_data[GUI_DEMO_ROOMS] = {
    {"General", "Everyone is here. Be nice.", false, true, 12, 48},
    {"Gaming", "Tonight: the usual, 21:00", false, true, 7, 19},
    {"Music", "Share what you are listening to", false, false, 3, 11},
    {"Off-topic", "", false, false, 1, 9},
    {"Dev", "Builds, bugs and the release notes", false, true, 4, 6},
    {"Random", "", false, false, 0, 14},
    {"Voice lounge", "Drop in and talk", false, false, 5, 23},
    {"Board games", "Saturday table planning", false, false, 2, 8},
    {"Staff", "Moderators only", true, true, 2, 3},
};

static const char *const gui_demo_people[] = {
    "alice", "bob",   "carol", "dmitri", "\xc3\xa9lodie", "farid", "grace",  "hiro",
    "ines",  "jonas", "kemal", "lena",   "mateo",         "nora",  "oskar",  "priya",
    "quinn", "rosa",  "sven",  "tomasz", "ulla",          "vera",  "wendel", "xiao"};
#define GUI_DEMO_PEOPLE ((int)(sizeof gui_demo_people / sizeof gui_demo_people[0]))

static const char *const gui_demo_texts[] = {
    "Hi all!",
    "Is anyone up for a round tonight? I can host the server on my PC again.",
    "Sure, give me ten minutes to finish dinner.",
    "The new build fixed the echo for me. Voice sounds much cleaner now, even with the fan on "
    "full speed next to the microphone.",
    "ok",
    "Who took the last slice of pizza? I need names.",
    "\xce\x93\xce\xb5\xce\xb9\xce\xb1 \xcf\x83\xce\xb1\xcf\x82! "
    "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82! Gr\xc3\xbc\xc3\x9f"
    "e aus K\xc3\xb6ln, \xc3\xa7"
    "a va?",
    "Here is a link that is far too long to fit on one line: "
    "https://example.invalid/parley/releases/0.1/notes-and-a-very-long-path-that-keeps-going",
    "brb",
    "Let's move to the Gaming room, this one is getting busy.",
    "gg",
};
#define GUI_DEMO_TEXTS ((int)(sizeof gui_demo_texts / sizeof gui_demo_texts[0]))

static void gui_demo_message(gui_state *st, gui_convo *c, uint64_t id, uint64_t time_ms,
                             const char *from, uint32_t from_id, const char *text, bool live,
                             int64_t arrived)
{
    static msg_chat_message m;
    memset(&m, 0, sizeof m);
    m.server_id = id;
    m.timestamp_ms = time_ms;
    m.client_msg_id = id * 7;
    m.room_id = c->room_id;
    m.sender_id = from_id;
    gui_str_copy(m.sender, sizeof m.sender, from);
    m.dm = c->room_id == 0;
    if (m.dm) gui_str_copy(m.to, sizeof m.to, from_id == st->me.user_id ? c->peer : st->me.name);
    m.history = !live;
    gui_str_copy(m.text, sizeof m.text, text);
    bool own = from_id == st->me.user_id;
    bool mention = !own && gui_state_mentions(text, st->me.name);
    gui_convo_add_message(c, &m, own, mention ? GUI_LINE_MENTION : 0, arrived);
}

static void gui_demo_room_chat(gui_state *st, gui_convo *c, int64_t now_ms, uint64_t wall_ms)
{
    uint64_t t0 = wall_ms - 40ull * 60 * 1000;
    for (int i = 0; i < 40; i++) {
        int who = (i * 7 + 3) % 12;
        const char *text = gui_demo_texts[(i * 5) % GUI_DEMO_TEXTS];
        char buf[256];
        if (i % 13 == 6) {
            snprintf(buf, sizeof buf, "@%s are you coming tonight?", st->me.name);
            text = buf;
        }
        bool live = i >= 36;
        gui_demo_message(st, c, 100 + (uint64_t)i, t0 + (uint64_t)i * 60000, gui_demo_people[who],
                         10 + (uint32_t)who, text, live, live ? now_ms - (40 - i) * 1500 : 0);
        if (i == 20) gui_convo_add_local(c, NULL, "hiro joined", 0, 0, 0);
    }
    gui_demo_message(st, c, 141, t0 + 41 * 60000, st->me.name, st->me.user_id,
                     "On my way, starting the game now.", true, now_ms - 800);
    gui_convo_add_local(c, st->me.name, "Pending messages look like this until stored.",
                        GUI_LINE_OWN | GUI_LINE_PENDING, 99, now_ms - 300);
    c->loaded = true;
}

static void gui_demo_roster(gui_state *st, uint32_t room_id)
{
    gui_roster *r = gui_state_roster(st, room_id);
    if (!r) return;
    static msg_member_list l;
    memset(&l, 0, sizeof l);
    l.room_id = room_id;
    l.last = true;
    for (int i = 0; i < GUI_DEMO_PEOPLE && l.count < MSG_MEMBERS_PER_MSG; i++) {
        msg_member *m = &l.members[l.count++];
        m->user_id = 10 + (uint32_t)i;
        gui_str_copy(m->name, sizeof m->name, gui_demo_people[i]);
        m->role = i == 0 ? MSG_ROLE_OWNER : i == 1 ? MSG_ROLE_MODERATOR : MSG_ROLE_USER;
        if (i == 9) m->role = MSG_ROLE_GUEST;
        m->status = i < 12 ? (i % 5 == 3   ? MSG_STATUS_AWAY
                              : i % 7 == 5 ? MSG_STATUS_BUSY
                                           : MSG_STATUS_ONLINE)
                           : MSG_STATUS_OFFLINE;
        if (i == 3) gui_str_copy(m->status_text, sizeof m->status_text, "back in 10");
    }
    msg_member *me = &l.members[l.count++];
    me->user_id = st->me.user_id;
    gui_str_copy(me->name, sizeof me->name, st->me.name);
    me->role = MSG_ROLE_USER;
    me->status = MSG_STATUS_ONLINE;
    gui_roster_list(r, 1, &l);
    gui_roster_set_talking(r, 11, 0.8f); /* how the voice hook shows someone talking */
}

/* In General's voice: talking, a member turned up, the devices found. */
static void gui_demo_voice(gui_state *st)
{
    static const char *const mics[] = {"Built-in Audio Analog Stereo", "USB Headset Microphone"};
    static const char *const outs[] = {"Built-in Audio Analog Stereo", "USB Headset",
                                       "HDMI / DisplayPort 2"};
    gui_voice *gv = &st->voice;
    gv->want = gv->started = true;
    gv->room = gv->joined = 1;
    gv->meter = 0.55f;
    gv->peak = 0.7f;
    gv->talking = true;
    for (int d = 0; d < 2; d++) {
        gv->status[d] = AUD_STATUS_OK;
        gui_str_copy(gv->status_text[d], sizeof gv->status_text[d],
                     d ? "Playing on USB Headset (48000 Hz)"
                       : "Recording from USB Headset Microphone (48000 Hz)");
    }
    gv->device_count[AUD_CAPTURE] = 2;
    gv->device_count[AUD_PLAYBACK] = 3;
    for (int i = 0; i < 2; i++) gui_str_copy(gv->devices[AUD_CAPTURE][i], AUD_NAME_MAX, mics[i]);
    for (int i = 0; i < 3; i++) gui_str_copy(gv->devices[AUD_PLAYBACK][i], AUD_NAME_MAX, outs[i]);
    gui_str_copy(st->settings.capture, sizeof st->settings.capture, mics[1]);
    gui_str_copy(st->settings.playback, sizeof st->settings.playback, outs[1]);
    st->settings.voice_tx = VC_TX_PTT;
    gui_voice_set_volume(st, 13, 1.5f); /* dmitri, a little louder */
    gui_roster *r = gui_state_find_roster(st, 1);
    if (r) gui_roster_set_talking(r, st->me.user_id, 1.0f);
}

/* A call with alice (the one from the direct messages): ringing for us, ringing at hers, or
 * two minutes in while the room's chat goes on. */
static void gui_demo_call(gui_state *st, gui_demo_scene s, int64_t now_ms)
{
    cl_call *c = &st->call.c;
    c->call_id = 41;
    c->peer_id = 10;
    gui_str_copy(c->peer, sizeof c->peer, "alice");
    c->state = s == GUI_DEMO_CALL_ACTIVE ? MSG_CALL_ACTIVE : MSG_CALL_RINGING;
    c->outgoing = s == GUI_DEMO_CALL_OUTGOING;
    c->since = (double)(now_ms - 4000) / 1000.0;
    if (s == GUI_DEMO_CALL_ACTIVE) st->call.active_ms = now_ms - 125000; /* 2:05 */
    st->screen = s == GUI_DEMO_CALL_OUTGOING ? GUI_SCREEN_DMS : GUI_SCREEN_ROOM;
    if (s == GUI_DEMO_CALL_OUTGOING)
        gui_str_copy(st->current_peer, sizeof st->current_peer, "alice");
}

void gui_demo_fill(gui_demo *d, gui_state *st, gui_view *v, gui_demo_scene s, int64_t now_ms,
                   uint64_t wall_ms)
{
    gui_settings settings = st->settings;
    gui_state_free(st);
    gui_state_init(st, &settings);
    memset(&v->actions, 0, sizeof v->actions);
    v->now_ms = now_ms;
    v->wall_ms = wall_ms;
    v->overlay = v->overlay_typing = v->compact = false;
    v->search_open = v->status_open = v->link_open = v->create_open = v->join_open = false;
    v->member_open = false;
    v->settings_tab = 0;
    memset(&st->voice, 0, sizeof st->voice);
    v->chat.convo = v->dm_chat.convo = NULL;

    /* the server */
    gui_str_copy(st->link.server, sizeof st->link.server, "192.168.1.20:7777");
    st->link.state = GUI_LINK_ONLINE;
    st->link.have_rtt = true;
    st->link.rtt_ms = 3.0f;
    st->have_info = true;
    gui_str_copy(st->info.name, sizeof st->info.name, "Home LAN");
    gui_str_copy(st->info.motd, sizeof st->info.motd,
                 "Welcome! Game night is on Fridays; the Staff room is for moderators.");
    st->info.users_online = 12;
    st->info.users_max = 1024;
    st->info.guests_allowed = st->info.register_allowed = true;

    /* LAN servers */
    static const char *const names[] = {"Home LAN", "Dorm 3rd floor", "Office"};
    for (int i = 0; i < 3; i++) {
        memset(&d->found[i], 0, sizeof d->found[i]);
        d->found[i].addr = net_addr_make(0xC0A80114u + (uint32_t)i * 7, 7777);
        gui_str_copy(d->found[i].info.name, sizeof d->found[i].info.name, names[i]);
        d->found[i].info.users = (uint32_t)(12 - i * 5);
        gui_str_copy(d->found[i].info.version, sizeof d->found[i].info.version, "0.1.0");
    }
    st->found = d->found;
    st->found_count = 3;

    if (s == GUI_DEMO_START) {
        st->link.state = GUI_LINK_NONE;
        st->have_info = false;
        st->screen = GUI_SCREEN_START;
        gui_str_copy(v->address, sizeof v->address, "192.168.1.20");
        return;
    }
    if (s == GUI_DEMO_LOGIN) {
        st->screen = GUI_SCREEN_LOGIN;
        v->login_tab = 0;
        gui_str_copy(v->login_name, sizeof v->login_name, "\xc3\xa9lodie");
        gui_str_copy(st->login_error, sizeof st->login_error, "The name or the password is wrong.");
        return;
    }

    /* logged in */
    st->logged_in = true;
    st->me.user_id = 7;
    gui_str_copy(st->me.name, sizeof st->me.name, "gina");
    st->me.role = MSG_ROLE_USER;
    st->me.status = st->my_status = MSG_STATUS_ONLINE;
    const cl_room *ptrs[GUI_DEMO_ROOMS];
    for (int i = 0; i < GUI_DEMO_ROOMS; i++) {
        cl_room *r = &d->rooms[i];
        memset(r, 0, sizeof *r);
        r->id = 1 + (uint32_t)i;
        gui_str_copy(r->name, sizeof r->name, gui_demo_room_data[i].name);
        gui_str_copy(r->topic, sizeof r->topic, gui_demo_room_data[i].topic);
        r->is_private = gui_demo_room_data[i].priv;
        r->joined = gui_demo_room_data[i].joined;
        r->online = gui_demo_room_data[i].online;
        r->total = gui_demo_room_data[i].total;
        ptrs[i] = r;
    }
    gui_state_set_rooms(st, ptrs, GUI_DEMO_ROOMS);
    st->current_room = 1;
    gui_convo *general = gui_state_room_convo(st, 1);
    if (general) gui_demo_room_chat(st, general, now_ms, wall_ms);
    gui_convo *gaming = gui_state_room_convo(st, 2);
    if (gaming) {
        gui_demo_message(st, gaming, 50, wall_ms - 120000, "bob", 11, "Who is in tonight?", true,
                         now_ms - 60000);
        gaming->unread = 3;
        gaming->loaded = true;
    }
    gui_demo_roster(st, 1);

    /* direct messages */
    gui_convo *dm = gui_state_dm_convo(st, "alice", 10);
    if (dm) {
        uint64_t t = wall_ms - 26ull * 3600 * 1000;
        gui_demo_message(st, dm, 500, t, "alice", 10, "Did you get the map file I sent?", false, 0);
        gui_demo_message(st, dm, 501, t + 60000, "gina", 7,
                         "Yes, thanks! It loads fine. See you on Friday.", false, 0);
        gui_demo_message(st, dm, 502, wall_ms - 300000, "alice", 10,
                         "Can you bring the spare headset? Mine broke.", true, now_ms - 300000);
        dm->loaded = true;
    }
    gui_convo *dm2 = gui_state_dm_convo(st, "carol", 12);
    if (dm2) {
        gui_demo_message(st, dm2, 600, wall_ms - 90000, "carol", 12, "ping me when you're on", true,
                         now_ms - 90000);
        dm2->unread = 1;
        dm2->loaded = true;
    }

    switch (s) {
    case GUI_DEMO_LOBBY:
        st->screen = GUI_SCREEN_LOBBY;
        break;
    case GUI_DEMO_CREATE:
        st->screen = GUI_SCREEN_LOBBY;
        v->create_open = true;
        v->create_private = true;
        gui_str_copy(v->create_name, sizeof v->create_name, "Raid planning");
        gui_str_copy(v->create_topic, sizeof v->create_topic, "Thursdays at eight");
        break;
    case GUI_DEMO_ROOM:
    case GUI_DEMO_SEARCH:
    case GUI_DEMO_STATUS:
    case GUI_DEMO_MEMBER:
        st->screen = GUI_SCREEN_ROOM;
        if (s == GUI_DEMO_ROOM || s == GUI_DEMO_MEMBER) gui_demo_voice(st);
        if (s == GUI_DEMO_MEMBER) {
            v->member_open = true;
            v->member_user = 13;
        }
        if (s == GUI_DEMO_SEARCH) {
            v->search_open = true;
            gui_str_copy(v->search_query, sizeof v->search_query, "a");
            st->search_done = true;
            st->search_count = 6;
            for (int i = 0; i < st->search_count; i++) {
                msg_user_info *u = &st->search[i];
                memset(u, 0, sizeof *u);
                u->user_id = 10 + (uint32_t)i * 3;
                gui_str_copy(u->name, sizeof u->name, gui_demo_people[i * 3]);
                u->role = i == 0 ? MSG_ROLE_OWNER : i == 3 ? MSG_ROLE_GUEST : MSG_ROLE_USER;
                u->status = i % 3 == 2 ? MSG_STATUS_OFFLINE : MSG_STATUS_ONLINE;
            }
        }
        if (s == GUI_DEMO_STATUS) {
            v->status_open = true;
            gui_str_copy(v->status_text, sizeof v->status_text, "playing chess");
        }
        break;
    case GUI_DEMO_ROOM_OVERLAY:
    case GUI_DEMO_ROOM_TYPING:
    case GUI_DEMO_COMPACT:
        st->screen = GUI_SCREEN_ROOM;
        v->overlay = s != GUI_DEMO_COMPACT;
        v->compact = s == GUI_DEMO_COMPACT;
        v->overlay_typing = s == GUI_DEMO_ROOM_TYPING;
        if (v->overlay_typing) gui_str_copy(v->overlay_input, sizeof v->overlay_input, "gg wp");
        break;
    case GUI_DEMO_DMS:
        st->screen = GUI_SCREEN_DMS;
        gui_str_copy(st->current_peer, sizeof st->current_peer, "alice");
        break;
    case GUI_DEMO_CALL_INCOMING:
    case GUI_DEMO_CALL_OUTGOING:
    case GUI_DEMO_CALL_ACTIVE:
        gui_demo_call(st, s, now_ms);
        break;
    case GUI_DEMO_SETTINGS:
    case GUI_DEMO_SETTINGS_VOICE:
        st->screen = GUI_SCREEN_SETTINGS;
        v->settings_tab = s == GUI_DEMO_SETTINGS_VOICE;
        if (s == GUI_DEMO_SETTINGS_VOICE) {
            gui_demo_voice(st);
            st->voice.want = false;
            st->voice.mic_test = true;
        }
        gui_str_copy(v->config_path, sizeof v->config_path, "/home/gina/.config/parley/gui.conf");
        break;
    default:
        break;
    }
}
