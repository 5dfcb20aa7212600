/* gui_convo.h — the messages of one conversation (a room or a direct-message partner), in
 * order, as the GUI shows them.
 *
 * Server messages are ordered by server id (ids increase in each room and conversation), so a
 * page of older history lands in front and a catch-up page after a reconnect lands in the gap
 * it fills. Lines the client adds itself — "alice joined", and its own messages while they wait
 * for the server — sort after the server message that was newest when they were added; an own
 * message is replaced by the server's copy (same client_msg_id) when that arrives.
 *
 * Memory: the line table and the text arena are allocated once, when the conversation is
 * made, and never grow: a full table drops its oldest line, a full arena is compacted, and
 * history older than everything held is refused once the table is full (counted). */
#ifndef PARLEY_GUI_CONVO_H
#define PARLEY_GUI_CONVO_H

#include "msg.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GUI_CONVO_LINES      1000         /* lines a conversation keeps */
#define GUI_CONVO_TEXT_BYTES (192 * 1024) /* their text */

enum {
    GUI_LINE_SYSTEM = 1,   /* the client's own note: joins, leaves, notices */
    GUI_LINE_OWN = 2,      /* sent by this user */
    GUI_LINE_PENDING = 4,  /* own, not yet stored by the server */
    GUI_LINE_FAILED = 8,   /* own, refused by the server (the reason is the next system line) */
    GUI_LINE_MENTION = 16, /* names this user */
    GUI_LINE_EDITED = 32,
    GUI_LINE_DELETED = 64,
    GUI_LINE_HISTORY = 128 /* from the store, not live */
};

typedef struct gui_line {
    uint64_t order;         /* server id; for client lines the newest server id when added */
    uint32_t sub;           /* client lines: their order among lines with the same `order` */
    uint64_t server_id;     /* 0: not a stored message */
    uint64_t client_msg_id; /* own messages */
    uint64_t time_ms;       /* server clock, ms since 1970; 0 = unknown */
    int64_t arrived_ms;     /* local clock when it arrived live (overlay fading); 0 = history */
    uint32_t sender_id;
    uint32_t text_off, text_len;
    uint16_t flags; /* GUI_LINE_* */
    char sender[MSG_NAME_MAX + 1];
} gui_line;

typedef struct gui_convo {
    uint32_t room_id; /* a room, or 0 and: */
    uint32_t peer_id; /* the other user of a DM conversation (0 while unknown) */
    char peer[MSG_NAME_MAX + 1];
    gui_line *lines; /* GUI_CONVO_LINES */
    int count;
    char *text; /* GUI_CONVO_TEXT_BYTES */
    uint32_t text_used;
    uint32_t next_sub;
    uint64_t newest_id, oldest_id; /* server ids held, 0 when none */
    /* what the view needs to know to follow along */
    uint32_t appended; /* lines added at the end, ever */
    uint32_t reshaped; /* bumps when lines change anywhere but the end (dropping the
                          oldest does not: a view may go on showing it) */
    int shift;         /* lines inserted before the first line held minus lines dropped
                          from the front, since a view last rebuilt (it keeps its place) */
    uint32_t dropped;  /* lines dropped to make room */
    uint32_t refused;  /* older history refused because the table was full */
    /* the GUI's bookkeeping */
    bool loaded;          /* members and recent history were asked for in this session */
    bool more_history;    /* the server said older messages exist */
    bool history_pending; /* a history page is on its way */
    uint32_t unread;      /* live messages from others not seen yet */
    bool unread_mention;
} gui_convo;

/* NULL when out of memory. */
gui_convo *gui_convo_new(uint32_t room_id, uint32_t peer_id, const char *peer);
void gui_convo_free(gui_convo *c);
void gui_convo_clear(gui_convo *c);

/* Adds a server message in id order. An own message whose client_msg_id matches a pending
 * line replaces it; a server id already held replaces that line (an edit or a delete).
 * flags: GUI_LINE_MENTION, _HISTORY. Returns false when it was refused (older than the full
 * table holds, or text too long for the arena). */
bool gui_convo_add_message(gui_convo *c, const msg_chat_message *m, bool own, int flags,
                           int64_t now_ms);
/* Adds the client's own line after the newest message: a system note (sender NULL) or an own
 * message waiting for the server (GUI_LINE_PENDING with its client_msg_id). */
bool gui_convo_add_local(gui_convo *c, const char *sender, const char *text, int flags,
                         uint64_t client_msg_id, int64_t now_ms);
/* Marks the pending own line with this client_msg_id as refused. True when found. */
bool gui_convo_fail(gui_convo *c, uint64_t client_msg_id);

const char *gui_convo_text(const gui_convo *c, const gui_line *l);

#endif
