/* gui_state.h — everything the screens show, kept current from the session's events.
 *
 * No SDL, no sockets, no clock: gui_state_on_event takes one cl_event and the local time, so
 * the unit tests drive the state with made-up events, and the screenshot tests fill it with
 * fake data (gui_demo.h). Rooms are the client core's table (cl_session_room_at), viewed
 * through pointers the controller refreshes; conversations and member lists are the GUI's,
 * because the core keeps neither. */
#ifndef PARLEY_GUI_STATE_H
#define PARLEY_GUI_STATE_H

#include "cl_discover.h"
#include "cl_event.h"
#include "cl_rooms.h"
#include "gui.h"
#include "gui_call.h"
#include "gui_convo.h"
#include "gui_roster.h"
#include "gui_settings.h"
#include "gui_voice.h"

#include <stdbool.h>
#include <stdint.h>

#define GUI_MAX_CONVOS  96 /* rooms (at most 64 joined) and direct-message partners */
#define GUI_MAX_ROSTERS 64 /* member lists kept (one per joined room) */
#define GUI_NOTES       8  /* messages for the person waiting to become toasts */
#define GUI_NOTE_BYTES  256

typedef enum gui_note_kind {
    GUI_NOTE_INFO = 0,
    GUI_NOTE_SUCCESS,
    GUI_NOTE_WARNING,
    GUI_NOTE_ERROR
} gui_note_kind; /* the same order as ui_toast_kind */

typedef struct gui_note {
    gui_note_kind kind;
    char text[GUI_NOTE_BYTES];
} gui_note;

typedef enum gui_link_state {
    GUI_LINK_NONE = 0,   /* no session (start screen) */
    GUI_LINK_CONNECTING, /* handshake, HELLO, log-in */
    GUI_LINK_ONLINE,     /* connected */
    GUI_LINK_WAITING,    /* lost; the next attempt is scheduled */
    GUI_LINK_STOPPED     /* given up (see stop_text) */
} gui_link_state;

/* The connection indicator's numbers. */
typedef struct gui_link {
    gui_link_state state;
    char server[300]; /* "host:port" */
    uint32_t attempt;
    int64_t retry_at_ms; /* WAITING: local time of the next attempt */
    bool have_rtt;
    float rtt_ms;    /* round trip */
    bool have_loss;  /* the transport's numbers are known (see docs/UI.md) */
    float loss;      /* 0..1 */
    float jitter_ms; /* with have_loss */
    uint32_t outbox; /* own messages not yet stored by the server */
    char text[256];  /* why the link dropped or stopped */
} gui_link;

typedef struct gui_state {
    gui_screen screen;
    gui_settings settings;
    gui_link link;
    int32_t utc_offset_s; /* local time = server time + this */
    bool window_focused;  /* no sound for what the person is looking at */

    /* the server and me */
    bool have_info;
    msg_server_info info;
    bool logged_in;
    msg_session me; /* token zeroed */
    msg_status my_status;
    char my_status_text[MSG_STATUS_TEXT_MAX + 1];

    /* rooms: the core's table, sorted for display (General first, then by name) */
    const cl_room *rooms[CL_MAX_ROOMS];
    int room_count;
    uint32_t current_room; /* the room the room screen shows; 0 none */

    /* conversations and member lists */
    gui_convo *convos[GUI_MAX_CONVOS];
    int convo_count;
    uint32_t convo_failures; /* conversations that could not be made (memory, table full) */
    gui_roster rosters[GUI_MAX_ROSTERS];
    int roster_count;
    char current_peer[MSG_NAME_MAX + 1]; /* the DM screen's partner; "" none */

    /* voice: the controls' model and what the engine reports (gui_voice.h) */
    gui_voice voice;
    /* a 1:1 call: the core's state, the ring, what the person answered (gui_call.h) */
    gui_call call;

    /* LAN servers (the controller's discovery) */
    const cl_found *found;
    int found_count;
    bool discovering;
    bool hosting; /* a server started from here runs */

    /* user search */
    uint32_t search_req;
    char search_query[MSG_QUERY_MAX + 1];
    msg_user_info search[MSG_SEARCH_MAX];
    int search_count;
    bool search_more, search_done;

    /* requests whose answers change what is shown */
    uint32_t login_req;
    char login_error[256];
    uint32_t join_req, create_req;
    char join_name[MSG_ROOM_NAME_MAX + 1];
    uint32_t status_req;
    msg_status status_want;
    char status_text_want[MSG_STATUS_TEXT_MAX + 1];

    /* things that need the person's answer (the frame shows them as dialogs) */
    bool password_prompt; /* a private room wants its password */
    char password_room[MSG_ROOM_NAME_MAX + 1];
    char password_error[128];
    bool identity_prompt; /* the server's key changed */
    char identity_text[CL_TEXT_MAX];
    bool stopped_prompt; /* kicked, banned, another version ... */
    char stopped_text[CL_TEXT_MAX];

    /* out to the frame and the host */
    gui_note notes[GUI_NOTES];
    int note_count;
    uint32_t dings;      /* notification sounds wanted so far */
    uint32_t changes;    /* bumps whenever anything shown may have changed */
    uint32_t rooms_seen; /* set by the controller when the room pointers were refreshed */
} gui_state;

/* Zeroes the state with the given settings (caller-owned; large: static or heap). */
void gui_state_init(gui_state *st, const gui_settings *settings);
/* Frees conversations and member lists. */
void gui_state_free(gui_state *st);
/* Forgets the session's data (a new connection): conversations, members, rooms, me. */
void gui_state_reset(gui_state *st);

/* Applies one event of the session (now_ms: the local clock, for fading and retry times). */
void gui_state_on_event(gui_state *st, const cl_event *ev, int64_t now_ms);

/* A message for the person (shown as a toast). Longer text ends in "…". */
void gui_state_note(gui_state *st, gui_note_kind kind, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Conversations: found or made (NULL when none can be made, counted). */
gui_convo *gui_state_room_convo(gui_state *st, uint32_t room_id);
gui_convo *gui_state_dm_convo(gui_state *st, const char *peer, uint32_t peer_id);
gui_convo *gui_state_find_room_convo(const gui_state *st, uint32_t room_id);
gui_convo *gui_state_find_dm_convo(const gui_state *st, const char *peer);
/* The member list of a room, found or made (NULL when the table is full). */
gui_roster *gui_state_roster(gui_state *st, uint32_t room_id);
gui_roster *gui_state_find_roster(const gui_state *st, uint32_t room_id);

const cl_room *gui_state_room(const gui_state *st, uint32_t room_id);
/* Sets the room pointers (any order; sorted here) and keeps the current room valid. */
void gui_state_set_rooms(gui_state *st, const cl_room *const *rooms, int count);
/* Makes room_id the room the room screen shows and clears its unread count. */
void gui_state_open_room(gui_state *st, uint32_t room_id);
void gui_state_open_dm(gui_state *st, const char *peer, uint32_t peer_id);

/* True when text names `name` as a word (with or without a leading '@'), ASCII
 * case-insensitively. */
bool gui_state_mentions(const char *text, const char *name);
bool gui_state_is_guest(const gui_state *st);

/* "14:03" for a server time today, "Mar 12 14:03" for another day; wall_ms: the time now in
 * ms since 1970 (what "today" is). */
void gui_state_time(const gui_state *st, uint64_t time_ms, uint64_t wall_ms, char *out, size_t cap);

#endif
