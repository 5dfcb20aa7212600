/* msg.c — one serialize function per application message: see msg.h. */
#include "msg.h"

#include <assert.h>
#include <string.h>

/* Field helpers. Each takes a pointer to the field and stores through it only when
 * reading, so msg_encode and msg_measure may run the serializers on a const message. */

static void msg_v32(bits *b, uint32_t *v, uint32_t max)
{
    uint32_t x = bits_reading(b) ? 0 : *v;
    bits_varint32(b, &x, max);
    if (bits_reading(b)) *v = x;
}

static void msg_v64(bits *b, uint64_t *v)
{
    uint64_t x = bits_reading(b) ? 0 : *v;
    bits_varint(b, &x);
    if (bits_reading(b)) *v = x;
}

static void msg_range(bits *b, uint32_t *v, uint32_t min, uint32_t max)
{
    uint32_t x = bits_reading(b) ? min : *v;
    bits_uint(b, &x, min, max);
    if (bits_reading(b)) *v = x;
}

static void msg_flag(bits *b, bool *v)
{
    bool x = bits_reading(b) ? false : *v;
    bits_bool(b, &x);
    if (bits_reading(b)) *v = x;
}

/* A char[N+1] field holding at most N bytes. A writer's string must end inside its array;
 * one that does not is a caller's bug, caught here rather than read past. */
static void msg_text(bits *b, char *s, size_t cap)
{
    if (!bits_reading(b) && !memchr(s, '\0', cap)) {
        bits_fail(b, BITS_ERR_RANGE);
        return;
    }
    bits_string(b, s, cap, cap - 1);
}
#define MSG_STR(b, field) msg_text((b), (field), sizeof(field))

static void msg_token(bits *b, uint8_t *token)
{
    bits_bytes(b, token, MSG_TOKEN_SIZE);
}

/* A list count; returns how many entries to walk (0 once the stream has failed). Checked
 * in every mode, as it bounds the walk over a fixed array. */
static uint32_t msg_count(bits *b, uint32_t *count, uint32_t max)
{
    if (!bits_reading(b) && *count > max) bits_fail(b, BITS_ERR_RANGE);
    msg_range(b, count, 0, max);
    return bits_ok(b) ? *count : 0;
}

/* Enum fields: a ranged integer converted to the enum type on read. */
#define MSG_ENUM_FIELD(fn, type)                                                                   \
    static void fn(bits *b, type *v, uint32_t min, uint32_t max)                                   \
    {                                                                                              \
        uint32_t x = bits_reading(b) ? min : (uint32_t)*v;                                         \
        if (!bits_reading(b) && (x < min || x > max)) {                                            \
            bits_fail(b, BITS_ERR_RANGE);                                                          \
            return;                                                                                \
        }                                                                                          \
        bits_uint(b, &x, min, max);                                                                \
        if (bits_reading(b)) *v = bits_ok(b) ? (type)x : (type)0;                                  \
    }
MSG_ENUM_FIELD(msg_err_field, msg_err)
MSG_ENUM_FIELD(msg_role_field, msg_role)
MSG_ENUM_FIELD(msg_status_field, msg_status)
MSG_ENUM_FIELD(msg_room_event_kind_field, msg_room_event_kind)
MSG_ENUM_FIELD(msg_member_event_kind_field, msg_member_event_kind)
MSG_ENUM_FIELD(msg_notice_kind_field, msg_notice_kind)
MSG_ENUM_FIELD(msg_call_phase_field, msg_call_phase)
MSG_ENUM_FIELD(msg_call_reason_field, msg_call_reason)

static void msg_err_code(bits *b, msg_err *err)
{
    msg_err_field(b, err, 0, MSG_ERR_COUNT - 1);
}

static void msg_role_code(bits *b, msg_role *role)
{
    msg_role_field(b, role, 0, MSG_ROLE_COUNT - 1);
}

/* What one user may see of another: never invisible. */
static void msg_seen_status(bits *b, msg_status *status)
{
    msg_status_field(b, status, MSG_STATUS_OFFLINE, MSG_STATUS_BUSY);
}

/* What a user sets, and is told, about itself: never offline. */
static void msg_own_status(bits *b, msg_status *status)
{
    msg_status_field(b, status, MSG_STATUS_ONLINE, MSG_STATUS_INVISIBLE);
}

/* Shared records. */

static void msg_room_info_serialize(bits *b, msg_room_info *r)
{
    msg_v32(b, &r->room_id, UINT32_MAX);
    msg_v32(b, &r->owner_id, UINT32_MAX);
    MSG_STR(b, r->name);
    MSG_STR(b, r->topic);
    msg_flag(b, &r->is_private);
    msg_flag(b, &r->joined);
    msg_v32(b, &r->online, UINT32_MAX);
    msg_v32(b, &r->total, UINT32_MAX);
}

static void msg_member_serialize(bits *b, msg_member *m)
{
    msg_v32(b, &m->user_id, UINT32_MAX);
    MSG_STR(b, m->name);
    msg_role_code(b, &m->role);
    msg_seen_status(b, &m->status);
    msg_flag(b, &m->muted);
    MSG_STR(b, m->status_text);
}

static void msg_user_info_serialize(bits *b, msg_user_info *u)
{
    msg_v32(b, &u->user_id, UINT32_MAX);
    MSG_STR(b, u->name);
    msg_role_code(b, &u->role);
    msg_seen_status(b, &u->status);
}

/* Messages, in msg_type order. */

static bool msg_request_serialize(bits *b, msg_request *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    return bits_ok(b);
}

static bool msg_room_request_serialize(bits *b, msg_room_request *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    msg_v32(b, &m->room_id, UINT32_MAX);
    return bits_ok(b);
}

static bool msg_hello_serialize(bits *b, msg_hello *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    msg_v32(b, &m->version, UINT32_MAX);
    MSG_STR(b, m->client);
    return bits_ok(b);
}

static bool msg_server_info_serialize(bits *b, msg_server_info *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    msg_v32(b, &m->version, UINT32_MAX);
    MSG_STR(b, m->name);
    MSG_STR(b, m->server_version);
    msg_v32(b, &m->users_online, UINT32_MAX);
    msg_v32(b, &m->users_max, UINT32_MAX);
    msg_flag(b, &m->guests_allowed);
    msg_flag(b, &m->register_allowed);
    MSG_STR(b, m->motd);
    return bits_ok(b);
}

static bool msg_register_serialize(bits *b, msg_register *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    MSG_STR(b, m->name);
    MSG_STR(b, m->email);
    MSG_STR(b, m->password);
    return bits_ok(b);
}

static bool msg_login_serialize(bits *b, msg_login *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    MSG_STR(b, m->name);
    MSG_STR(b, m->password);
    return bits_ok(b);
}

static bool msg_guest_serialize(bits *b, msg_guest *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    MSG_STR(b, m->name);
    return bits_ok(b);
}

static bool msg_resume_serialize(bits *b, msg_resume *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    msg_token(b, m->token);
    return bits_ok(b);
}

static bool msg_session_serialize(bits *b, msg_session *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    msg_v32(b, &m->user_id, UINT32_MAX);
    MSG_STR(b, m->name);
    msg_role_code(b, &m->role);
    msg_own_status(b, &m->status);
    msg_flag(b, &m->resumed);
    msg_token(b, m->token);
    return bits_ok(b);
}

static bool msg_result_serialize(bits *b, msg_result *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    msg_err_code(b, &m->err);
    msg_v32(b, &m->id, UINT32_MAX);
    msg_v32(b, &m->retry_after_ms, MSG_RETRY_MAX_MS);
    MSG_STR(b, m->text);
    return bits_ok(b);
}

static bool msg_notice_serialize(bits *b, msg_notice *m)
{
    msg_notice_kind_field(b, &m->kind, 0, MSG_NOTICE_KIND_COUNT - 1);
    msg_v32(b, &m->room_id, UINT32_MAX);
    MSG_STR(b, m->by);
    msg_v32(b, &m->seconds, MSG_SECONDS_MAX);
    msg_v32(b, &m->retry_after_ms, MSG_RETRY_MAX_MS);
    MSG_STR(b, m->text);
    return bits_ok(b);
}

static bool msg_room_list_items_serialize(bits *b, msg_room_list_items *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    msg_flag(b, &m->last);
    uint32_t n = msg_count(b, &m->count, MSG_ROOMS_PER_MSG);
    for (uint32_t i = 0; i < n; i++) msg_room_info_serialize(b, &m->rooms[i]);
    return bits_ok(b);
}

static bool msg_room_create_serialize(bits *b, msg_room_create *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    MSG_STR(b, m->name);
    MSG_STR(b, m->topic);
    msg_flag(b, &m->is_private);
    MSG_STR(b, m->password);
    return bits_ok(b);
}

static bool msg_room_join_serialize(bits *b, msg_room_join *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    msg_v32(b, &m->room_id, UINT32_MAX);
    MSG_STR(b, m->name);
    MSG_STR(b, m->password);
    return bits_ok(b);
}

static bool msg_room_update_serialize(bits *b, msg_room_update *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    msg_v32(b, &m->room_id, UINT32_MAX);
    MSG_STR(b, m->topic);
    msg_flag(b, &m->is_private);
    MSG_STR(b, m->password);
    return bits_ok(b);
}

static bool msg_room_event_serialize(bits *b, msg_room_event *m)
{
    msg_room_event_kind_field(b, &m->kind, 0, MSG_ROOM_EV_COUNT - 1);
    msg_room_info_serialize(b, &m->room);
    return bits_ok(b);
}

static bool msg_member_list_serialize(bits *b, msg_member_list *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    msg_v32(b, &m->room_id, UINT32_MAX);
    msg_flag(b, &m->last);
    uint32_t n = msg_count(b, &m->count, MSG_MEMBERS_PER_MSG);
    for (uint32_t i = 0; i < n; i++) msg_member_serialize(b, &m->members[i]);
    return bits_ok(b);
}

static bool msg_member_event_serialize(bits *b, msg_member_event *m)
{
    msg_member_event_kind_field(b, &m->kind, 0, MSG_MEMBER_EV_COUNT - 1);
    msg_v32(b, &m->room_id, UINT32_MAX);
    msg_member_serialize(b, &m->member);
    MSG_STR(b, m->by);
    msg_v32(b, &m->seconds, MSG_SECONDS_MAX);
    MSG_STR(b, m->reason);
    return bits_ok(b);
}

static bool msg_status_set_serialize(bits *b, msg_status_set *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    msg_own_status(b, &m->status);
    MSG_STR(b, m->text);
    return bits_ok(b);
}

static bool msg_presence_serialize(bits *b, msg_presence *m)
{
    msg_v32(b, &m->user_id, UINT32_MAX);
    MSG_STR(b, m->name);
    msg_seen_status(b, &m->status);
    MSG_STR(b, m->text);
    return bits_ok(b);
}

static bool msg_user_search_serialize(bits *b, msg_user_search *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    MSG_STR(b, m->query);
    return bits_ok(b);
}

static bool msg_user_search_result_serialize(bits *b, msg_user_search_result *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    msg_flag(b, &m->more);
    uint32_t n = msg_count(b, &m->count, MSG_SEARCH_MAX);
    for (uint32_t i = 0; i < n; i++) msg_user_info_serialize(b, &m->users[i]);
    return bits_ok(b);
}

static bool msg_chat_send_serialize(bits *b, msg_chat_send *m)
{
    msg_v32(b, &m->room_id, UINT32_MAX);
    msg_v64(b, &m->client_msg_id);
    MSG_STR(b, m->text);
    return bits_ok(b);
}

static bool msg_chat_dm_serialize(bits *b, msg_chat_dm *m)
{
    MSG_STR(b, m->to);
    msg_v64(b, &m->client_msg_id);
    MSG_STR(b, m->text);
    return bits_ok(b);
}

static bool msg_chat_edit_serialize(bits *b, msg_chat_edit *m)
{
    msg_v64(b, &m->client_msg_id);
    msg_v64(b, &m->server_id);
    MSG_STR(b, m->text);
    return bits_ok(b);
}

static bool msg_chat_delete_serialize(bits *b, msg_chat_delete *m)
{
    msg_v64(b, &m->client_msg_id);
    msg_v64(b, &m->server_id);
    return bits_ok(b);
}

static bool msg_chat_message_serialize(bits *b, msg_chat_message *m)
{
    msg_v64(b, &m->server_id);
    msg_v64(b, &m->timestamp_ms);
    msg_v64(b, &m->client_msg_id);
    msg_v32(b, &m->room_id, UINT32_MAX);
    msg_v32(b, &m->sender_id, UINT32_MAX);
    MSG_STR(b, m->sender);
    msg_v32(b, &m->to_id, UINT32_MAX);
    MSG_STR(b, m->to);
    msg_flag(b, &m->dm);
    msg_flag(b, &m->history);
    msg_flag(b, &m->edited);
    msg_flag(b, &m->deleted);
    MSG_STR(b, m->text);
    msg_v32(b, &m->note_ms, MSG_NOTE_MAX_MS);
    return bits_ok(b);
}

static bool msg_chat_ack_serialize(bits *b, msg_chat_ack *m)
{
    msg_v64(b, &m->client_msg_id);
    msg_err_code(b, &m->err);
    msg_v64(b, &m->server_id);
    msg_v64(b, &m->timestamp_ms);
    msg_flag(b, &m->duplicate);
    msg_v32(b, &m->retry_after_ms, MSG_RETRY_MAX_MS);
    return bits_ok(b);
}

static bool msg_history_serialize(bits *b, msg_history *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    msg_v32(b, &m->room_id, UINT32_MAX);
    msg_v32(b, &m->peer_id, UINT32_MAX);
    msg_v64(b, &m->before_id);
    msg_range(b, &m->count, 1, MSG_HISTORY_PAGE);
    return bits_ok(b);
}

static bool msg_history_end_serialize(bits *b, msg_history_end *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    msg_v32(b, &m->room_id, UINT32_MAX);
    msg_v32(b, &m->peer_id, UINT32_MAX);
    msg_err_code(b, &m->err);
    msg_flag(b, &m->more);
    return bits_ok(b);
}

static bool msg_typing_serialize(bits *b, msg_typing *m)
{
    msg_v32(b, &m->room_id, UINT32_MAX);
    msg_v32(b, &m->peer_id, UINT32_MAX);
    msg_v32(b, &m->user_id, UINT32_MAX);
    MSG_STR(b, m->name);
    msg_flag(b, &m->on);
    return bits_ok(b);
}

static bool msg_kick_serialize(bits *b, msg_kick *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    MSG_STR(b, m->name);
    msg_v32(b, &m->room_id, UINT32_MAX);
    MSG_STR(b, m->reason);
    return bits_ok(b);
}

static bool msg_ban_serialize(bits *b, msg_ban *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    MSG_STR(b, m->name);
    msg_v32(b, &m->seconds, MSG_SECONDS_MAX);
    MSG_STR(b, m->reason);
    return bits_ok(b);
}

static bool msg_unban_serialize(bits *b, msg_unban *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    MSG_STR(b, m->name);
    return bits_ok(b);
}

static bool msg_mute_serialize(bits *b, msg_mute *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    MSG_STR(b, m->name);
    msg_v32(b, &m->room_id, UINT32_MAX);
    msg_v32(b, &m->seconds, MSG_SECONDS_MAX);
    MSG_STR(b, m->reason);
    return bits_ok(b);
}

static bool msg_role_set_serialize(bits *b, msg_role_set *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    MSG_STR(b, m->name);
    msg_role_code(b, &m->role);
    return bits_ok(b);
}

/* The type byte, the message, the zero padding: the whole wire form of every message.
 * In BITS_WRITE and BITS_MEASURE modes m is only read. */
static bool msg_voice_state_serialize(bits *b, msg_voice_state *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    msg_v32(b, &m->room_id, UINT32_MAX);
    msg_flag(b, &m->deafened);
    return bits_ok(b);
}

/* 1:1 calls. */
static bool msg_call_start_serialize(bits *b, msg_call_start *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    MSG_STR(b, m->name);
    return bits_ok(b);
}

static bool msg_call_request_serialize(bits *b, msg_call_request *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    msg_v32(b, &m->call_id, UINT32_MAX);
    return bits_ok(b);
}

static bool msg_call_state_serialize(bits *b, msg_call_state *m)
{
    msg_v32(b, &m->call_id, UINT32_MAX);
    msg_v32(b, &m->peer_id, UINT32_MAX);
    MSG_STR(b, m->peer);
    msg_call_phase_field(b, &m->state, 0, MSG_CALL_PHASE_COUNT - 1);
    msg_call_reason_field(b, &m->reason, 0, MSG_CALL_R_COUNT - 1);
    msg_flag(b, &m->outgoing);
    msg_flag(b, &m->by_peer);
    return bits_ok(b);
}

/* Voice notes. A chunk: where it starts, then its bytes; the range checks keep a chunk
 * inside its note, so a reader never has to. */
static void msg_note_chunk(bits *b, uint32_t *total, uint32_t *offset, uint32_t *len, uint8_t *data)
{
    if (!bits_reading(b) && (*total > MSG_NOTE_MAX_BYTES || *offset > MSG_NOTE_MAX_BYTES))
        bits_fail(b, BITS_ERR_RANGE);
    msg_v32(b, total, MSG_NOTE_MAX_BYTES);
    msg_v32(b, offset, MSG_NOTE_MAX_BYTES);
    size_t n = bits_reading(b) ? 0 : *len;
    if (!bits_reading(b) && n > MSG_NOTE_CHUNK) bits_fail(b, BITS_ERR_RANGE);
    bits_blob(b, data, &n, MSG_NOTE_CHUNK);
    if (bits_reading(b)) *len = bits_ok(b) ? (uint32_t)n : 0;
    if (bits_ok(b) && (*offset > *total || *len > *total - *offset)) bits_fail(b, BITS_ERR_RANGE);
}

static bool msg_note_send_serialize(bits *b, msg_note_send *m)
{
    msg_v64(b, &m->client_msg_id);
    msg_v32(b, &m->room_id, UINT32_MAX);
    MSG_STR(b, m->to);
    msg_note_chunk(b, &m->total, &m->offset, &m->len, m->data);
    return bits_ok(b);
}

static bool msg_note_fetch_serialize(bits *b, msg_note_fetch *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    msg_v64(b, &m->server_id);
    return bits_ok(b);
}

static bool msg_note_data_serialize(bits *b, msg_note_data *m)
{
    msg_v32(b, &m->req, UINT32_MAX);
    msg_v64(b, &m->server_id);
    msg_err_code(b, &m->err);
    msg_v32(b, &m->duration_ms, MSG_NOTE_MAX_MS);
    msg_note_chunk(b, &m->total, &m->offset, &m->len, m->data);
    return bits_ok(b);
}

static bool msg_serialize(bits *b, msg *m)
{
    uint32_t type = bits_reading(b) ? 0 : (uint32_t)m->type;
    if (!bits_reading(b) && type > 0xff) {
        bits_fail(b, BITS_ERR_RANGE);
        return false;
    }
    bits_raw(b, &type, 8);
    if (!bits_ok(b)) return false;
    if (bits_reading(b)) m->type = (msg_type)type;
    switch ((msg_type)type) {
    case MSG_HELLO:
        msg_hello_serialize(b, &m->hello);
        break;
    case MSG_SERVER_INFO:
        msg_server_info_serialize(b, &m->server_info);
        break;
    case MSG_REGISTER:
        msg_register_serialize(b, &m->register_);
        break;
    case MSG_LOGIN:
        msg_login_serialize(b, &m->login);
        break;
    case MSG_GUEST:
        msg_guest_serialize(b, &m->guest);
        break;
    case MSG_RESUME:
        msg_resume_serialize(b, &m->resume);
        break;
    case MSG_LOGOUT:
        msg_request_serialize(b, &m->logout);
        break;
    case MSG_SESSION:
        msg_session_serialize(b, &m->session);
        break;
    case MSG_RESULT:
        msg_result_serialize(b, &m->result);
        break;
    case MSG_NOTICE:
        msg_notice_serialize(b, &m->notice);
        break;
    case MSG_ROOM_LIST:
        msg_request_serialize(b, &m->room_list);
        break;
    case MSG_ROOM_LIST_ITEMS:
        msg_room_list_items_serialize(b, &m->room_list_items);
        break;
    case MSG_ROOM_CREATE:
        msg_room_create_serialize(b, &m->room_create);
        break;
    case MSG_ROOM_JOIN:
        msg_room_join_serialize(b, &m->room_join);
        break;
    case MSG_ROOM_LEAVE:
        msg_room_request_serialize(b, &m->room_leave);
        break;
    case MSG_ROOM_DELETE:
        msg_room_request_serialize(b, &m->room_delete);
        break;
    case MSG_ROOM_UPDATE:
        msg_room_update_serialize(b, &m->room_update);
        break;
    case MSG_ROOM_EVENT:
        msg_room_event_serialize(b, &m->room_event);
        break;
    case MSG_MEMBERS:
        msg_room_request_serialize(b, &m->members);
        break;
    case MSG_MEMBER_LIST:
        msg_member_list_serialize(b, &m->member_list);
        break;
    case MSG_MEMBER_EVENT:
        msg_member_event_serialize(b, &m->member_event);
        break;
    case MSG_STATUS_SET:
        msg_status_set_serialize(b, &m->status_set);
        break;
    case MSG_PRESENCE:
        msg_presence_serialize(b, &m->presence);
        break;
    case MSG_USER_SEARCH:
        msg_user_search_serialize(b, &m->user_search);
        break;
    case MSG_USER_SEARCH_RESULT:
        msg_user_search_result_serialize(b, &m->user_search_result);
        break;
    case MSG_CHAT_SEND:
        msg_chat_send_serialize(b, &m->chat_send);
        break;
    case MSG_CHAT_DM:
        msg_chat_dm_serialize(b, &m->chat_dm);
        break;
    case MSG_CHAT_EDIT:
        msg_chat_edit_serialize(b, &m->chat_edit);
        break;
    case MSG_CHAT_DELETE:
        msg_chat_delete_serialize(b, &m->chat_delete);
        break;
    case MSG_CHAT_MESSAGE:
        msg_chat_message_serialize(b, &m->chat_message);
        break;
    case MSG_CHAT_ACK:
        msg_chat_ack_serialize(b, &m->chat_ack);
        break;
    case MSG_HISTORY:
        msg_history_serialize(b, &m->history);
        break;
    case MSG_HISTORY_END:
        msg_history_end_serialize(b, &m->history_end);
        break;
    case MSG_TYPING:
        msg_typing_serialize(b, &m->typing);
        break;
    case MSG_KICK:
        msg_kick_serialize(b, &m->kick);
        break;
    case MSG_BAN:
        msg_ban_serialize(b, &m->ban);
        break;
    case MSG_UNBAN:
        msg_unban_serialize(b, &m->unban);
        break;
    case MSG_MUTE:
        msg_mute_serialize(b, &m->mute);
        break;
    case MSG_ROLE_SET:
        msg_role_set_serialize(b, &m->role_set);
        break;
    case MSG_VOICE_STATE:
        msg_voice_state_serialize(b, &m->voice_state);
        break;
    case MSG_CALL_START:
        msg_call_start_serialize(b, &m->call_start);
        break;
    case MSG_CALL_ACCEPT:
        msg_call_request_serialize(b, &m->call_accept);
        break;
    case MSG_CALL_DECLINE:
        msg_call_request_serialize(b, &m->call_decline);
        break;
    case MSG_CALL_HANGUP:
        msg_call_request_serialize(b, &m->call_hangup);
        break;
    case MSG_CALL_STATE:
        msg_call_state_serialize(b, &m->call_state);
        break;
    case MSG_NOTE_SEND:
        msg_note_send_serialize(b, &m->note_send);
        break;
    case MSG_NOTE_FETCH:
        msg_note_fetch_serialize(b, &m->note_fetch);
        break;
    case MSG_NOTE_DATA:
        msg_note_data_serialize(b, &m->note_data);
        break;
    case MSG_NONE:
    default:
        bits_fail(b, BITS_ERR_RANGE);
        break;
    }
    return bits_end(b);
}

bool msg_encode(const msg *m, uint8_t *buf, size_t cap, size_t *len)
{
    assert(m && len && (buf || cap == 0));
    bits b;
    bits_write_init(&b, buf, cap < MSG_MAX_SIZE ? cap : MSG_MAX_SIZE);
    /* Writing only reads *m (see the field helpers). */
    if (!msg_serialize(&b, (msg *)(uintptr_t)m)) return false;
    *len = bits_bytes_used(&b);
    return true;
}

bool msg_decode(const uint8_t *data, size_t len, msg *out, bits_error *why)
{
    assert(out && (data || len == 0));
    memset(out, 0, sizeof *out);
    bits b;
    bits_read_init(&b, data, len);
    if (len > MSG_MAX_SIZE)
        bits_fail(&b, BITS_ERR_OVERFLOW);
    else
        msg_serialize(&b, out);
    if (why) *why = b.err;
    if (!bits_ok(&b)) {
        memset(out, 0, sizeof *out);
        return false;
    }
    return true;
}

size_t msg_measure(const msg *m)
{
    assert(m);
    bits b;
    bits_measure_init(&b);
    if (!msg_serialize(&b, (msg *)(uintptr_t)m)) return 0;
    return bits_bytes_used(&b);
}

/* Names, channels and senders, indexed by type id. A NULL name marks an unknown id. */
typedef struct msg_type_info {
    const char *name;
    uint8_t channel;
    uint8_t senders;
} msg_type_info;

#define MSG_C  MSG_FROM_CLIENT
#define MSG_S  MSG_FROM_SERVER
#define MSG_CS (MSG_FROM_CLIENT | MSG_FROM_SERVER)
static const msg_type_info msg_types[256] = {
    [MSG_HELLO] = {"HELLO", MSG_CH_CONTROL, MSG_C},
    [MSG_SERVER_INFO] = {"SERVER_INFO", MSG_CH_CONTROL, MSG_S},
    [MSG_REGISTER] = {"REGISTER", MSG_CH_CONTROL, MSG_C},
    [MSG_LOGIN] = {"LOGIN", MSG_CH_CONTROL, MSG_C},
    [MSG_GUEST] = {"GUEST", MSG_CH_CONTROL, MSG_C},
    [MSG_RESUME] = {"RESUME", MSG_CH_CONTROL, MSG_C},
    [MSG_LOGOUT] = {"LOGOUT", MSG_CH_CONTROL, MSG_C},
    [MSG_SESSION] = {"SESSION", MSG_CH_CONTROL, MSG_S},
    [MSG_RESULT] = {"RESULT", MSG_CH_CONTROL, MSG_S},
    [MSG_NOTICE] = {"NOTICE", MSG_CH_CONTROL, MSG_S},
    [MSG_ROOM_LIST] = {"ROOM_LIST", MSG_CH_CONTROL, MSG_C},
    [MSG_ROOM_LIST_ITEMS] = {"ROOM_LIST_ITEMS", MSG_CH_CONTROL, MSG_S},
    [MSG_ROOM_CREATE] = {"ROOM_CREATE", MSG_CH_CONTROL, MSG_C},
    [MSG_ROOM_JOIN] = {"ROOM_JOIN", MSG_CH_CONTROL, MSG_C},
    [MSG_ROOM_LEAVE] = {"ROOM_LEAVE", MSG_CH_CONTROL, MSG_C},
    [MSG_ROOM_DELETE] = {"ROOM_DELETE", MSG_CH_CONTROL, MSG_C},
    [MSG_ROOM_UPDATE] = {"ROOM_UPDATE", MSG_CH_CONTROL, MSG_C},
    [MSG_ROOM_EVENT] = {"ROOM_EVENT", MSG_CH_CONTROL, MSG_S},
    [MSG_MEMBERS] = {"MEMBERS", MSG_CH_CONTROL, MSG_C},
    [MSG_MEMBER_LIST] = {"MEMBER_LIST", MSG_CH_CONTROL, MSG_S},
    [MSG_MEMBER_EVENT] = {"MEMBER_EVENT", MSG_CH_CONTROL, MSG_S},
    [MSG_STATUS_SET] = {"STATUS_SET", MSG_CH_CONTROL, MSG_C},
    [MSG_PRESENCE] = {"PRESENCE", MSG_CH_CONTROL, MSG_S},
    [MSG_USER_SEARCH] = {"USER_SEARCH", MSG_CH_CONTROL, MSG_C},
    [MSG_USER_SEARCH_RESULT] = {"USER_SEARCH_RESULT", MSG_CH_CONTROL, MSG_S},
    [MSG_CHAT_SEND] = {"CHAT_SEND", MSG_CH_CHAT, MSG_C},
    [MSG_CHAT_DM] = {"CHAT_DM", MSG_CH_CHAT, MSG_C},
    [MSG_CHAT_EDIT] = {"CHAT_EDIT", MSG_CH_CHAT, MSG_C},
    [MSG_CHAT_DELETE] = {"CHAT_DELETE", MSG_CH_CHAT, MSG_C},
    [MSG_CHAT_MESSAGE] = {"CHAT_MESSAGE", MSG_CH_CHAT, MSG_S},
    [MSG_CHAT_ACK] = {"CHAT_ACK", MSG_CH_CHAT, MSG_S},
    [MSG_HISTORY] = {"HISTORY", MSG_CH_CHAT, MSG_C},
    [MSG_HISTORY_END] = {"HISTORY_END", MSG_CH_CHAT, MSG_S},
    [MSG_TYPING] = {"TYPING", MSG_CH_CHAT, MSG_CS},
    [MSG_KICK] = {"KICK", MSG_CH_CONTROL, MSG_C},
    [MSG_BAN] = {"BAN", MSG_CH_CONTROL, MSG_C},
    [MSG_UNBAN] = {"UNBAN", MSG_CH_CONTROL, MSG_C},
    [MSG_MUTE] = {"MUTE", MSG_CH_CONTROL, MSG_C},
    [MSG_ROLE_SET] = {"ROLE_SET", MSG_CH_CONTROL, MSG_C},
    [MSG_VOICE_STATE] = {"VOICE_STATE", MSG_CH_CONTROL, MSG_C},
    [MSG_CALL_START] = {"CALL_START", MSG_CH_CONTROL, MSG_C},
    [MSG_CALL_ACCEPT] = {"CALL_ACCEPT", MSG_CH_CONTROL, MSG_C},
    [MSG_CALL_DECLINE] = {"CALL_DECLINE", MSG_CH_CONTROL, MSG_C},
    [MSG_CALL_HANGUP] = {"CALL_HANGUP", MSG_CH_CONTROL, MSG_C},
    [MSG_CALL_STATE] = {"CALL_STATE", MSG_CH_CONTROL, MSG_S},
    [MSG_NOTE_SEND] = {"NOTE_SEND", MSG_CH_BULK, MSG_C},
    [MSG_NOTE_FETCH] = {"NOTE_FETCH", MSG_CH_BULK, MSG_C},
    [MSG_NOTE_DATA] = {"NOTE_DATA", MSG_CH_BULK, MSG_S},
};
#undef MSG_C
#undef MSG_S
#undef MSG_CS

static const msg_type_info *msg_type_info_of(msg_type type)
{
    if ((unsigned)type > 0xff || !msg_types[type].name) return NULL;
    return &msg_types[type];
}

bool msg_type_known(msg_type type)
{
    return msg_type_info_of(type) != NULL;
}

const char *msg_type_name(msg_type type)
{
    const msg_type_info *t = msg_type_info_of(type);
    return t ? t->name : "UNKNOWN";
}

int msg_channel(msg_type type)
{
    const msg_type_info *t = msg_type_info_of(type);
    return t ? t->channel : -1;
}

unsigned msg_senders(msg_type type)
{
    const msg_type_info *t = msg_type_info_of(type);
    return t ? t->senders : 0;
}

const char *msg_err_name(msg_err err)
{
    switch (err) {
    case MSG_OK:
        return "OK";
    case MSG_ERR_BAD_REQUEST:
        return "BAD_REQUEST";
    case MSG_ERR_NOT_LOGGED_IN:
        return "NOT_LOGGED_IN";
    case MSG_ERR_NAME_TAKEN:
        return "NAME_TAKEN";
    case MSG_ERR_BAD_CREDENTIALS:
        return "BAD_CREDENTIALS";
    case MSG_ERR_THROTTLED:
        return "THROTTLED";
    case MSG_ERR_NO_SUCH_ROOM:
        return "NO_SUCH_ROOM";
    case MSG_ERR_WRONG_PASSWORD:
        return "WRONG_PASSWORD";
    case MSG_ERR_NOT_PERMITTED:
        return "NOT_PERMITTED";
    case MSG_ERR_BANNED:
        return "BANNED";
    case MSG_ERR_MUTED:
        return "MUTED";
    case MSG_ERR_RATE_LIMITED:
        return "RATE_LIMITED";
    case MSG_ERR_TOO_LONG:
        return "TOO_LONG";
    case MSG_ERR_INVALID_NAME:
        return "INVALID_NAME";
    case MSG_ERR_INVALID_EMAIL:
        return "INVALID_EMAIL";
    case MSG_ERR_WEAK_PASSWORD:
        return "WEAK_PASSWORD";
    case MSG_ERR_NOT_IN_ROOM:
        return "NOT_IN_ROOM";
    case MSG_ERR_NO_SUCH_USER:
        return "NO_SUCH_USER";
    case MSG_ERR_ALREADY_EXISTS:
        return "ALREADY_EXISTS";
    case MSG_ERR_SERVER_FULL:
        return "SERVER_FULL";
    case MSG_ERR_INTERNAL:
        return "INTERNAL";
    case MSG_ERR_VERSION:
        return "VERSION";
    case MSG_ERR_BAD_TOKEN:
        return "BAD_TOKEN";
    case MSG_ERR_ALREADY_LOGGED_IN:
        return "ALREADY_LOGGED_IN";
    case MSG_ERR_GUESTS_DISABLED:
        return "GUESTS_DISABLED";
    case MSG_ERR_NO_SUCH_MESSAGE:
        return "NO_SUCH_MESSAGE";
    case MSG_ERR_INVALID_TEXT:
        return "INVALID_TEXT";
    case MSG_ERR_USER_OFFLINE:
        return "USER_OFFLINE";
    case MSG_ERR_IN_CALL:
        return "IN_CALL";
    case MSG_ERR_NO_CALL:
        return "NO_CALL";
    case MSG_ERR_BAD_NOTE:
        return "BAD_NOTE";
    case MSG_ERR_COUNT:
        break;
    }
    return "UNKNOWN";
}

const char *msg_err_str(msg_err err)
{
    switch (err) {
    case MSG_OK:
        return "Done.";
    case MSG_ERR_BAD_REQUEST:
        return "The server did not understand the request. Update the client, or report the bug.";
    case MSG_ERR_NOT_LOGGED_IN:
        return "You are not logged in. Log in, register, or join as a guest.";
    case MSG_ERR_NAME_TAKEN:
        return "That name is taken. Choose another one.";
    case MSG_ERR_BAD_CREDENTIALS:
        return "Wrong name or password. Check both and try again.";
    case MSG_ERR_THROTTLED:
        return "Too many failed logins. Wait a little before trying again.";
    case MSG_ERR_NO_SUCH_ROOM:
        return "There is no such room. List the rooms to see what exists.";
    case MSG_ERR_WRONG_PASSWORD:
        return "That room is private and the password is wrong. Ask its owner for it.";
    case MSG_ERR_NOT_PERMITTED:
        return "Your role does not allow that.";
    case MSG_ERR_BANNED:
        return "You are banned from this server. Ask an admin if you think this is a mistake.";
    case MSG_ERR_MUTED:
        return "You are muted in this room, so your message was not sent.";
    case MSG_ERR_RATE_LIMITED:
        return "You are sending too fast. Wait a moment, then try again.";
    case MSG_ERR_TOO_LONG:
        return "That is too long. Shorten it and send it again.";
    case MSG_ERR_INVALID_NAME:
        return "That name is not allowed. Choose a shorter name made of letters and digits.";
    case MSG_ERR_INVALID_EMAIL:
        return "That e-mail address does not look valid. Fix it, or leave it empty.";
    case MSG_ERR_WEAK_PASSWORD:
        return "The password is too weak. Use at least 8 characters.";
    case MSG_ERR_NOT_IN_ROOM:
        return "You are not in that room. Join it first.";
    case MSG_ERR_NO_SUCH_USER:
        return "There is no user with that name. Search to find the name.";
    case MSG_ERR_ALREADY_EXISTS:
        return "That already exists. Choose another name.";
    case MSG_ERR_SERVER_FULL:
        return "The server is full. Try again later.";
    case MSG_ERR_INTERNAL:
        return "The server hit an internal error. Try again; if it persists, tell its host.";
    case MSG_ERR_VERSION:
        return "This client and the server speak different protocol versions. Update the older "
               "one.";
    case MSG_ERR_BAD_TOKEN:
        return "The session could not be resumed. Log in again.";
    case MSG_ERR_ALREADY_LOGGED_IN:
        return "You are already logged in. Log out first.";
    case MSG_ERR_GUESTS_DISABLED:
        return "This server does not allow guests. Register an account or log in.";
    case MSG_ERR_NO_SUCH_MESSAGE:
        return "That message does not exist or is not yours, so it cannot be changed.";
    case MSG_ERR_INVALID_TEXT:
        return "The text is empty or holds characters that are not allowed. Fix it and resend.";
    case MSG_ERR_USER_OFFLINE:
        return "That user is not online, so the call cannot ring. Try again when they are.";
    case MSG_ERR_IN_CALL:
        return "You are already in a call (or one is ringing). Hang up first.";
    case MSG_ERR_NO_CALL:
        return "There is no such call. It may have ended already.";
    case MSG_ERR_BAD_NOTE:
        return "The voice note is damaged or not a Parley voice note, so it was not sent.";
    case MSG_ERR_COUNT:
        break;
    }
    return "Unknown error. Update the client.";
}

const char *msg_role_name(msg_role role)
{
    switch (role) {
    case MSG_ROLE_OWNER:
        return "owner";
    case MSG_ROLE_ADMIN:
        return "admin";
    case MSG_ROLE_MODERATOR:
        return "moderator";
    case MSG_ROLE_USER:
        return "user";
    case MSG_ROLE_GUEST:
        return "guest";
    case MSG_ROLE_COUNT:
        break;
    }
    return "unknown";
}

const char *msg_status_name(msg_status status)
{
    switch (status) {
    case MSG_STATUS_OFFLINE:
        return "offline";
    case MSG_STATUS_ONLINE:
        return "online";
    case MSG_STATUS_AWAY:
        return "away";
    case MSG_STATUS_BUSY:
        return "busy";
    case MSG_STATUS_INVISIBLE:
        return "invisible";
    case MSG_STATUS_COUNT:
        break;
    }
    return "unknown";
}

const char *msg_call_phase_name(msg_call_phase p)
{
    switch (p) {
    case MSG_CALL_RINGING:
        return "ringing";
    case MSG_CALL_ACTIVE:
        return "active";
    case MSG_CALL_RECONNECTING:
        return "reconnecting";
    case MSG_CALL_ENDED:
        return "ended";
    case MSG_CALL_PHASE_COUNT:
        break;
    }
    return "unknown";
}

const char *msg_call_reason_name(msg_call_reason r)
{
    switch (r) {
    case MSG_CALL_R_NONE:
        return "none";
    case MSG_CALL_R_DECLINED:
        return "declined";
    case MSG_CALL_R_BUSY:
        return "busy";
    case MSG_CALL_R_TIMEOUT:
        return "timeout";
    case MSG_CALL_R_HANGUP:
        return "hangup";
    case MSG_CALL_R_CONNECTION_LOST:
        return "connection_lost";
    case MSG_CALL_R_RESUMED:
        return "resumed";
    case MSG_CALL_R_ANSWERED_ELSEWHERE:
        return "answered_elsewhere";
    case MSG_CALL_R_LOGGED_OUT:
        return "logged_out";
    case MSG_CALL_R_COUNT:
        break;
    }
    return "unknown";
}
