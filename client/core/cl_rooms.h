/* cl_rooms.h — the rooms a session knows of, and which of their messages it has shown.
 *
 * Rooms come from lobby lists, room events and the session's own requests. For each room
 * the table keeps the range of server ids already delivered, so history that arrives again
 * (a rejoin after a reconnect, an overlapping page) is flagged `seen` instead of being shown
 * twice. Messages of one history page are only added to the range when the page ends.
 *
 * After a disconnect a room is frozen: messages newer than the range may have been missed,
 * so what arrives above it is tracked apart until catch-up pages reach back to the range
 * (cl_rooms_page_end says when to fetch another page); then the two ranges merge. */
#ifndef PARLEY_CL_ROOMS_H
#define PARLEY_CL_ROOMS_H

#include "msg.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CL_MAX_ROOMS     256 /* rooms a session keeps track of */
#define CL_CATCHUP_PAGES 20  /* history pages fetched per room after a reconnect */

/* A room the session knows of (from lists, events and its own requests). Read-only. */
typedef struct cl_room {
    uint32_t id;
    char name[MSG_ROOM_NAME_MAX + 1];
    char topic[MSG_TOPIC_MAX + 1];
    bool is_private;
    bool joined;
    uint32_t online, total;
    uint64_t seen_lo, seen_hi; /* server ids of the messages delivered, oldest and newest */
} cl_room;

typedef struct cl_room_state {
    cl_room pub;
    char password[MSG_PASSWORD_MAX + 1]; /* to rejoin a private room */
    bool frozen;
    uint64_t above_lo, above_hi; /* delivered above pub.seen_hi while frozen */
    uint64_t page_lo, page_hi;   /* the history page being received */
    bool page_reached;           /* the page reached what was delivered before */
    uint32_t pages;              /* catch-up pages fetched since the freeze */
    bool rejoining;              /* a rejoin is out: its history is the first catch-up page */
} cl_room_state;

typedef struct cl_rooms {
    cl_room_state v[CL_MAX_ROOMS];
    size_t count;
} cl_rooms;

cl_room_state *cl_rooms_get(cl_rooms *t, uint32_t id);
cl_room_state *cl_rooms_named(cl_rooms *t, const char *name);
/* Finds or adds a room; NULL when the table is full. */
cl_room_state *cl_rooms_add(cl_rooms *t, uint32_t id, const char *name);
/* Adds or updates a room from the server's record; `joined` is taken from it only when
 * use_joined (ROOM_EVENT's is always false). */
cl_room_state *cl_rooms_put(cl_rooms *t, const msg_room_info *info, bool use_joined);
void cl_rooms_remove(cl_rooms *t, uint32_t id);
void cl_rooms_set_joined(cl_room_state *r, bool joined);
void cl_rooms_clear(cl_rooms *t);

/* A CHAT_MESSAGE arrived: records it and returns true when it is history already shown. */
bool cl_rooms_message(cl_rooms *t, const msg_chat_message *m);
/* A HISTORY_END for room_id: closes the page. True when the room is catching up and wants
 * another page older than *before_id. */
bool cl_rooms_page_end(cl_rooms *t, uint32_t room_id, bool ok, bool more, uint64_t *before_id);
/* The link dropped: every joined room that has shown messages starts catching up. */
void cl_rooms_freeze(cl_rooms *t);
/* Ends a room's catch-up: what came above the range joins it. */
void cl_rooms_thaw(cl_room_state *r);

#endif
