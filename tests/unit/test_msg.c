/* Application messages: every type round-trips (typical values and filled to its limits),
 * measure agrees with encode, and malformed input of every kind is rejected.
 *
 * With PARLEY_MSG_SEEDS=DIR set, also writes each sample encoding to DIR as a fuzz seed:
 *   PARLEY_MSG_SEEDS=tests/fuzz/corpus/fuzz_msg build/test/tests/test_msg */
#include "msg.h"
#include "../test.h"

#include <stdlib.h>

static uint8_t test_buf[MSG_MAX_SIZE + 64];
static uint8_t test_buf2[MSG_MAX_SIZE + 64];
static msg test_a, test_b;

static uint64_t test_rng = 0x9e3779b97f4a7c15u;
static uint32_t test_rand(void)
{
    test_rng ^= test_rng << 13, test_rng ^= test_rng >> 7, test_rng ^= test_rng << 17;
    return (uint32_t)(test_rng >> 11);
}

/* Typical: copies text. Full: fills the field to its limit exactly, with 3-byte and 2-byte
 * UTF-8 sequences first so multi-byte text is covered at the boundary. */
static void test_fill(char *s, size_t cap, const char *text, bool full)
{
    if (!full) {
        snprintf(s, cap, "%s", text);
        return;
    }
    size_t max = cap - 1, n = 0;
    while (max - n >= 3 && n < 30) memcpy(s + n, "\xe2\x82\xac", 3), n += 3; /* € */
    while (max - n >= 2 && n < 60) memcpy(s + n, "\xc3\xa9", 2), n += 2;     /* é */
    while (n < max) s[n] = (char)('a' + n % 26), n++;
    s[n] = '\0';
}
#define FILL(field, text) test_fill((field), sizeof(field), (text), full)

static void test_room(msg_room_info *r, uint32_t i, bool full)
{
    r->room_id = full ? UINT32_MAX - i : 10 + i;
    r->owner_id = full ? UINT32_MAX : 7 * i;
    FILL(r->name, i % 2 ? "General" : "Spiele-Abend");
    FILL(r->topic, "Talk about anything; be nice ✓");
    r->is_private = i % 3 == 1;
    r->joined = i % 2 == 0;
    r->online = full ? UINT32_MAX : i * 3;
    r->total = full ? UINT32_MAX : i * 5 + 1000;
}

static void test_member(msg_member *m, uint32_t i, bool full)
{
    m->user_id = full ? UINT32_MAX - i : 100 + i * 131;
    FILL(m->name, i % 2 ? "zoë" : "bob_the_builder");
    m->role = full ? MSG_ROLE_GUEST : (msg_role)(i % MSG_ROLE_COUNT);
    m->status = full ? MSG_STATUS_BUSY : (msg_status)(i % 4);
    m->muted = i % 5 == 2;
    FILL(m->status_text, i % 3 ? "" : "in a meeting 📅");
}

/* Fills m with a sample of type t. False for a type this test does not know yet. */
static bool test_sample(msg *m, msg_type t, bool full)
{
    memset(m, 0, sizeof *m);
    m->type = t;
    uint32_t req = full ? UINT32_MAX : 77;
    uint32_t id = full ? UINT32_MAX : 4242;
    uint64_t big = full ? UINT64_MAX : 1234567890123u;
    switch (t) {
    case MSG_HELLO:
        m->hello.req = req;
        m->hello.version = full ? UINT32_MAX : MSG_PROTOCOL_VERSION;
        FILL(m->hello.client, "parley-cli 0.1.0 (linux x86_64)");
        return true;
    case MSG_SERVER_INFO:
        m->server_info.req = req;
        m->server_info.version = MSG_PROTOCOL_VERSION;
        FILL(m->server_info.name, "Kellerbar LAN");
        FILL(m->server_info.server_version, "0.1.0");
        m->server_info.users_online = full ? UINT32_MAX : 12;
        m->server_info.users_max = full ? UINT32_MAX : 5000;
        m->server_info.guests_allowed = true;
        m->server_info.register_allowed = !full;
        FILL(m->server_info.motd, "Welcome!\nBe excellent to each other.");
        return true;
    case MSG_REGISTER:
        m->register_.req = req;
        FILL(m->register_.name, "alice");
        FILL(m->register_.email, "alice@example.org");
        FILL(m->register_.password, "correct horse battery staple");
        return true;
    case MSG_LOGIN:
        m->login.req = req;
        FILL(m->login.name, "alice");
        FILL(m->login.password, "pässwörd123");
        return true;
    case MSG_GUEST:
        m->guest.req = req;
        FILL(m->guest.name, "visitor-7");
        return true;
    case MSG_RESUME:
        m->resume.req = req;
        for (unsigned i = 0; i < MSG_TOKEN_SIZE; i++) m->resume.token[i] = (uint8_t)(i * 37 + 1);
        return true;
    case MSG_LOGOUT:
        m->logout.req = req;
        return true;
    case MSG_SESSION:
        m->session.req = req;
        m->session.user_id = id;
        FILL(m->session.name, "alice");
        m->session.role = full ? MSG_ROLE_GUEST : MSG_ROLE_OWNER;
        m->session.status = full ? MSG_STATUS_INVISIBLE : MSG_STATUS_AWAY;
        m->session.resumed = true;
        for (unsigned i = 0; i < MSG_TOKEN_SIZE; i++) m->session.token[i] = (uint8_t)(255 - i);
        return true;
    case MSG_RESULT:
        m->result.req = req;
        m->result.err = full ? (msg_err)(MSG_ERR_COUNT - 1) : MSG_ERR_RATE_LIMITED;
        m->result.id = id;
        m->result.retry_after_ms = full ? MSG_RETRY_MAX_MS : 1500;
        FILL(m->result.text, "Slow down: 5 messages per second at most.");
        return true;
    case MSG_NOTICE:
        m->notice.kind = full ? (msg_notice_kind)(MSG_NOTICE_KIND_COUNT - 1) : MSG_NOTICE_MUTED;
        m->notice.room_id = id;
        FILL(m->notice.by, "mod_mia");
        m->notice.seconds = full ? MSG_SECONDS_MAX : 600;
        m->notice.retry_after_ms = full ? MSG_RETRY_MAX_MS : 0;
        FILL(m->notice.text, "Spamming links.");
        return true;
    case MSG_ROOM_LIST:
        m->room_list.req = req;
        return true;
    case MSG_ROOM_LIST_ITEMS:
        m->room_list_items.req = req;
        m->room_list_items.last = !full;
        m->room_list_items.count = full ? MSG_ROOMS_PER_MSG : 3;
        for (uint32_t i = 0; i < m->room_list_items.count; i++)
            test_room(&m->room_list_items.rooms[i], i, full);
        return true;
    case MSG_ROOM_CREATE:
        m->room_create.req = req;
        FILL(m->room_create.name, "Raid night");
        FILL(m->room_create.topic, "Thursdays 20:00");
        m->room_create.is_private = true;
        FILL(m->room_create.password, "sesame!");
        return true;
    case MSG_ROOM_JOIN:
        m->room_join.req = req;
        m->room_join.room_id = full ? UINT32_MAX : 0;
        FILL(m->room_join.name, "Raid night");
        FILL(m->room_join.password, "sesame!");
        return true;
    case MSG_ROOM_LEAVE:
        m->room_leave.req = req;
        m->room_leave.room_id = id;
        return true;
    case MSG_ROOM_DELETE:
        m->room_delete.req = req;
        m->room_delete.room_id = id;
        return true;
    case MSG_ROOM_UPDATE:
        m->room_update.req = req;
        m->room_update.room_id = id;
        FILL(m->room_update.topic, "New topic");
        m->room_update.is_private = !full;
        FILL(m->room_update.password, "");
        return true;
    case MSG_ROOM_EVENT:
        m->room_event.kind = full ? MSG_ROOM_EV_DELETED : MSG_ROOM_EV_UPDATED;
        test_room(&m->room_event.room, 3, full);
        m->room_event.room.joined = false;
        return true;
    case MSG_MEMBERS:
        m->members.req = req;
        m->members.room_id = id;
        return true;
    case MSG_MEMBER_LIST:
        m->member_list.req = req;
        m->member_list.room_id = id;
        m->member_list.last = true;
        m->member_list.count = full ? MSG_MEMBERS_PER_MSG : 4;
        for (uint32_t i = 0; i < m->member_list.count; i++)
            test_member(&m->member_list.members[i], i, full);
        return true;
    case MSG_MEMBER_EVENT:
        m->member_event.kind =
            full ? (msg_member_event_kind)(MSG_MEMBER_EV_COUNT - 1) : MSG_MEMBER_EV_MUTED;
        m->member_event.room_id = id;
        test_member(&m->member_event.member, 1, full);
        FILL(m->member_event.by, "mod_mia");
        m->member_event.seconds = full ? MSG_SECONDS_MAX : 300;
        FILL(m->member_event.reason, "Calm down for five minutes.");
        return true;
    case MSG_STATUS_SET:
        m->status_set.req = req;
        m->status_set.status = full ? MSG_STATUS_INVISIBLE : MSG_STATUS_BUSY;
        FILL(m->status_set.text, "Deep work until 3");
        return true;
    case MSG_PRESENCE:
        m->presence.user_id = id;
        FILL(m->presence.name, "zoë");
        m->presence.status = full ? MSG_STATUS_BUSY : MSG_STATUS_OFFLINE;
        FILL(m->presence.text, "");
        return true;
    case MSG_USER_SEARCH:
        m->user_search.req = req;
        FILL(m->user_search.query, "al");
        return true;
    case MSG_USER_SEARCH_RESULT:
        m->user_search_result.req = req;
        m->user_search_result.more = full;
        m->user_search_result.count = full ? MSG_SEARCH_MAX : 2;
        for (uint32_t i = 0; i < m->user_search_result.count; i++) {
            msg_user_info *u = &m->user_search_result.users[i];
            u->user_id = full ? UINT32_MAX - i : 5 + i;
            FILL(u->name, i ? "alfred" : "alice");
            u->role = full ? MSG_ROLE_GUEST : MSG_ROLE_USER;
            u->status = full ? MSG_STATUS_BUSY : MSG_STATUS_ONLINE;
        }
        return true;
    case MSG_CHAT_SEND:
        m->chat_send.room_id = id;
        m->chat_send.client_msg_id = big;
        FILL(m->chat_send.text, "hello, wörld! 👋");
        return true;
    case MSG_CHAT_DM:
        FILL(m->chat_dm.to, "bob");
        m->chat_dm.client_msg_id = big;
        FILL(m->chat_dm.text, "psst");
        return true;
    case MSG_CHAT_EDIT:
        m->chat_edit.client_msg_id = big;
        m->chat_edit.server_id = full ? UINT64_MAX : 99;
        FILL(m->chat_edit.text, "hello, world! (fixed)");
        return true;
    case MSG_CHAT_DELETE:
        m->chat_delete.client_msg_id = big;
        m->chat_delete.server_id = full ? UINT64_MAX : 99;
        return true;
    case MSG_CHAT_MESSAGE:
        m->chat_message.server_id = full ? UINT64_MAX : 99;
        m->chat_message.timestamp_ms = full ? UINT64_MAX : 1732262400123u;
        m->chat_message.client_msg_id = big;
        m->chat_message.room_id = full ? UINT32_MAX : 0;
        m->chat_message.sender_id = id;
        FILL(m->chat_message.sender, "alice");
        m->chat_message.to_id = full ? UINT32_MAX : 8;
        FILL(m->chat_message.to, "bob");
        m->chat_message.dm = true;
        m->chat_message.history = true;
        m->chat_message.edited = full;
        m->chat_message.deleted = full;
        FILL(m->chat_message.text, "see you at 8 🙂");
        m->chat_message.note_ms = full ? MSG_NOTE_MAX_MS : 0;
        return true;
    case MSG_CHAT_ACK:
        m->chat_ack.client_msg_id = big;
        m->chat_ack.err = full ? (msg_err)(MSG_ERR_COUNT - 1) : MSG_OK;
        m->chat_ack.server_id = full ? UINT64_MAX : 99;
        m->chat_ack.timestamp_ms = full ? UINT64_MAX : 1732262400123u;
        m->chat_ack.duplicate = true;
        m->chat_ack.retry_after_ms = full ? MSG_RETRY_MAX_MS : 0;
        return true;
    case MSG_HISTORY:
        m->history.req = req;
        m->history.room_id = id;
        m->history.peer_id = full ? UINT32_MAX : 0;
        m->history.before_id = full ? UINT64_MAX : 12345;
        m->history.count = full ? MSG_HISTORY_PAGE : 1;
        return true;
    case MSG_HISTORY_END:
        m->history_end.req = req;
        m->history_end.room_id = id;
        m->history_end.peer_id = full ? UINT32_MAX : 0;
        m->history_end.err = full ? (msg_err)(MSG_ERR_COUNT - 1) : MSG_ERR_NOT_IN_ROOM;
        m->history_end.more = true;
        return true;
    case MSG_TYPING:
        m->typing.room_id = id;
        m->typing.peer_id = full ? UINT32_MAX : 0;
        m->typing.user_id = full ? UINT32_MAX : 31;
        FILL(m->typing.name, "zoë");
        m->typing.on = true;
        return true;
    case MSG_KICK:
        m->kick.req = req;
        FILL(m->kick.name, "troll");
        m->kick.room_id = full ? UINT32_MAX : 0;
        FILL(m->kick.reason, "Out.");
        return true;
    case MSG_BAN:
        m->ban.req = req;
        FILL(m->ban.name, "troll");
        m->ban.seconds = full ? MSG_SECONDS_MAX : 86400;
        FILL(m->ban.reason, "Repeated spam.");
        return true;
    case MSG_UNBAN:
        m->unban.req = req;
        FILL(m->unban.name, "troll");
        return true;
    case MSG_MUTE:
        m->mute.req = req;
        FILL(m->mute.name, "loud");
        m->mute.room_id = id;
        m->mute.seconds = full ? MSG_SECONDS_MAX : 60;
        FILL(m->mute.reason, "Caps lock.");
        return true;
    case MSG_ROLE_SET:
        m->role_set.req = req;
        FILL(m->role_set.name, "mia");
        m->role_set.role = full ? MSG_ROLE_GUEST : MSG_ROLE_MODERATOR;
        return true;
    case MSG_VOICE_STATE:
        m->voice_state.req = req;
        m->voice_state.room_id = full ? UINT32_MAX : id;
        m->voice_state.deafened = full;
        return true;
    case MSG_CALL_START:
        m->call_start.req = req;
        FILL(m->call_start.name, "bob");
        return true;
    case MSG_CALL_ACCEPT:
    case MSG_CALL_DECLINE:
    case MSG_CALL_HANGUP: /* one shape: msg_call_request */
        m->call_accept.req = req;
        m->call_accept.call_id = full ? UINT32_MAX : 0;
        return true;
    case MSG_CALL_STATE:
        m->call_state.call_id = full ? UINT32_MAX : 1;
        m->call_state.peer_id = full ? UINT32_MAX : 7;
        FILL(m->call_state.peer, "alice");
        m->call_state.state = full ? (msg_call_phase)(MSG_CALL_PHASE_COUNT - 1) : MSG_CALL_RINGING;
        m->call_state.reason = full ? (msg_call_reason)(MSG_CALL_R_COUNT - 1) : MSG_CALL_R_NONE;
        m->call_state.outgoing = full;
        m->call_state.by_peer = full;
        return true;
    case MSG_NOTE_SEND:
        m->note_send.client_msg_id = big;
        m->note_send.room_id = full ? UINT32_MAX : 0;
        FILL(m->note_send.to, "bob");
        m->note_send.total = full ? MSG_NOTE_MAX_BYTES : 20;
        m->note_send.offset = full ? MSG_NOTE_MAX_BYTES - MSG_NOTE_CHUNK : 4;
        m->note_send.len = full ? MSG_NOTE_CHUNK : 16;
        for (uint32_t i = 0; i < m->note_send.len; i++) m->note_send.data[i] = (uint8_t)(i * 31);
        return true;
    case MSG_NOTE_FETCH:
        m->note_fetch.req = id;
        m->note_fetch.server_id = full ? UINT64_MAX : 17;
        return true;
    case MSG_NOTE_DATA:
        m->note_data.req = id;
        m->note_data.server_id = full ? UINT64_MAX : 17;
        m->note_data.err = full ? (msg_err)(MSG_ERR_COUNT - 1) : MSG_OK;
        m->note_data.duration_ms = full ? MSG_NOTE_MAX_MS : 12300;
        m->note_data.total = full ? MSG_NOTE_MAX_BYTES : 3;
        m->note_data.offset = full ? MSG_NOTE_MAX_BYTES - MSG_NOTE_CHUNK : 0;
        m->note_data.len = full ? MSG_NOTE_CHUNK : 3;
        for (uint32_t i = 0; i < m->note_data.len; i++) m->note_data.data[i] = (uint8_t)(i + 1);
        return true;
    case MSG_NONE:
        break;
    }
    return false;
}

/* Encodes m, checks measure, and returns the length (0 on failure). */
static size_t test_encode(const msg *m, uint8_t *buf)
{
    size_t len = 0;
    if (!msg_encode(m, buf, MSG_MAX_SIZE, &len)) return 0;
    CHECK_EQ(msg_measure(m), len);
    return len;
}

/* Decoding `len` bytes that decode must be canonical: they re-encode to the same bytes. */
static bool test_decode_canonical(const uint8_t *data, size_t len, bits_error *why)
{
    if (!msg_decode(data, len, &test_b, why)) {
        CHECK_EQ(test_b.type, MSG_NONE);
        return false;
    }
    size_t len2 = test_encode(&test_b, test_buf2);
    CHECK_EQ(len2, len);
    CHECK(len2 == len && memcmp(test_buf2, data, len) == 0);
    return true;
}

static void test_write_seed(msg_type t, int variant, const uint8_t *data, size_t len)
{
    const char *dir = getenv("PARLEY_MSG_SEEDS");
    if (!dir || len > 4096) return; /* tests/run.sh fuzzes with -max_len=4096 */
    char path[512];
    snprintf(path, sizeof path, "%s/%s-%d.bin", dir, msg_type_name(t), variant);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f) return;
    CHECK_EQ(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void test_round_trip_every_type(void)
{
    int known = 0;
    for (unsigned t = 0; t < 256; t++) {
        if (!msg_type_known((msg_type)t)) continue;
        known++;
        CHECK(strcmp(msg_type_name((msg_type)t), "UNKNOWN") != 0);
        CHECK(msg_channel((msg_type)t) == MSG_CH_CONTROL ||
              msg_channel((msg_type)t) == MSG_CH_CHAT || msg_channel((msg_type)t) == MSG_CH_BULK);
        CHECK(msg_senders((msg_type)t) != 0);
        for (int full = 0; full <= 1; full++) {
            bool have = test_sample(&test_a, (msg_type)t, full);
            if (!have) fprintf(stderr, "  no sample for %s\n", msg_type_name((msg_type)t));
            CHECK(have);
            size_t len = test_encode(&test_a, test_buf);
            if (!len) fprintf(stderr, "  %s (full=%d) did not encode\n", msg_type_name(t), full);
            CHECK(len > 0);
            CHECK(len <= MSG_MAX_SIZE);
            CHECK_EQ(test_buf[0], t);
            bits_error why = BITS_ERR_RANGE;
            CHECK(msg_decode(test_buf, len, &test_b, &why));
            CHECK_EQ(why, BITS_OK);
            CHECK_EQ(test_b.type, t);
            if (memcmp(&test_a, &test_b, sizeof test_a) != 0) {
                fprintf(stderr, "  %s (full=%d) read back differently\n", msg_type_name(t), full);
                CHECK(0);
            }
            size_t len2 = test_encode(&test_b, test_buf2);
            CHECK(len2 == len && memcmp(test_buf, test_buf2, len) == 0);
            /* one byte short of room: refused, and *len left alone */
            size_t untouched = 12345;
            CHECK(!msg_encode(&test_a, test_buf2, len - 1, &untouched));
            CHECK_EQ(untouched, 12345);
            test_write_seed((msg_type)t, full, test_buf, len);
        }
    }
    CHECK_EQ(known, 48);
}

static void test_wire_example(void)
{
    /* Pins the layout: CHAT_SEND room 5, client_msg_id 300, "hi". */
    static const uint8_t want[] = {0x30, 0x0a, 0x59, 0x04, 0x02, 0x00, 'h', 'i'};
    msg m = {.type = MSG_CHAT_SEND, .chat_send = {.room_id = 5, .client_msg_id = 300}};
    strcpy(m.chat_send.text, "hi");
    uint8_t buf[32];
    size_t len = 0;
    CHECK(msg_encode(&m, buf, sizeof buf, &len));
    CHECK_EQ(len, sizeof want);
    CHECK(memcmp(buf, want, sizeof want) == 0);
}

static void test_const_message(void)
{
    /* Encoding and measuring only read the message, even one in read-only memory. */
    static const msg k = {.type = MSG_LOGOUT, .logout = {.req = 7}};
    uint8_t buf[8];
    size_t len = 0;
    CHECK(msg_encode(&k, buf, sizeof buf, &len));
    CHECK_EQ(len, 2);
    CHECK_EQ(msg_measure(&k), 2);
}

static void test_truncated_every_length(void)
{
    for (unsigned t = 0; t < 256; t++) {
        if (!msg_type_known((msg_type)t)) continue;
        for (int full = 0; full <= 1; full++) {
            test_sample(&test_a, (msg_type)t, full);
            size_t len = test_encode(&test_a, test_buf);
            int accepted = 0, wrong_error = 0;
            for (size_t n = 0; n < len; n++) {
                bits_error why = BITS_OK;
                if (msg_decode(test_buf, n, &test_b, &why))
                    accepted++;
                else if (why != BITS_ERR_OVERFLOW)
                    wrong_error++;
            }
            if (accepted)
                fprintf(stderr, "  %s: %d truncations accepted\n", msg_type_name(t), accepted);
            CHECK_EQ(accepted, 0);
            CHECK_EQ(wrong_error, 0);
        }
    }
}

static void test_trailing_bytes(void)
{
    for (unsigned t = 0; t < 256; t++) {
        if (!msg_type_known((msg_type)t)) continue;
        test_sample(&test_a, (msg_type)t, false);
        size_t len = test_encode(&test_a, test_buf);
        bits_error why = BITS_OK;
        test_buf[len] = 0;
        CHECK(!msg_decode(test_buf, len + 1, &test_b, &why));
        CHECK_EQ(why, BITS_ERR_NONCANON);
        test_buf[len] = 0xff;
        CHECK(!msg_decode(test_buf, len + 1, &test_b, &why));
        CHECK_EQ(why, BITS_ERR_NONCANON);
    }
}

static void test_unknown_types(void)
{
    int unknown = 0;
    for (unsigned t = 0; t < 256; t++) {
        if (msg_type_known((msg_type)t)) continue;
        unknown++;
        CHECK_STR(msg_type_name((msg_type)t), "UNKNOWN");
        CHECK_EQ(msg_channel((msg_type)t), -1);
        CHECK_EQ(msg_senders((msg_type)t), 0);
        uint8_t buf[4] = {(uint8_t)t, 0, 0, 0};
        for (size_t n = 1; n <= sizeof buf; n++) {
            bits_error why = BITS_OK;
            CHECK(!msg_decode(buf, n, &test_b, &why));
            CHECK_EQ(why, BITS_ERR_RANGE);
        }
        /* nor does a sender get to write one */
        msg m = {.type = (msg_type)t};
        size_t len = 0;
        CHECK(!msg_encode(&m, buf, sizeof buf, &len));
        CHECK_EQ(msg_measure(&m), 0);
    }
    CHECK_EQ(unknown, 256 - 48);
    msg wide = {.type = (msg_type)(MSG_LOGOUT + 256)}; /* not a type byte at all */
    size_t len = 0;
    uint8_t buf[8];
    CHECK(!msg_encode(&wide, buf, sizeof buf, &len));
    CHECK_STR(msg_type_name(wide.type), "UNKNOWN");
    /* reserved ranges stay free for voice, video and files */
    for (unsigned t = 86; t <= 95; t++) CHECK(!msg_type_known((msg_type)t)); /* calls' spare */
    for (unsigned t = 112; t <= 143; t++) CHECK(!msg_type_known((msg_type)t));
    bits_error why = BITS_OK;
    CHECK(!msg_decode(NULL, 0, &test_b, &why));
    CHECK_EQ(why, BITS_ERR_OVERFLOW);
}

/* Starts a hand-made encoding: type byte and a request id. */
static void test_craft(bits *w, uint8_t *buf, size_t cap, msg_type t, bool with_req)
{
    bits_write_init(w, buf, cap);
    uint32_t type = (uint32_t)t;
    bits_raw(w, &type, 8);
    if (with_req) {
        uint64_t req = 1;
        bits_varint(w, &req);
    }
}

/* Hand-made encodings with one raw field, so a test can show that the last valid value is
 * accepted and the next one is rejected. */
static size_t test_craft_role_set(uint8_t *buf, size_t cap, uint32_t role)
{
    bits w;
    test_craft(&w, buf, cap, MSG_ROLE_SET, true);
    char name[MSG_NAME_MAX + 1] = "bob";
    bits_string(&w, name, sizeof name, MSG_NAME_MAX);
    bits_raw(&w, &role, bits_width(MSG_ROLE_COUNT - 1));
    bits_end(&w);
    return bits_bytes_used(&w);
}

static size_t test_craft_result(uint8_t *buf, size_t cap, uint32_t err, uint64_t retry)
{
    bits w;
    test_craft(&w, buf, cap, MSG_RESULT, true);
    bits_raw(&w, &err, bits_width(MSG_ERR_COUNT - 1));
    uint64_t id = 0;
    bits_varint(&w, &id);
    bits_varint(&w, &retry);
    char text[MSG_ERROR_TEXT_MAX + 1] = "";
    bits_string(&w, text, sizeof text, MSG_ERROR_TEXT_MAX);
    bits_end(&w);
    return bits_bytes_used(&w);
}

static size_t test_craft_history(uint8_t *buf, size_t cap, uint32_t count_minus_1)
{
    bits w;
    test_craft(&w, buf, cap, MSG_HISTORY, true);
    uint64_t zero = 0;
    for (int i = 0; i < 3; i++) bits_varint(&w, &zero); /* room, peer, before */
    bits_raw(&w, &count_minus_1, bits_width(MSG_HISTORY_PAGE - 1));
    bits_end(&w);
    return bits_bytes_used(&w);
}

static size_t test_craft_room_list(uint8_t *buf, size_t cap, uint32_t count)
{
    bits w;
    test_craft(&w, buf, cap, MSG_ROOM_LIST_ITEMS, true);
    bool last = true;
    bits_bool(&w, &last);
    bits_raw(&w, &count, bits_width(MSG_ROOMS_PER_MSG));
    msg_room_info r;
    memset(&r, 0, sizeof r);
    for (uint32_t i = 0; i < count; i++) {
        uint64_t zero = 0;
        bits_varint(&w, &zero); /* room_id */
        bits_varint(&w, &zero); /* owner_id */
        bits_string(&w, r.name, sizeof r.name, MSG_ROOM_NAME_MAX);
        bits_string(&w, r.topic, sizeof r.topic, MSG_TOPIC_MAX);
        bits_bool(&w, &r.is_private);
        bits_bool(&w, &r.joined);
        bits_varint(&w, &zero); /* online */
        bits_varint(&w, &zero); /* total */
    }
    bits_end(&w);
    return bits_bytes_used(&w);
}

static size_t test_craft_room_leave(uint8_t *buf, size_t cap, uint64_t room)
{
    bits w;
    test_craft(&w, buf, cap, MSG_ROOM_LEAVE, true);
    bits_varint(&w, &room);
    bits_end(&w);
    return bits_bytes_used(&w);
}

static bits_error test_why(const uint8_t *buf, size_t len)
{
    bits_error why = BITS_OK;
    msg_decode(buf, len, &test_b, &why);
    return why;
}

static void test_out_of_range(void)
{
    static uint8_t buf[MSG_MAX_SIZE];
    size_t cap = sizeof buf;
    /* role: guest is the last; 5..7 fit the 3 bits but are no role */
    CHECK_EQ(test_why(buf, test_craft_role_set(buf, cap, MSG_ROLE_GUEST)), BITS_OK);
    for (uint32_t bad = MSG_ROLE_COUNT; bad < 8; bad++)
        CHECK_EQ(test_why(buf, test_craft_role_set(buf, cap, bad)), BITS_ERR_RANGE);
    /* an error code past the last */
    CHECK_EQ(test_why(buf, test_craft_result(buf, cap, MSG_ERR_COUNT - 1, 0)), BITS_OK);
    CHECK_EQ(test_why(buf, test_craft_result(buf, cap, MSG_ERR_COUNT, 0)), BITS_ERR_RANGE);
    /* a retry-after past its maximum */
    CHECK_EQ(test_why(buf, test_craft_result(buf, cap, MSG_ERR_RATE_LIMITED, MSG_RETRY_MAX_MS)),
             BITS_OK);
    CHECK_EQ(
        test_why(buf, test_craft_result(buf, cap, MSG_ERR_RATE_LIMITED, MSG_RETRY_MAX_MS + 1u)),
        BITS_ERR_RANGE);
    /* a history page of 51 (stored as count - 1; a page of 0 has no encoding) */
    CHECK_EQ(test_why(buf, test_craft_history(buf, cap, MSG_HISTORY_PAGE - 1)), BITS_OK);
    CHECK_EQ(test_why(buf, test_craft_history(buf, cap, MSG_HISTORY_PAGE)), BITS_ERR_RANGE);
    /* a room list of 51 entries */
    CHECK_EQ(test_why(buf, test_craft_room_list(buf, cap, MSG_ROOMS_PER_MSG)), BITS_OK);
    CHECK_EQ(test_why(buf, test_craft_room_list(buf, cap, MSG_ROOMS_PER_MSG + 1)), BITS_ERR_RANGE);
    /* a room id above 2^32-1 */
    CHECK_EQ(test_why(buf, test_craft_room_leave(buf, cap, UINT32_MAX)), BITS_OK);
    CHECK_EQ(test_why(buf, test_craft_room_leave(buf, cap, (uint64_t)UINT32_MAX + 1)),
             BITS_ERR_RANGE);
    /* senders get the same checks */
    msg m;
    size_t len;
    test_sample(&m, MSG_ROLE_SET, false);
    m.role_set.role = MSG_ROLE_COUNT;
    CHECK(!msg_encode(&m, buf, sizeof buf, &len));
    test_sample(&m, MSG_HISTORY, false);
    m.history.count = 0;
    CHECK(!msg_encode(&m, buf, sizeof buf, &len));
    m.history.count = MSG_HISTORY_PAGE + 1;
    CHECK(!msg_encode(&m, buf, sizeof buf, &len));
    test_sample(&m, MSG_MEMBER_LIST, false);
    m.member_list.count = MSG_MEMBERS_PER_MSG + 1;
    CHECK(!msg_encode(&m, buf, sizeof buf, &len));
    CHECK_EQ(msg_measure(&m), 0);
    test_sample(&m, MSG_BAN, false);
    m.ban.seconds = MSG_SECONDS_MAX + 1;
    CHECK(!msg_encode(&m, buf, sizeof buf, &len));
    test_sample(&m, MSG_NOTICE, false);
    m.notice.kind = MSG_NOTICE_KIND_COUNT;
    CHECK(!msg_encode(&m, buf, sizeof buf, &len));
}

static void test_invisible_never_seen(void)
{
    /* Invisible is a status a user sets and is told about; others only see offline. */
    uint8_t buf[256];
    size_t len;
    msg m;
    test_sample(&m, MSG_PRESENCE, false);
    m.presence.status = MSG_STATUS_INVISIBLE;
    CHECK(!msg_encode(&m, buf, sizeof buf, &len));
    test_sample(&m, MSG_MEMBER_EVENT, false);
    m.member_event.member.status = MSG_STATUS_INVISIBLE;
    CHECK(!msg_encode(&m, buf, sizeof buf, &len));
    test_sample(&m, MSG_USER_SEARCH_RESULT, false);
    m.user_search_result.users[1].status = MSG_STATUS_INVISIBLE;
    CHECK(!msg_encode(&m, buf, sizeof buf, &len));
    test_sample(&m, MSG_STATUS_SET, false);
    m.status_set.status = MSG_STATUS_OFFLINE; /* a user goes offline by leaving */
    CHECK(!msg_encode(&m, buf, sizeof buf, &len));
    m.status_set.status = MSG_STATUS_INVISIBLE;
    CHECK(msg_encode(&m, buf, sizeof buf, &len));
    /* on the wire, PRESENCE's status u[0..3] has no code for invisible at all */
    bits w;
    test_craft(&w, buf, sizeof buf, MSG_PRESENCE, false);
    uint64_t uid = 9;
    bits_varint(&w, &uid);
    char name[MSG_NAME_MAX + 1] = "zoë", text[MSG_STATUS_TEXT_MAX + 1] = "";
    bits_string(&w, name, sizeof name, MSG_NAME_MAX);
    uint32_t st = MSG_STATUS_BUSY;
    bits_raw(&w, &st, 2);
    bits_string(&w, text, sizeof text, MSG_STATUS_TEXT_MAX);
    bits_end(&w);
    CHECK(msg_decode(buf, bits_bytes_used(&w), &m, NULL));
    CHECK_EQ(m.presence.status, MSG_STATUS_BUSY);
}

static void test_overlong_strings(void)
{
    static uint8_t buf[MSG_MAX_SIZE], text[MSG_TEXT_MAX + 1];
    memset(text, 'a', sizeof text);
    /* a chat text of MSG_TEXT_MAX bytes reads, one of MSG_TEXT_MAX + 1 does not */
    for (uint32_t n = MSG_TEXT_MAX; n <= MSG_TEXT_MAX + 1; n++) {
        bits w;
        test_craft(&w, buf, sizeof buf, MSG_CHAT_SEND, false);
        uint64_t v = 1;
        bits_varint(&w, &v);
        bits_varint(&w, &v);
        bits_raw(&w, &n, bits_width(MSG_TEXT_MAX));
        bits_bytes(&w, text, n);
        bits_end(&w);
        CHECK(bits_ok(&w));
        CHECK_EQ(test_why(buf, bits_bytes_used(&w)), n > MSG_TEXT_MAX ? BITS_ERR_RANGE : BITS_OK);
    }
    /* the same for a user name */
    for (uint32_t n = MSG_NAME_MAX; n <= MSG_NAME_MAX + 1; n++) {
        bits w;
        test_craft(&w, buf, sizeof buf, MSG_GUEST, true);
        bits_raw(&w, &n, bits_width(MSG_NAME_MAX));
        bits_bytes(&w, text, n);
        bits_end(&w);
        CHECK(bits_ok(&w));
        CHECK_EQ(test_why(buf, bits_bytes_used(&w)), n > MSG_NAME_MAX ? BITS_ERR_RANGE : BITS_OK);
    }
    /* a sender whose string does not end inside its field is refused, not over-read */
    msg m;
    size_t len;
    test_sample(&m, MSG_GUEST, false);
    memset(m.guest.name, 'x', sizeof m.guest.name);
    CHECK(!msg_encode(&m, buf, sizeof buf, &len));
    CHECK_EQ(msg_measure(&m), 0);
}

static void test_invalid_utf8(void)
{
    static const char *bad[] = {
        "\xff",             /* never valid */
        "\xc0\xaf",         /* overlong '/' */
        "\xed\xa0\x80",     /* surrogate */
        "\xe2\x82",         /* cut short */
        "\xf4\x90\x80\x80", /* past U+10FFFF */
        "\x80",             /* lone continuation */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        msg m;
        size_t len;
        uint8_t buf[256];
        /* a sender cannot write it */
        test_sample(&m, MSG_CHAT_SEND, false);
        snprintf(m.chat_send.text, sizeof m.chat_send.text, "ok %s ok", bad[i]);
        CHECK(!msg_encode(&m, buf, sizeof buf, &len));
        /* and a reader rejects it when patched into a valid encoding */
        strcpy(m.chat_send.text, "ok ____ ok");
        CHECK(msg_encode(&m, buf, sizeof buf, &len));
        uint8_t *at = memchr(buf, '_', len);
        CHECK(at != NULL);
        if (!at) continue;
        size_t blen = strlen(bad[i]);
        memcpy(at, bad[i], blen);
        memset(at + blen, 'o', 4 - blen); /* keep the length */
        bits_error why = BITS_OK;
        CHECK(!msg_decode(buf, len, &test_b, &why));
        CHECK_EQ(why, BITS_ERR_UTF8);
    }
    /* an embedded NUL */
    msg m;
    size_t len;
    uint8_t buf[256];
    test_sample(&m, MSG_LOGIN, false);
    strcpy(m.login.name, "a_b");
    CHECK(msg_encode(&m, buf, sizeof buf, &len));
    uint8_t *at = memchr(buf, '_', len);
    CHECK(at != NULL);
    if (at) *at = 0;
    bits_error why = BITS_OK;
    CHECK(!msg_decode(buf, len, &test_b, &why));
    CHECK_EQ(why, BITS_ERR_UTF8);
}

static void test_noncanonical(void)
{
    /* LOGOUT with req 1 as two varint groups */
    uint8_t overlong[] = {MSG_LOGOUT, 0x03, 0x00};
    bits_error why = BITS_OK;
    CHECK(!msg_decode(overlong, sizeof overlong, &test_b, &why));
    CHECK_EQ(why, BITS_ERR_NONCANON);
    uint8_t canonical[] = {MSG_LOGOUT, 0x02};
    CHECK(msg_decode(canonical, sizeof canonical, &test_b, &why));
    CHECK_EQ(test_b.logout.req, 1);
    /* HISTORY_END ends 2 bits short of a byte; those padding bits must be zero */
    msg m = {.type = MSG_HISTORY_END, .history_end = {.req = 1, .room_id = 2}};
    uint8_t buf[16];
    size_t len = 0;
    CHECK(msg_encode(&m, buf, sizeof buf, &len));
    CHECK(msg_decode(buf, len, &test_b, NULL));
    buf[len - 1] |= 0x80;
    CHECK(!msg_decode(buf, len, &test_b, &why));
    CHECK_EQ(why, BITS_ERR_NONCANON);
    /* non-zero padding before a string's bytes */
    m = (msg){.type = MSG_GUEST, .guest = {.req = 1}};
    strcpy(m.guest.name, "ann");
    CHECK(msg_encode(&m, buf, sizeof buf, &len));
    CHECK_EQ(len, 6); /* type, req, 6-bit length + 2 padding bits, "ann" */
    buf[2] |= 0x40;
    CHECK(!msg_decode(buf, len, &test_b, &why));
    CHECK_EQ(why, BITS_ERR_NONCANON);
}

static void test_too_big(void)
{
    static uint8_t big[MSG_MAX_SIZE + 1];
    big[0] = MSG_LOGOUT;
    bits_error why = BITS_OK;
    CHECK(!msg_decode(big, sizeof big, &test_b, &why));
    CHECK_EQ(why, BITS_ERR_OVERFLOW);
}

static void test_random_bytes(void)
{
    /* Random input never crashes, and whatever decodes is canonical. A known type byte
     * most of the time, to get past the first check. */
    static const msg_type some[] = {MSG_LOGOUT,      MSG_ROOM_LEAVE, MSG_CHAT_DELETE, MSG_CHAT_ACK,
                                    MSG_HISTORY_END, MSG_TYPING,     MSG_RESUME,      MSG_PRESENCE,
                                    MSG_MEMBER_LIST, MSG_ROOM_EVENT, MSG_NOTICE,      MSG_SESSION};
    int accepted = 0;
    uint8_t buf[96];
    for (int i = 0; i < 200000; i++) {
        size_t n = test_rand() % sizeof buf;
        for (size_t k = 0; k < n; k++) buf[k] = (uint8_t)test_rand();
        if (n && test_rand() % 4)
            buf[0] = (uint8_t)some[test_rand() % (sizeof some / sizeof *some)];
        if (test_decode_canonical(buf, n, NULL)) accepted++;
    }
    CHECK(accepted > 0);
}

static void test_mutations(void)
{
    /* Valid encodings with bits flipped, bytes cut or inserted. */
    int accepted = 0;
    for (unsigned t = 0; t < 256; t++) {
        if (!msg_type_known((msg_type)t)) continue;
        test_sample(&test_a, (msg_type)t, false);
        size_t len = test_encode(&test_a, test_buf);
        static uint8_t mut[MSG_MAX_SIZE + 64];
        for (int i = 0; i < 2000; i++) {
            memcpy(mut, test_buf, len);
            size_t n = len;
            switch (test_rand() % 4) {
            case 0:
                mut[test_rand() % n] ^= (uint8_t)(1u << (test_rand() % 8));
                break;
            case 1:
                for (int k = 0; k < 3; k++) mut[test_rand() % n] = (uint8_t)test_rand();
                break;
            case 2:
                n = test_rand() % n;
                break;
            default: {
                size_t at = test_rand() % n;
                memmove(mut + at + 1, mut + at, n - at);
                mut[at] = (uint8_t)test_rand();
                n++;
            }
            }
            if (test_decode_canonical(mut, n, NULL)) accepted++;
        }
    }
    CHECK(accepted > 0);
}

static void test_names(void)
{
    for (int e = 0; e < MSG_ERR_COUNT; e++) {
        CHECK(strcmp(msg_err_name((msg_err)e), "UNKNOWN") != 0);
        CHECK(strlen(msg_err_str((msg_err)e)) > 3);
        for (int f = 0; f < e; f++) {
            CHECK(strcmp(msg_err_name((msg_err)e), msg_err_name((msg_err)f)) != 0);
            CHECK(strcmp(msg_err_str((msg_err)e), msg_err_str((msg_err)f)) != 0);
        }
    }
    CHECK_STR(msg_err_name(MSG_ERR_COUNT), "UNKNOWN");
    CHECK(strlen(msg_err_str(MSG_ERR_COUNT)) > 3);
    CHECK_STR(msg_role_name(MSG_ROLE_COUNT), "unknown");
    CHECK_STR(msg_status_name(MSG_STATUS_COUNT), "unknown");
    CHECK_STR(msg_err_name(MSG_ERR_NAME_TAKEN), "NAME_TAKEN");
    for (int r = 0; r < MSG_ROLE_COUNT; r++)
        CHECK(strcmp(msg_role_name((msg_role)r), "unknown") != 0);
    for (int s = 0; s < MSG_STATUS_COUNT; s++)
        CHECK(strcmp(msg_status_name((msg_status)s), "unknown") != 0);
    CHECK_STR(msg_role_name(MSG_ROLE_MODERATOR), "moderator");
    CHECK_STR(msg_status_name(MSG_STATUS_INVISIBLE), "invisible");
    CHECK_STR(msg_type_name(MSG_CHAT_SEND), "CHAT_SEND");
    CHECK_EQ(msg_channel(MSG_CHAT_MESSAGE), MSG_CH_CHAT);
    CHECK_EQ(msg_channel(MSG_HISTORY_END), MSG_CH_CHAT);
    CHECK_EQ(msg_channel(MSG_RESULT), MSG_CH_CONTROL);
    CHECK_EQ(msg_senders(MSG_TYPING), MSG_FROM_CLIENT | MSG_FROM_SERVER);
    CHECK_EQ(msg_senders(MSG_SESSION), MSG_FROM_SERVER);
    CHECK_EQ(msg_senders(MSG_LOGIN), MSG_FROM_CLIENT);
    int n = 0;
    for (unsigned t = 0; t < 256; t++) n += msg_type_known((msg_type)t);
    CHECK_EQ(n, 48);
}

/* Voice notes: a chunk stays inside its note, limits hold, and the channel is bulk. */
static void test_note_messages(void)
{
    CHECK_EQ(msg_channel(MSG_NOTE_SEND), MSG_CH_BULK);
    CHECK_EQ(msg_channel(MSG_NOTE_DATA), MSG_CH_BULK);
    CHECK_EQ(msg_senders(MSG_NOTE_FETCH), MSG_FROM_CLIENT);
    CHECK_EQ(msg_senders(MSG_NOTE_DATA), MSG_FROM_SERVER);
    CHECK_STR(msg_err_name(MSG_ERR_BAD_NOTE), "BAD_NOTE");
    for (unsigned t = 99; t <= 111; t++) CHECK(!msg_type_known((msg_type)t)); /* notes' spare */
    static msg m;
    memset(&m, 0, sizeof m);
    m.type = MSG_NOTE_SEND;
    m.note_send.room_id = 1;
    m.note_send.total = 10;
    m.note_send.offset = 8;
    m.note_send.len = 3; /* past the end of the note */
    size_t len = 0;
    CHECK(!msg_encode(&m, test_buf, MSG_MAX_SIZE, &len));
    m.note_send.len = 2;
    CHECK(msg_encode(&m, test_buf, MSG_MAX_SIZE, &len));
    static msg back;
    CHECK(msg_decode(test_buf, len, &back, NULL) && back.note_send.len == 2);
    m.note_send.len = MSG_NOTE_CHUNK + 1; /* over a chunk */
    m.note_send.total = MSG_NOTE_MAX_BYTES;
    CHECK(!msg_encode(&m, test_buf, MSG_MAX_SIZE, &len));
    m.note_send.len = 0;
    m.note_send.total = MSG_NOTE_MAX_BYTES + 1; /* over a note */
    CHECK(!msg_encode(&m, test_buf, MSG_MAX_SIZE, &len));
    /* the largest chunk fits a message */
    m.note_send.total = MSG_NOTE_MAX_BYTES;
    m.note_send.len = MSG_NOTE_CHUNK;
    CHECK(msg_measure(&m) > MSG_NOTE_CHUNK && msg_measure(&m) <= MSG_MAX_SIZE);
}

/* 1:1 calls: names, directions, and the enum ranges on the wire. */
static void test_call_messages(void)
{
    for (int p = 0; p < MSG_CALL_PHASE_COUNT; p++)
        CHECK(strcmp(msg_call_phase_name((msg_call_phase)p), "unknown") != 0);
    for (int r = 0; r < MSG_CALL_R_COUNT; r++)
        CHECK(strcmp(msg_call_reason_name((msg_call_reason)r), "unknown") != 0);
    CHECK_STR(msg_call_phase_name(MSG_CALL_PHASE_COUNT), "unknown");
    CHECK_STR(msg_call_reason_name(MSG_CALL_R_COUNT), "unknown");
    CHECK_STR(msg_call_reason_name(MSG_CALL_R_CONNECTION_LOST), "connection_lost");
    CHECK_EQ(msg_senders(MSG_CALL_START), MSG_FROM_CLIENT);
    CHECK_EQ(msg_senders(MSG_CALL_HANGUP), MSG_FROM_CLIENT);
    CHECK_EQ(msg_senders(MSG_CALL_STATE), MSG_FROM_SERVER);
    CHECK_EQ(msg_channel(MSG_CALL_STATE), MSG_CH_CONTROL);
    /* an out-of-range state or reason is refused when writing */
    msg m = {.type = MSG_CALL_STATE};
    m.call_state.state = MSG_CALL_PHASE_COUNT;
    size_t len = 0;
    CHECK(!msg_encode(&m, test_buf, MSG_MAX_SIZE, &len));
    m.call_state.state = MSG_CALL_ENDED;
    m.call_state.reason = MSG_CALL_R_COUNT;
    CHECK(!msg_encode(&m, test_buf, MSG_MAX_SIZE, &len));
    m.call_state.reason = MSG_CALL_R_BUSY;
    CHECK(msg_encode(&m, test_buf, MSG_MAX_SIZE, &len));
    /* CALL_START {req 1, "bo"}: type 81, v32 1 (continuation bit first), length 2 in 6 bits
     * + 2 zero bits, "bo" */
    msg c = {.type = MSG_CALL_START};
    c.call_start.req = 1;
    memcpy(c.call_start.name, "bo", 3);
    static const uint8_t want[] = {81, 0x02, 2, 'b', 'o'};
    CHECK(msg_encode(&c, test_buf, MSG_MAX_SIZE, &len));
    CHECK(len == sizeof want && memcmp(test_buf, want, len) == 0);
}

int main(void)
{
    TEST_RUN(test_round_trip_every_type);
    TEST_RUN(test_wire_example);
    TEST_RUN(test_const_message);
    TEST_RUN(test_truncated_every_length);
    TEST_RUN(test_trailing_bytes);
    TEST_RUN(test_unknown_types);
    TEST_RUN(test_out_of_range);
    TEST_RUN(test_invisible_never_seen);
    TEST_RUN(test_overlong_strings);
    TEST_RUN(test_invalid_utf8);
    TEST_RUN(test_noncanonical);
    TEST_RUN(test_too_big);
    TEST_RUN(test_random_bytes);
    TEST_RUN(test_mutations);
    TEST_RUN(test_names);
    TEST_RUN(test_call_messages);
    TEST_RUN(test_note_messages);
    return test_summary();
}
