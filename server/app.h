/* app.h — the server's application logic: accounts, sessions, rooms, presence, chat,
 * history, direct messages, moderation and rate limits.
 *
 * It does no I/O and reads no clock: the server loop (server.c) feeds it connection events
 * and decoded-on-arrival message bytes with the current time, and it answers through the
 * send and close callbacks. Tests drive it the same way, with no sockets at all.
 * A session is named by the transport's connection handle (host.h). */
#ifndef PARLEY_APP_H
#define PARLEY_APP_H

#include "net.h"
#include "store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct app app;

/* Sends one encoded message on a channel (CONN_CH_CONTROL / CONN_CH_CHAT ...). */
typedef void (*app_send_fn)(void *user, uint32_t session, int channel, const uint8_t *data,
                            size_t len);
/* Asks the server loop to close a session (kick, ban): after the notice was queued. */
typedef void (*app_close_fn)(void *user, uint32_t session);
/* A log line (level: 0 debug, 1 info, 2 warn, 3 error). */
typedef void (*app_log_fn)(void *user, int level, const char *text);

/* Zero fields mean the default in brackets. */
typedef struct app_config {
    store *st;                 /* required: the open store */
    const char *server_name;   /* ["Parley"] */
    const char *motd;          /* [""] */
    bool guests_disabled;      /* [guests allowed] */
    bool register_disabled;    /* [registration allowed] */
    uint32_t max_users;        /* [4096] sessions logged in at once */
    double chat_rate;          /* [5/s] chat messages per second per session, burst 10 */
    double join_rate;          /* [2/s] joins/creates per second per session, burst 5 */
    double login_rate;         /* [1/s] login attempts per second per session, burst 5 */
    uint32_t login_fail_limit; /* [5] failed logins per name or address before a lockout */
    int64_t login_lockout_ms;  /* [30000] */
    int64_t resume_ttl_ms;     /* [120000] a dropped session can be resumed this long */
    int64_t call_timeout_ms;   /* [30000] a 1:1 call rings this long before it times out */
    app_send_fn send;
    app_close_fn close;
    app_log_fn log;
    void *user;
} app_config;

typedef struct app_stats {
    uint32_t sessions, logged_in, guests, rooms;
    uint64_t messages_in, messages_out, chat_messages, rate_limited, bad_messages;
    /* CONN_CH_VOICE: messages received, copies relayed, dropped by the per-session rate
     * limit, malformed, and valid but with nobody to hear them (not in voice, muted) */
    uint64_t voice_in, voice_out, voice_rate_limited, voice_bad, voice_unrouted;
} app_stats;

app *app_create(const app_config *cfg);
void app_destroy(app *a);

void app_on_connect(app *a, uint32_t session, const net_addr *addr, int64_t now_ms);
void app_on_disconnect(app *a, uint32_t session, int64_t now_ms);
/* One message as it arrived on a channel; malformed input gets a RESULT error or is
 * dropped and counted, never trusted. */
void app_on_message(app *a, uint32_t session, int channel, const uint8_t *data, size_t len,
                    int64_t now_ms);
/* One message from CONN_CH_VOICE (shared/voice_wire.h, VW_UP): rate-limited per session
 * (APP_VOICE_RATE), checked, and relayed at once with the sender's user id (vw_relay, the
 * Speex payload is not decoded) to app_voice_targets. Malformed ones are dropped and counted;
 * nothing is ever answered on the voice channel. */
void app_on_voice(app *a, uint32_t session, const uint8_t *data, size_t len, int64_t now_ms);
/* The sessions that hear a voice message of `session` (target: vw_target): for the room,
 * every other session in the same room's voice that is not deafened, excluding all sessions
 * of the sender's own user; nobody when the sender is not logged in, not in voice, no longer
 * in that room, or muted there by a moderator. For the call: only the other side's session
 * of the sender's call, and only while that call is active (not ringing, not waiting for a
 * resume) — never a room member, so call audio cannot leak. Returns the count written (at
 * most cap). */
size_t app_voice_targets(const app *a, uint32_t session, int target, uint32_t *out, size_t cap);

/* Per tick: expiries (mutes, resume tokens, lockouts). */
void app_tick(app *a, int64_t now_ms);

/* Server console: one command line ("help", "users", "rooms", "kick NAME [reason]",
 * "ban NAME [reason]", "unban NAME", "role NAME ROLE", "broadcast TEXT", "stats").
 * Writes the answer for the operator into out. Returns false for an unknown or malformed
 * command (out says why). "quit" is handled by the loop, not here. */
bool app_console(app *a, const char *line, char *out, size_t cap, int64_t now_ms);

app_stats app_get_stats(const app *a);

/* Added: tells every connected session the server is going down (NOTICE SHUTDOWN with
 * `why`). The loop calls it once on "quit" or SIGINT/SIGTERM, flushes, then closes. */
void app_shutdown(app *a, const char *why, int64_t now_ms);

#endif
