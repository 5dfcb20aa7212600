/* cl_cmd.h — parses one line a person typed: a chat message or a /command.
 *
 * Arguments are separated by spaces; a name with spaces goes in double quotes
 * (/join "Board games"). The last argument of /dm, /search, /status, /kick, /ban and /mute is
 * the rest of the line, taken as typed. A line starting with "//" is a message that starts
 * with "/". Every length limit of the wire format (msg.h) is checked here, so a bad line gets
 * a specific message before anything is sent. */
#ifndef PARLEY_CL_CMD_H
#define PARLEY_CL_CMD_H

#include "msg.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum cl_cmd_kind {
    CL_CMD_NONE = 0, /* an empty line: nothing to do */
    CL_CMD_SAY,      /* text: a message to the current room */
    CL_CMD_HELP,
    CL_CMD_REGISTER, /* name, [secret], [email] */
    CL_CMD_LOGIN,    /* name, [secret] */
    CL_CMD_LOGOUT,
    CL_CMD_ROOMS,
    CL_CMD_CREATE,  /* name, flag = --private with secret */
    CL_CMD_JOIN,    /* name, [secret] */
    CL_CMD_LEAVE,   /* [name]: the current room when empty */
    CL_CMD_DELETE,  /* name */
    CL_CMD_WHO,     /* [name]: the current room when empty */
    CL_CMD_SEARCH,  /* text */
    CL_CMD_STATUS,  /* status, [text] */
    CL_CMD_DM,      /* name, text */
    CL_CMD_HISTORY, /* [number] */
    CL_CMD_KICK,    /* name, [text] reason, flag = --server */
    CL_CMD_BAN,     /* name, [text] reason */
    CL_CMD_MUTE,    /* name, number seconds (0: unmute), [text] reason */
    CL_CMD_QUIT,
    CL_CMD_COUNT
} cl_cmd_kind;

#define CL_CMD_HISTORY_DEFAULT 20

typedef struct cl_cmd {
    cl_cmd_kind kind;
    char name[MSG_ROOM_NAME_MAX + 1]; /* a user (<= MSG_NAME_MAX) or a room */
    char secret[MSG_PASSWORD_MAX + 1];
    bool has_secret;
    char email[MSG_EMAIL_MAX + 1];
    char text[MSG_TEXT_MAX + 1]; /* message, reason, query or status text */
    msg_status status;
    uint32_t number;
    bool flag;
} cl_cmd;

/* Parses line (a trailing "\n" or "\r\n" is ignored). False with a message for a person in
 * err (and out->kind telling which command, when known) on an unknown command or bad
 * arguments. */
bool cl_cmd_parse(const char *line, cl_cmd *out, char *err, size_t errcap);

const char *cl_cmd_name(cl_cmd_kind kind);  /* "join"; "" for NONE and SAY */
const char *cl_cmd_usage(cl_cmd_kind kind); /* "/join NAME [PASSWORD]" */
/* Every command with one line of explanation each, for /help. */
const char *cl_cmd_help(void);

#endif
