/* gui_roster.h — the members of one room as the member list shows them: online people first
 * (online, then busy, then away), then offline ones, each group by name.
 *
 * Filled from MEMBER_LIST answers (which come in chunks: the first chunk of an answer replaces
 * the list), kept current by MEMBER_EVENT and PRESENCE. `talking` is the voice engine's hook:
 * a level 0..1 that the member list and the stage draw as a ring; nothing sets it until voice
 * lands (gui_roster_set_talking). */
#ifndef PARLEY_GUI_ROSTER_H
#define PARLEY_GUI_ROSTER_H

#include "msg.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GUI_ROSTER_MAX 20000 /* members one list keeps; more are counted, not listed */

typedef struct gui_member {
    uint32_t user_id;
    char name[MSG_NAME_MAX + 1];
    msg_role role;
    msg_status status;
    bool muted;
    char status_text[MSG_STATUS_TEXT_MAX + 1];
    float talking; /* 0 silent .. 1 loud (voice) */
} gui_member;

typedef struct gui_roster {
    uint32_t room_id;
    gui_member *v;
    int count, cap;
    uint32_t loading_req; /* the MEMBER_LIST answer being received */
    uint32_t overflow;    /* members beyond GUI_ROSTER_MAX */
    int online;           /* members not offline */
    uint32_t version;     /* bumps on every change */
    bool unsorted;        /* changed since the last gui_roster_sort */
} gui_roster;

void gui_roster_init(gui_roster *r, uint32_t room_id);
void gui_roster_free(gui_roster *r);
void gui_roster_clear(gui_roster *r);

/* One MEMBER_LIST chunk; req tells answers apart (the first chunk of a new one replaces the
 * list). False when memory ran out (what fit is kept). */
bool gui_roster_list(gui_roster *r, uint32_t req, const msg_member_list *l);
/* Adds or updates one member (a join, a role change ...). */
bool gui_roster_put(gui_roster *r, const msg_member *m);
/* Removes a member (left, kicked, banned). True when it was listed. */
bool gui_roster_remove(gui_roster *r, uint32_t user_id);
/* A status change of a user; true when the user is listed here. */
bool gui_roster_presence(gui_roster *r, const msg_presence *p);
/* The voice hook: level 0..1 of a member (0 stops the ring). */
bool gui_roster_set_talking(gui_roster *r, uint32_t user_id, float level);

const gui_member *gui_roster_find(const gui_roster *r, uint32_t user_id);
/* Puts the list in display order (a no-op when nothing changed); the screens call it before
 * drawing, so a burst of presence changes sorts once. */
void gui_roster_sort(gui_roster *r);

#endif
