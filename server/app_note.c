/* app_note.c — voice notes: a note arrives in NOTE_SEND chunks, is checked (size, duration,
 * container) and then stored and delivered like a chat message; NOTE_FETCH sends a note's
 * audio back in NOTE_DATA chunks to those who may see the message. */
#include "app_internal.h"
#include "voice_note.h"

#include <stdio.h>
#include <stdlib.h>

_Static_assert(MSG_NOTE_MAX_BYTES == VN_MAX_BYTES && STORE_NOTE_MAX == VN_MAX_BYTES,
               "one size limit for a note on the wire, in the container and in the store");
_Static_assert(MSG_NOTE_MAX_MS == VN_MAX_MS && STORE_NOTE_MAX_MS == VN_MAX_MS,
               "one duration limit for a note");

/* One note being received: one per session at a time. */
typedef struct app_note_up {
    uint64_t client_msg_id;
    uint32_t room_id;
    char to[MSG_NAME_MAX + 1];
    uint32_t total, got;
    uint8_t data[]; /* total bytes */
} app_note_up;

void app_note_session_end(app *a, int32_t s)
{
    (void)a;
    free(a->sessions[s].note_up);
    a->sessions[s].note_up = NULL;
}

static void app_note_refuse(app *a, int32_t s, uint64_t client_id, msg_err err, const char *why)
{
    app_logf(a, 1, "app: voice note %llu from session %u refused: %s",
             (unsigned long long)client_id, a->sessions[s].handle, why);
    msg m;
    app_msg_init(&m, MSG_CHAT_ACK, sizeof m.chat_ack);
    m.chat_ack.client_msg_id = client_id;
    m.chat_ack.err = err;
    app_send(a, s, &m);
}

/* Too many frames is a note over the time limit, not a damaged one. */
static msg_err app_note_error(vn_error ve, const uint8_t *data, size_t len)
{
    uint32_t frames = 0;
    bool too_long = ve == VN_ERR_TOO_BIG ||
                    (ve == VN_ERR_FRAMES && vn_parse_header(data, len, &frames) == VN_ERR_FRAMES &&
                     frames > VN_MAX_FRAMES);
    return too_long ? MSG_ERR_TOO_LONG : MSG_ERR_BAD_NOTE;
}

/* What the first chunk already shows: a note that cannot be stored is refused before the
 * rest of it arrives, so the sender stops sending it. The full checks run at the end. */
static msg_err app_note_check_start(app *a, int32_t s, const msg_note_send *m, const char **why)
{
    if (m->total < VN_HEADER || m->len < VN_HEADER || (m->room_id == 0) == (m->to[0] == '\0')) {
        *why = "no audio, or not exactly one of a room and a recipient";
        return MSG_ERR_BAD_NOTE;
    }
    vn_error ve = vn_parse_header(m->data, m->len, NULL);
    if (ve != VN_OK) {
        *why = vn_error_str(ve);
        return app_note_error(ve, m->data, m->len);
    }
    if (!m->room_id) return MSG_OK; /* a DM's checks stay with app_chat_post_dm */
    *why = "not in the room";
    if (!app_room_find(a, m->room_id)) return MSG_ERR_NO_SUCH_ROOM;
    if (app_user_room_index(a, a->sessions[s].user, m->room_id) < 0) return MSG_ERR_NOT_IN_ROOM;
    return MSG_OK;
}

/* The whole note is here: check the container, then post it like a chat message. */
static void app_note_finish(app *a, int32_t s, const app_note_up *up)
{
    vn_info info;
    vn_error ve = vn_parse(up->data, up->total, &info);
    if (ve != VN_OK) {
        app_note_refuse(a, s, up->client_msg_id, app_note_error(ve, up->data, up->total),
                        vn_error_str(ve));
        return;
    }
    char text[64];
    snprintf(text, sizeof text, "voice note, %u.%u s", info.duration_ms / 1000,
             info.duration_ms % 1000 / 100);
    app_note_audio note = {.data = up->data, .len = up->total, .ms = info.duration_ms};
    if (up->room_id)
        app_chat_post_room(a, s, up->room_id, up->client_msg_id, text, &note);
    else
        app_chat_post_dm(a, s, up->to, up->client_msg_id, text, &note);
}

void app_on_note_send(app *a, int32_t s, const msg_note_send *m)
{
    app_session *ss = &a->sessions[s];
    app_note_up *up = ss->note_up;
    if (m->offset == 0) {
        if (up) {
            app_logf(a, 1, "app: voice note %llu abandoned for a new one",
                     (unsigned long long)up->client_msg_id);
            app_note_session_end(a, s);
        }
        const char *why = NULL;
        msg_err err = app_note_check_start(a, s, m, &why);
        if (err != MSG_OK) {
            app_note_refuse(a, s, m->client_msg_id, err, why);
            return;
        }
        up = malloc(sizeof *up + m->total);
        if (!up) {
            app_note_refuse(a, s, m->client_msg_id, MSG_ERR_INTERNAL, "out of memory");
            return;
        }
        up->client_msg_id = m->client_msg_id;
        up->room_id = m->room_id;
        app_copy(up->to, sizeof up->to, m->to);
        up->total = m->total;
        up->got = 0;
        ss->note_up = up;
    } else if (!up || up->client_msg_id != m->client_msg_id) {
        /* The rest of a note refused at its first chunk (or abandoned): already answered. */
        app_logf(a, 0, "app: stray chunk of voice note %llu dropped",
                 (unsigned long long)m->client_msg_id);
        return;
    }
    /* msg_decode keeps offset + len within total; the order and the target must hold. */
    if (m->offset != up->got || m->total != up->total || m->room_id != up->room_id ||
        strcmp(m->to, up->to) != 0) {
        uint64_t id = up->client_msg_id;
        app_note_session_end(a, s);
        app_note_refuse(a, s, id, MSG_ERR_BAD_NOTE, "chunks out of order");
        return;
    }
    memcpy(up->data + up->got, m->data, m->len);
    up->got += m->len;
    if (up->got < up->total) return;
    ss->note_up = NULL;
    app_note_finish(a, s, up);
    free(up);
}

/* A note's message is visible to the members of its room, or to the two sides of its DM. */
static bool app_note_visible(app *a, int32_t s, const store_message *sm)
{
    int32_t u = a->sessions[s].user;
    const app_user *uu = &a->users[u];
    if (sm->room_id) return app_user_room_index(a, u, (uint32_t)sm->room_id) >= 0;
    return uu->account_id && (sm->sender_id == uu->account_id || sm->to_id == uu->account_id);
}

void app_on_note_fetch(app *a, int32_t s, const msg_note_fetch *m)
{
    msg out;
    app_msg_init(&out, MSG_NOTE_DATA, sizeof out.note_data);
    msg_note_data *d = &out.note_data;
    d->req = m->req;
    d->server_id = m->server_id;
    store_message sm;
    /* Unknown, deleted, a text message or not the asker's to see: all look the same, so a
     * fetch cannot probe for DMs between others. */
    if (m->server_id > INT64_MAX ||
        store_message_get(a->st, (int64_t)m->server_id, &sm) != STORE_OK || sm.deleted ||
        !sm.note_ms || !app_note_visible(a, s, &sm)) {
        d->err = MSG_ERR_NO_SUCH_MESSAGE;
        app_send(a, s, &out);
        return;
    }
    /* One scratch buffer serves every fetch: the note is queued whole on the transport at
     * once, and the byte budget below bounds how much one session can have queued. */
    uint8_t *buf = a->note_buf;
    size_t len = 0;
    store_err e = store_note_get(a->st, sm.id, buf, MSG_NOTE_MAX_BYTES, &len);
    if (e != STORE_OK) {
        app_logf(a, 3, "app: voice note %lld: %s", (long long)sm.id, store_err_str(e));
        d->err = e == STORE_ERR_NO_MESSAGE ? MSG_ERR_NO_SUCH_MESSAGE : MSG_ERR_INTERNAL;
        app_send(a, s, &out);
        return;
    }
    uint32_t retry_ms;
    if (!app_take_n(&a->sessions[s].note_fetch, APP_NOTE_FETCH_RATE, APP_NOTE_FETCH_BURST,
                    (double)len, a->now_ms, &retry_ms)) {
        app_logf(a, 1, "app: voice note fetch from session %u refused: %u ms of budget short",
                 a->sessions[s].handle, retry_ms);
        a->stats.rate_limited++;
        d->err = MSG_ERR_RATE_LIMITED;
        app_send(a, s, &out);
        return;
    }
    d->duration_ms = sm.note_ms;
    d->total = (uint32_t)len;
    for (size_t off = 0; off < len; off += MSG_NOTE_CHUNK) {
        size_t n = len - off < MSG_NOTE_CHUNK ? len - off : MSG_NOTE_CHUNK;
        d->offset = (uint32_t)off;
        d->len = (uint32_t)n;
        memcpy(d->data, buf + off, n);
        app_send(a, s, &out);
    }
}
