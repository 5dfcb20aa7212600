/* GUI client screens offscreen: every screen (start, log-in, lobby, room, the overlay chat
 * and its input, direct messages, settings, user search, the status menu, the create-room
 * dialog, the compact window) with made-up data at 1280x720, 800x600, 2x and 1.5x, light and
 * dark, checked by the toolkit's layout checker with the real fonts (no overlap, nothing
 * sticking out, no clipped or shortened text); the no-font screen; and the screens driven with
 * synthetic input: typing and sending, F2 / Enter / T / Esc in the overlay, lines fading and
 * the loop asking for no frames once idle, buttons turning into actions.
 *
 * With PARLEY_SCREENSHOT_DIR set, the checked shots are also written there as PNGs
 * (`parley --screenshots DIR` writes the set in docs/screenshots). */
#include "../test.h"

#include "../../client/gui/gui_call.c"
#include "../../client/gui/gui_chat.c"
#include "../../client/gui/gui_convo.c"
#include "../../client/gui/gui_demo.c"
#include "../../client/gui/gui_frame.c"
#include "../../client/gui/gui_parts.c"
#include "../../client/gui/gui_roster.c"
#include "../../client/gui/gui_scr_dms.c"
#include "../../client/gui/gui_scr_enter.c"
#include "../../client/gui/gui_scr_lobby.c"
#include "../../client/gui/gui_scr_room.c"
#include "../../client/gui/gui_scr_settings.c"
#include "../../client/gui/gui_settings.c"
#include "../../client/gui/gui_shot.c"
#include "../../client/gui/gui_state.c"
#include "../../client/gui/gui_str.c"
#include "../../client/gui/gui_voice.c"

#include <stdlib.h>
#include <unistd.h>

/* ---- every screen, real fonts ------------------------------------------------------------ */

static void test_every_screen_fits(void)
{
    static const struct {
        int w, h;
        float scale;
        const char *tag;
    } sizes[] = {{1280, 720, 1.0f, "1280x720"},
                 {800, 600, 1.0f, "800x600"},
                 {2560, 1440, 2.0f, "2x"},
                 {1600, 1200, 2.0f, "2x-800x600"},
                 {1920, 1080, 1.5f, "1.5x"}};
    const char *dir = getenv("PARLEY_SCREENSHOT_DIR");
    int checked = 0;
    for (int s = 0; s < GUI_DEMO_COUNT; s++) {
        for (int k = 0; k < (int)(sizeof sizes / sizeof sizes[0]); k++) {
            for (int dark = 0; dark < 2; dark++) {
                if (dark && k != 1) continue; /* dark once, at the tightest size */
                gui_shot shot = {(gui_demo_scene)s, sizes[k].w, sizes[k].h,
                                 sizes[k].scale,    dark != 0,  NULL};
                if (s == GUI_DEMO_COMPACT) { /* the compact window is small */
                    shot.w = (int)(420 * shot.scale);
                    shot.h = (int)(280 * shot.scale);
                }
                char path[1024], err[512];
                if (dir)
                    snprintf(path, sizeof path, "%s/%s-%s%s.png", dir, gui_demo_name(shot.scene),
                             sizes[k].tag, dark ? "-dark" : "");
                static gui_shot_result res;
                bool ok = gui_shot_draw(&shot, dir ? path : NULL, &res, err, sizeof err);
                if (!ok)
                    fprintf(stderr, "  %s %s: %s\n", gui_demo_name(shot.scene), sizes[k].tag, err);
                CHECK(ok);
                CHECK(!res.no_font);
                if (res.check.problems || res.check.ellipsized)
                    fprintf(stderr, "  %s at %s%s: %d problems, %d shortened\n%s",
                            gui_demo_name(shot.scene), sizes[k].tag, dark ? " dark" : "",
                            res.check.problems, res.check.ellipsized, res.check.text);
                CHECK_EQ(res.check.problems, 0);
                CHECK_EQ(res.check.ellipsized, 0);
                CHECK(res.check.texts > 5);
                checked++;
            }
        }
    }
    CHECK_EQ(checked, GUI_DEMO_COUNT * 6);
}

/* The pass that writes docs/screenshots (`parley --screenshots DIR`), checks only. */
static void test_screenshot_pass_is_clean(void)
{
    CHECK_EQ(gui_shot_all(NULL, NULL), 0);
}

static void test_no_font_screen(void)
{
    gui_shot shot = {GUI_DEMO_ROOM, 800, 600, 1.0f, false, "/nonexistent/font.ttf"};
    static gui_shot_result res;
    char err[256], path[] = "/tmp/parley-gui-nofont-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    CHECK(gui_shot_draw(&shot, path, &res, err, sizeof err));
    CHECK(res.no_font); /* the message screen, drawn with rectangles, not a crash */
    FILE *f = fopen(path, "rb");
    unsigned char sig[8] = {0};
    CHECK(f && fread(sig, 1, 8, f) == 8);
    if (f) fclose(f);
    CHECK(sig[1] == 'P' && sig[2] == 'N' && sig[3] == 'G');
    remove(path);
}

/* ---- driven with input, fixed-width measurer ---------------------------------------------- */

typedef struct rig {
    ui_context ui;
    gui_state st;
    gui_view v;
    gui_demo d;
    int w, h;
    bool compact;
} rig;

static rig *rig_new(gui_demo_scene scene, int w, int h)
{
    rig *r = calloc(1, sizeof *r);
    ui_text_measurer m = ui_fixed_measurer();
    ui_init(&r->ui, &m, NULL);
    gui_state_init(&r->st, NULL);
    gui_view_init(&r->v);
    gui_demo_fill(&r->d, &r->st, &r->v, scene, 100000, 1767268800000ull);
    r->w = w;
    r->h = h;
    r->compact = scene == GUI_DEMO_COMPACT;
    return r;
}

static void rig_free(rig *r)
{
    gui_state_free(&r->st);
    free(r);
}

static void rig_frame(rig *r)
{
    r->v.now_ms = r->ui.now + 16;
    ui_begin(&r->ui, r->w, r->h, r->v.now_ms);
    if (r->compact)
        gui_view_compact(&r->v, &r->st, &r->ui);
    else
        gui_view_frame(&r->v, &r->st, &r->ui);
    ui_end(&r->ui);
}

static void rig_at(rig *r, int64_t ms)
{
    r->ui.now = ms - 16;
    rig_frame(r);
}

static void rig_key(rig *r, ui_key key, int mods)
{
    ui_input_key(&r->ui, key, mods, true);
    ui_input_key(&r->ui, key, mods, false);
    rig_frame(r);
}

static void rig_type(rig *r, const char *text)
{
    ui_input_text(&r->ui, text);
    rig_frame(r);
}

/* The centre of the last text command that reads exactly `text`. */
static bool rig_find(rig *r, const char *text, int *x, int *y)
{
    int it = 0;
    const ui_command *c;
    bool found = false;
    while (ui_command_next(&r->ui, &it, &c)) {
        if (c->type != UI_CMD_TEXT || strcmp(ui_command_text(&r->ui, c), text) != 0) continue;
        *x = c->rect.x + c->rect.w / 2;
        *y = c->rect.y + c->rect.h / 2;
        found = true;
    }
    return found;
}

static bool rig_click(rig *r, const char *text)
{
    int x, y;
    if (!rig_find(r, text, &x, &y)) {
        fprintf(stderr, "  no \"%s\" on screen\n", text);
        return false;
    }
    ui_input_mouse_move(&r->ui, x, y);
    ui_input_mouse_button(&r->ui, UI_MOUSE_LEFT, true);
    rig_frame(r);
    ui_input_mouse_button(&r->ui, UI_MOUSE_LEFT, false);
    rig_frame(r);
    return true;
}

static const gui_action *rig_action(rig *r, gui_action_kind kind)
{
    for (int i = 0; i < r->v.actions.count; i++)
        if (r->v.actions.v[i].kind == kind) return &r->v.actions.v[i];
    return NULL;
}

static int rig_texts_with(rig *r, const char *part)
{
    int it = 0, n = 0;
    const ui_command *c;
    while (ui_command_next(&r->ui, &it, &c))
        if (c->type == UI_CMD_TEXT && strstr(ui_command_text(&r->ui, c), part)) n++;
    return n;
}

static void test_room_message_field_sends(void)
{
    rig *r = rig_new(GUI_DEMO_ROOM, 1280, 720);
    rig_frame(r);
    rig_frame(r); /* the caret goes to the room's message field by itself */
    rig_type(r, "hello room");
    CHECK_STR(r->v.input, "hello room");
    rig_key(r, UI_KEY_ENTER, 0);
    const gui_action *a = rig_action(r, GUI_ACT_SAY);
    CHECK(a != NULL);
    if (a) {
        CHECK_EQ(a->room_id, 1);
        CHECK_STR(a->text, "hello room");
    }
    CHECK_STR(r->v.input, ""); /* taken */
    gui_actions_clear(&r->v.actions);
    /* a command goes the same way */
    rig_type(r, "/status busy");
    rig_key(r, UI_KEY_ENTER, 0);
    a = rig_action(r, GUI_ACT_STATUS);
    CHECK(a && a->status == MSG_STATUS_BUSY);
    rig_free(r);
}

/* The voice panel: join, the input mode button, leave; the settings' voice tab. */
static void test_voice_panel(void)
{
    rig *r = rig_new(GUI_DEMO_LOBBY, 1280, 720);
    r->st.screen = GUI_SCREEN_ROOM;
    rig_frame(r);
    CHECK(rig_texts_with(r, "Voice is off") == 1);
    CHECK(rig_click(r, "Join voice"));
    CHECK_EQ(gui_voice_room(&r->st), 1u);
    rig_frame(r);
    CHECK(rig_texts_with(r, "Joining voice") == 1);
    r->st.voice.joined = 1; /* what the glue reports once the server was told */
    rig_frame(r);
    CHECK(rig_texts_with(r, "Voice connected") == 1);
    gui_actions_clear(&r->v.actions);
    CHECK(rig_click(r, "Auto")); /* voice activation -> push to talk */
    CHECK_EQ(r->st.settings.voice_tx, VC_TX_PTT);
    CHECK(rig_action(r, GUI_ACT_SETTINGS) != NULL);
    rig_frame(r);
    CHECK(rig_texts_with(r, "PTT") == 1);
    /* the settings' voice tab lists devices and binds the key */
    r->st.screen = GUI_SCREEN_SETTINGS;
    rig_frame(r);
    CHECK(rig_click(r, "Voice and audio"));
    CHECK(r->st.voice.devices_wanted);
    CHECK(rig_texts_with(r, "System default") == 2);
    CHECK(rig_click(r, "Right Ctrl"));
    CHECK(r->st.voice.binding);
    gui_voice_bind(&r->st, GUI_PTT_F9);
    gui_actions_clear(&r->v.actions);
    rig_frame(r);
    CHECK(rig_texts_with(r, "F9") == 1);
    CHECK(rig_action(r, GUI_ACT_SETTINGS) != NULL); /* saved */
    rig_free(r);
}

static void test_overlay_keys(void)
{
    rig *r = rig_new(GUI_DEMO_ROOM, 1280, 720);
    rig_frame(r);
    rig_frame(r);
    CHECK(!r->v.overlay);
    rig_key(r, UI_KEY_F1 + 1, 0); /* F2 */
    CHECK(r->v.overlay);
    rig_frame(r);
    rig_key(r, UI_KEY_ENTER, 0); /* opens the input */
    CHECK(r->v.overlay_typing);
    rig_frame(r);
    rig_type(r, "gg");
    CHECK_STR(r->v.overlay_input, "gg");
    rig_key(r, UI_KEY_ENTER, 0); /* sends and closes */
    const gui_action *a = rig_action(r, GUI_ACT_SAY);
    CHECK(a && !strcmp(a->text, "gg"));
    CHECK(!r->v.overlay_typing);
    rig_frame(r);
    rig_key(r, UI_KEY_LETTER('t'), 0); /* T opens it too */
    CHECK(r->v.overlay_typing);
    rig_frame(r);
    rig_key(r, UI_KEY_ESCAPE, 0); /* Esc closes */
    CHECK(!r->v.overlay_typing);
    rig_key(r, UI_KEY_F1 + 1, 0);
    CHECK(!r->v.overlay);
    rig_free(r);
}

static void test_overlay_lines_fade_then_idle(void)
{
    rig *r = rig_new(GUI_DEMO_ROOM_OVERLAY, 1280, 720);
    rig_at(r, 100000);
    rig_frame(r);
    /* the demo's newest lines arrived in the last seconds: shown, and a wake-up asked for */
    CHECK(rig_texts_with(r, "starting the game now") == 1);
    CHECK(r->v.wake_at > 0);
    int64_t fade = (int64_t)r->st.settings.overlay_fade_s * 1000;
    rig_at(r, 100000 + fade - 500); /* fading out: the next frame soon */
    CHECK(r->v.wake_at > 0 && r->v.wake_at <= r->v.now_ms + 40);
    rig_at(r, 100000 + fade + 100);
    CHECK_EQ(rig_texts_with(r, "starting the game now"), 0);
    /* nothing moves: neither the view nor the toolkit asks for another frame */
    rig_at(r, 100000 + fade + 20000);
    CHECK_EQ(r->v.wake_at, -1);
    CHECK_EQ(ui_next_frame_in(&r->ui), -1);
    rig_free(r);
}

static void test_lobby_and_dialogs(void)
{
    rig *r = rig_new(GUI_DEMO_LOBBY, 1280, 720);
    rig_frame(r);
    CHECK(rig_click(r, "Join")); /* the last "Join": Voice lounge */
    const gui_action *a = rig_action(r, GUI_ACT_JOIN);
    CHECK(a && !strcmp(a->name, "Voice lounge") && a->number == 0);
    gui_actions_clear(&r->v.actions);
    /* open a room the person is in: no request, the room screen */
    CHECK(rig_click(r, "Open"));
    CHECK_EQ(r->st.screen, GUI_SCREEN_ROOM);
    /* the status menu */
    rig_frame(r);
    CHECK(rig_click(r, "Online"));
    CHECK(r->v.status_open);
    rig_frame(r);
    CHECK(rig_click(r, "Away"));
    a = rig_action(r, GUI_ACT_STATUS);
    CHECK(a && a->status == MSG_STATUS_AWAY);
    CHECK(!r->v.status_open);
    gui_actions_clear(&r->v.actions);
    /* Ctrl+F: user search */
    rig_key(r, UI_KEY_LETTER('f'), UI_MOD_CTRL);
    CHECK(r->v.search_open);
    rig_frame(r);
    rig_type(r, "al");
    rig_key(r, UI_KEY_ENTER, 0);
    a = rig_action(r, GUI_ACT_SEARCH);
    CHECK(a && !strcmp(a->text, "al"));
    rig_free(r);
}

static void test_start_and_login_buttons(void)
{
    rig *r = rig_new(GUI_DEMO_START, 1280, 720);
    rig_frame(r);
    CHECK(rig_click(r, "Host a server here"));
    CHECK(rig_action(r, GUI_ACT_HOST) != NULL);
    gui_actions_clear(&r->v.actions);
    CHECK(rig_click(r, "Connect")); /* the address field's button comes last */
    const gui_action *a = rig_action(r, GUI_ACT_CONNECT);
    CHECK(a && !strcmp(a->text, "192.168.1.20"));
    rig_free(r);

    r = rig_new(GUI_DEMO_LOGIN, 800, 600);
    rig_frame(r);
    CHECK(rig_click(r, "Guest"));
    CHECK_EQ(r->v.login_tab, 2);
    rig_frame(r);
    CHECK(rig_click(r, "Enter as guest"));
    a = rig_action(r, GUI_ACT_GUEST);
    CHECK(a && !strcmp(a->name, "\xc3\xa9lodie"));
    rig_free(r);
}

static void test_guest_cannot_dm(void)
{
    rig *r = rig_new(GUI_DEMO_DMS, 1280, 720);
    r->st.me.role = MSG_ROLE_GUEST;
    rig_frame(r);
    CHECK(rig_texts_with(r, "Direct messages are for accounts") == 1);
    rig_free(r);
}

static void test_compact_window(void)
{
    rig *r = rig_new(GUI_DEMO_COMPACT, 420, 280);
    rig_frame(r);
    rig_key(r, UI_KEY_ENTER, 0);
    CHECK(r->v.overlay_typing);
    rig_frame(r);
    rig_type(r, "brb");
    rig_key(r, UI_KEY_ENTER, 0);
    CHECK(rig_action(r, GUI_ACT_SAY) != NULL);
    rig_key(r, UI_KEY_F1 + 2, 0); /* F3: back to the full window */
    const gui_action *a = rig_action(r, GUI_ACT_COMPACT);
    CHECK(a && a->number == 0);
    rig_free(r);
}

/* ---- 1:1 calls ---------------------------------------------------------------------------- */

static void rig_call(rig *r, uint32_t id, msg_call_phase state, msg_call_reason why, bool outgoing,
                     bool by_peer)
{
    static cl_event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = CL_EV_MSG;
    ev.m.type = MSG_CALL_STATE;
    ev.m.call_state.call_id = id;
    ev.m.call_state.peer_id = 10;
    snprintf(ev.m.call_state.peer, sizeof ev.m.call_state.peer, "alice");
    ev.m.call_state.state = state;
    ev.m.call_state.reason = why;
    ev.m.call_state.outgoing = outgoing;
    ev.m.call_state.by_peer = by_peer;
    gui_state_on_event(&r->st, &ev, r->ui.now);
    rig_frame(r);
}

/* A call rings: the dialog; Enter accepts; the bar with hang-up; the end as a toast. */
static void test_call_dialog_and_bar(void)
{
    rig *r = rig_new(GUI_DEMO_ROOM, 1280, 720);
    rig_frame(r);
    rig_frame(r); /* the caret is in the message field: Enter must still reach the dialog */
    rig_call(r, 41, MSG_CALL_RINGING, MSG_CALL_R_NONE, false, false);
    CHECK(rig_texts_with(r, "alice is calling you") == 1);
    CHECK(rig_texts_with(r, "Accept") == 1 && rig_texts_with(r, "Decline") == 1);
    rig_key(r, UI_KEY_ENTER, 0);
    const gui_action *a = rig_action(r, GUI_ACT_CALL_ACCEPT);
    CHECK(a && a->number == 41);
    CHECK(rig_action(r, GUI_ACT_SAY) == NULL); /* the Enter was the dialog's */
    gui_actions_clear(&r->v.actions);
    rig_frame(r);
    CHECK(rig_texts_with(r, "alice is calling you") == 0); /* gone at once */
    CHECK(rig_texts_with(r, "Answering alice") == 1);
    rig_call(r, 41, MSG_CALL_ACTIVE, MSG_CALL_R_NONE, false, false);
    rig_at(r, r->ui.now + 65000);
    CHECK(rig_texts_with(r, "In a call with alice") >= 1);
    CHECK(rig_texts_with(r, "1:05") == 1); /* the duration */
    CHECK(r->v.wake_at > r->v.now_ms && r->v.wake_at <= r->v.now_ms + 1000);
    /* the bar stays on every screen */
    r->st.screen = GUI_SCREEN_LOBBY;
    rig_frame(r);
    CHECK(rig_texts_with(r, "In a call with alice") == 1);
    CHECK(rig_click(r, "Hang up"));
    a = rig_action(r, GUI_ACT_CALL_HANGUP);
    CHECK(a && a->number == 41);
    gui_actions_clear(&r->v.actions);
    rig_call(r, 41, MSG_CALL_ENDED, MSG_CALL_R_HANGUP, false, false);
    CHECK(rig_texts_with(r, "In a call with") == 0);
    CHECK(rig_texts_with(r, "Call with alice ended (1:05)") == 1); /* the toast */
    rig_free(r);
}

/* Esc declines; calling out shows the banner with Cancel; a member's Call button. */
static void test_call_decline_and_dial(void)
{
    rig *r = rig_new(GUI_DEMO_MEMBER, 1280, 720);
    rig_frame(r);
    rig_call(r, 7, MSG_CALL_RINGING, MSG_CALL_R_NONE, false, false);
    CHECK(rig_texts_with(r, "alice is calling you") == 1);
    CHECK(!r->v.member_open); /* the call's dialog replaced the member's */
    rig_key(r, UI_KEY_ESCAPE, 0);
    const gui_action *a = rig_action(r, GUI_ACT_CALL_DECLINE);
    CHECK(a && a->number == 7);
    gui_actions_clear(&r->v.actions);
    rig_frame(r);
    CHECK(rig_texts_with(r, "alice is calling you") == 0);
    CHECK(rig_texts_with(r, "Answering") == 0);
    rig_call(r, 7, MSG_CALL_ENDED, MSG_CALL_R_DECLINED, false, false);
    CHECK(rig_texts_with(r, "You declined the call from alice") == 1);
    /* the member dialog's Call button (dmitri is away: callable) */
    r->v.member_open = true;
    r->v.member_user = 13;
    rig_frame(r);
    CHECK(rig_click(r, "Call"));
    a = rig_action(r, GUI_ACT_CALL);
    CHECK(a != NULL);
    if (a) {
        CHECK_STR(a->name, "dmitri");
        CHECK_EQ(a->peer_id, 13u);
    }
    CHECK(!r->v.member_open);
    gui_actions_clear(&r->v.actions);
    rig_call(r, 8, MSG_CALL_RINGING, MSG_CALL_R_NONE, true, false);
    CHECK(rig_texts_with(r, "Calling alice") == 1);
    CHECK(rig_click(r, "Cancel"));
    a = rig_action(r, GUI_ACT_CALL_HANGUP);
    CHECK(a && a->number == 8);
    /* no Call for yourself, or for someone offline */
    const gui_roster *ro = gui_state_find_roster(&r->st, 1);
    CHECK(ro != NULL);
    for (int i = 0; ro && i < ro->count; i++) {
        if (ro->v[i].user_id != r->st.me.user_id && ro->v[i].status != MSG_STATUS_OFFLINE) continue;
        gui_actions_clear(&r->v.actions);
        r->st.call.c.call_id = 0; /* no call going */
        r->v.member_open = true;
        r->v.member_user = ro->v[i].user_id;
        rig_frame(r);
        CHECK(rig_click(r, "Call"));
        CHECK(rig_action(r, GUI_ACT_CALL) == NULL);
    }
    rig_free(r);
}

int main(void)
{
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
    TEST_RUN(test_every_screen_fits);
    TEST_RUN(test_screenshot_pass_is_clean);
    TEST_RUN(test_no_font_screen);
    TEST_RUN(test_room_message_field_sends);
    TEST_RUN(test_overlay_keys);
    TEST_RUN(test_overlay_lines_fade_then_idle);
    TEST_RUN(test_lobby_and_dialogs);
    TEST_RUN(test_start_and_login_buttons);
    TEST_RUN(test_guest_cannot_dm);
    TEST_RUN(test_compact_window);
    TEST_RUN(test_voice_panel);
    TEST_RUN(test_call_dialog_and_bar);
    TEST_RUN(test_call_decline_and_dial);
    SDL_Quit();
    return test_summary();
}
