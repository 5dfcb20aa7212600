/* gui_demo.h — made-up data for every screen, for screenshots and the layout tests: a server,
 * rooms with live counts, members, a conversation with mentions and long lines, search
 * results, servers on the LAN. No network: the state is filled directly. */
#ifndef PARLEY_GUI_DEMO_H
#define PARLEY_GUI_DEMO_H

#include "gui_view.h"

#define GUI_DEMO_ROOMS 9

typedef struct gui_demo {
    cl_room rooms[GUI_DEMO_ROOMS];
    cl_found found[3];
} gui_demo;

typedef enum gui_demo_scene {
    GUI_DEMO_START = 0,
    GUI_DEMO_LOGIN,
    GUI_DEMO_LOBBY,
    GUI_DEMO_ROOM,
    GUI_DEMO_ROOM_OVERLAY, /* F2: the chat fading over the stage */
    GUI_DEMO_ROOM_TYPING,  /* F2 and Enter: the overlay's input open */
    GUI_DEMO_DMS,
    GUI_DEMO_SETTINGS,
    GUI_DEMO_SEARCH,         /* the user search dialog over the room */
    GUI_DEMO_STATUS,         /* the status menu */
    GUI_DEMO_CREATE,         /* the create-room dialog over the lobby */
    GUI_DEMO_COMPACT,        /* the compact always-on-top window */
    GUI_DEMO_SETTINGS_VOICE, /* the settings' voice and audio tab, the mic test running */
    GUI_DEMO_MEMBER,         /* a member's dialog (volume) over the room in voice */
    GUI_DEMO_CALL_INCOMING,  /* a call rings: the incoming-call dialog over the room */
    GUI_DEMO_CALL_OUTGOING,  /* calling someone: the banner over the direct messages */
    GUI_DEMO_CALL_ACTIVE,    /* in a call: the bar (peer, duration, mute, hang up) in the room */
    GUI_DEMO_COUNT
} gui_demo_scene;

const char *gui_demo_name(gui_demo_scene s); /* "room-overlay" ... (file names) */

/* Resets st and v and fills them for scene s. now_ms: the local clock (overlay lines arrive
 * just before it); wall_ms: ms since 1970 for the message times. st must have been made with
 * gui_state_init and v with gui_view_init. */
void gui_demo_fill(gui_demo *d, gui_state *st, gui_view *v, gui_demo_scene s, int64_t now_ms,
                   uint64_t wall_ms);

#endif
