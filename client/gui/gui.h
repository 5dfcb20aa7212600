/* gui.h — what the parts of the GUI client share: the screens, and the actions a screen asks
 * for.
 *
 * The client is split the way the toolkit asks (STYLE rule 10, docs/UI.md):
 *   gui_state   the data the screens show, updated from the session's events (no SDL, no I/O)
 *   gui_view    the screens: widgets in, actions out (no SDL, no session)
 *   gui_ctl     the controller: runs actions against the client core, feeds events to the state
 *   main.c      the window, the render loop, sound, screenshots
 * A screen never calls the session: it appends a gui_action, and the controller carries it out
 * after the frame. So every screen runs in the unit tests with fake data and no network. */
#ifndef PARLEY_GUI_H
#define PARLEY_GUI_H

#include "msg.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GUI_NAME    "Parley"
#define GUI_ACTIONS 16 /* actions one frame may ask for; more are refused and counted */

typedef enum gui_screen {
    GUI_SCREEN_START = 0, /* servers on the LAN, an address, host a server */
    GUI_SCREEN_LOGIN,     /* log in, register, guest */
    GUI_SCREEN_LOBBY,     /* every room with live counts */
    GUI_SCREEN_ROOM,      /* chat, members, the stage */
    GUI_SCREEN_DMS,       /* direct messages */
    GUI_SCREEN_SETTINGS,
    GUI_SCREEN_COUNT
} gui_screen;

const char *gui_screen_name(gui_screen s); /* "start", "login" ... (file names, the trace) */

typedef enum gui_action_kind {
    GUI_ACT_NONE = 0,
    GUI_ACT_CONNECT,      /* text: "HOST[:PORT]" */
    GUI_ACT_HOST,         /* start parley-server here and connect to it */
    GUI_ACT_DISCOVER,     /* search the LAN again */
    GUI_ACT_DISCONNECT,   /* back to the start screen */
    GUI_ACT_LOGIN,        /* name, secret */
    GUI_ACT_REGISTER,     /* name, secret, email */
    GUI_ACT_GUEST,        /* name */
    GUI_ACT_LOGOUT,       /* the connection stays */
    GUI_ACT_LIST_ROOMS,   /* refresh the lobby */
    GUI_ACT_CREATE_ROOM,  /* name, text = topic, secret (private when set) */
    GUI_ACT_JOIN,         /* room_id (0: by name), name, secret; number 1: only loading */
    GUI_ACT_LEAVE,        /* room_id */
    GUI_ACT_SAY,          /* room_id, text */
    GUI_ACT_DM,           /* name, text */
    GUI_ACT_HISTORY,      /* room_id or peer_id, before */
    GUI_ACT_MEMBERS,      /* room_id */
    GUI_ACT_STATUS,       /* status, text */
    GUI_ACT_SEARCH,       /* text */
    GUI_ACT_TRUST_KEY,    /* accept the server's changed identity key */
    GUI_ACT_RECONNECT,    /* skip the rest of the back-off wait */
    GUI_ACT_KICK,         /* name, room_id (0: the server), text = reason */
    GUI_ACT_MUTE,         /* name, room_id, number = seconds (0: unmute), text = reason */
    GUI_ACT_BAN,          /* name, text = reason */
    GUI_ACT_DELETE_ROOM,  /* room_id */
    GUI_ACT_CALL,         /* name, peer_id: a 1:1 call (gui_call.h) */
    GUI_ACT_CALL_ACCEPT,  /* number = the call id */
    GUI_ACT_CALL_DECLINE, /* number = the call id */
    GUI_ACT_CALL_HANGUP,  /* number = the call id (0: whatever call is ours) */
    GUI_ACT_SETTINGS,     /* the settings changed: apply and save them */
    GUI_ACT_COMPACT,      /* number: 1 = the compact always-on-top window, 0 = back */
    GUI_ACT_TEST_SOUND,   /* play the notification sound once */
    GUI_ACT_QUIT,
} gui_action_kind;

/* One request from a screen. Secrets are wiped once the controller has used them. */
typedef struct gui_action {
    gui_action_kind kind;
    uint32_t room_id, peer_id, number;
    uint64_t before;
    msg_status status;
    char name[MSG_ROOM_NAME_MAX + 1]; /* a room or a user */
    char secret[MSG_PASSWORD_MAX + 1];
    char email[MSG_EMAIL_MAX + 1];
    char text[MSG_TEXT_MAX + 1];
} gui_action;

/* A fixed queue of actions, filled by the screens during a frame, drained by the controller. */
typedef struct gui_actions {
    gui_action v[GUI_ACTIONS];
    int count;
    uint32_t dropped; /* actions refused because the queue was full */
} gui_actions;

/* A zeroed action of `kind` at the end of the queue, or NULL (counted) when it is full. */
gui_action *gui_actions_push(gui_actions *q, gui_action_kind kind);
/* Empties the queue and wipes its secrets. */
void gui_actions_clear(gui_actions *q);

#endif
