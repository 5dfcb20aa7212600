/* cli_note.c — parley-cli's voice notes and file streaming (docs/CLI.md): /note records from
 * the microphone or encodes a WAV file and sends it to the current room (or @name as a DM);
 * /send and /cancel end a recording; /playnote and /savenote fetch a note and play it
 * through the speakers or write it as WAV; /play streams a WAV file into the room's voice
 * and /stop ends it. The note's own audio device is opened only while it records or plays,
 * apart from the voice engine's, so a note never reaches the room's voice. */
#include "cli.h"

#include "audio_dev.h"
#include "audio_resample.h"
#include "audio_wav.h"
#include "cl_note.h"
#include "cl_voice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLI_NOTE_BLOCK 1024 /* samples read or moved per step */
#define CLI_NOTE_AHEAD 0.2  /* seconds of a note queued for the speakers at once */

typedef enum cli_note_want { CLI_NOTE_NONE, CLI_NOTE_PLAY, CLI_NOTE_SAVE } cli_note_want;

struct cli_note {
    /* recording from the microphone */
    cl_note_rec *rec;
    aud_dev *mic;
    aud_resample *mic_rs;
    double rec_until; /* 0: until /note, /send or the limit */
    uint32_t target_room;
    char target_to[MSG_NAME_MAX + 1];
    /* a fetch */
    cl_note_rx *rx;
    cli_note_want want;
    char path[CLI_LINE_MAX];
    /* playing a fetched note */
    aud_dev *spk;
    int16_t *pcm; /* at the speakers' rate */
    size_t pcm_len, pcm_pos;
};

static cli_note *cli_note_get(cli *c)
{
    if (!c->note) c->note = calloc(1, sizeof *c->note);
    if (!c->note) cli_out_error(&c->out, "note", "out of memory");
    return c->note;
}

static void cli_note_stop_rec(cli_note *n)
{
    cl_note_rec_destroy(n->rec);
    aud_dev_close(n->mic);
    aud_resample_destroy(n->mic_rs);
    n->rec = NULL;
    n->mic = NULL;
    n->mic_rs = NULL;
}

static void cli_note_stop_play(cli_note *n)
{
    aud_dev_close(n->spk);
    free(n->pcm);
    n->spk = NULL;
    n->pcm = NULL;
    n->pcm_len = n->pcm_pos = 0;
}

void cli_note_free(cli *c)
{
    cli_note *n = c->note;
    if (!n) return;
    cli_note_stop_rec(n);
    cli_note_stop_play(n);
    free(n->rx);
    free(n);
    c->note = NULL;
}

/* Sends the finished recording to its target. */
static void cli_note_send(cli *c, cl_note_rec *rec, uint32_t room, const char *to, double now)
{
    const uint8_t *data;
    size_t len = cl_note_rec_finish(rec, &data);
    uint32_t ms = cl_note_rec_ms(rec);
    if (len == 0) {
        cli_out_error(&c->out, "note", "the voice note is empty, so nothing was sent");
        return;
    }
    uint64_t id = 0;
    cl_err e = cl_session_note_send(c->s, room, to, data, len, &id, now);
    if (e != CL_OK) {
        cli_out_error(&c->out, "note", "the voice note was not sent: %s", cl_err_str(e));
        return;
    }
    char text[128];
    snprintf(text, sizeof text, "voice note of %u.%u s %s (%zu bytes)", ms / 1000, ms % 1000 / 100,
             cl_session_state(c->s) == CL_STATE_READY ? "sent"
                                                      : "kept: it goes out when the server is back",
             len);
    cli_out_note(&c->out, "sent", id, ms, NULL, text);
}

/* Pushes mono samples at `rate` through a resampler to the recorder; false once it is full. */
static bool cli_note_feed(cl_note_rec *rec, aud_resample *rs, const int16_t *in, size_t n)
{
    int16_t out[4 * CLI_NOTE_BLOCK];
    while (n > 0) {
        size_t used = n;
        size_t got = rs ? aud_resample_run(rs, in, &used, out, sizeof out / sizeof out[0]) : 0;
        if (!rs) {
            used = n < CLI_NOTE_BLOCK ? n : CLI_NOTE_BLOCK;
            memcpy(out, in, used * sizeof *in);
            got = used;
        }
        if (!cl_note_rec_push(rec, out, got)) return false;
        in += used;
        n -= used;
        if (used == 0 && got == 0) break;
    }
    return true;
}

/* "/note FILE.wav": the whole file becomes one note (cut at the limit). */
static void cli_note_from_wav(cli *c, const char *path, uint32_t room, const char *to, double now)
{
    aud_wav_info info;
    aud_wav_error err;
    aud_wav_reader *r = aud_wav_open(path, &info, &err);
    if (!r) {
        cli_out_error(&c->out, "bad_file", "%s: %s", path, aud_wav_error_str(err));
        return;
    }
    cl_note_rec *rec = cl_note_rec_create(VW_MODE_WB, 0);
    int rate = rec ? cl_note_rec_rate(rec) : 0;
    aud_resample *rs = rec && (int)info.rate != rate
                           ? aud_resample_create((int)info.rate, rate, AUD_RESAMPLE_QUALITY)
                           : NULL;
    if (!rec || ((int)info.rate != rate && !rs)) {
        cli_out_error(&c->out, "note", "%s: cannot convert %u Hz audio", path, info.rate);
        cl_note_rec_destroy(rec);
        aud_wav_close(r);
        return;
    }
    int16_t block[CLI_NOTE_BLOCK];
    bool room_left = true;
    size_t got;
    while (room_left && (got = aud_wav_read_mono(r, block, CLI_NOTE_BLOCK)) > 0)
        room_left = cli_note_feed(rec, rs, block, got);
    if (!room_left)
        cli_out_info(&c->out, "%s is longer than %u s: the note keeps the first %u s", path,
                     VN_MAX_MS / 1000, VN_MAX_MS / 1000);
    if (aud_wav_reader_error(r) != AUD_WAV_OK)
        cli_out_error(&c->out, "bad_file", "%s: %s", path,
                      aud_wav_error_str(aud_wav_reader_error(r)));
    else
        cli_note_send(c, rec, room, to, now);
    aud_resample_destroy(rs);
    cl_note_rec_destroy(rec);
    aud_wav_close(r);
}

static void cli_note_record(cli *c, double seconds, uint32_t room, const char *to, double now)
{
    cli_note *n = cli_note_get(c);
    if (!n) return;
    aud_dev_config dc = {.no_playback = true};
    n->rec = cl_note_rec_create(VW_MODE_WB, 0);
    n->mic = n->rec ? aud_dev_open(&dc, now) : NULL;
    if (!n->mic) {
        cli_out_error(&c->out, "note", "cannot start recording (out of memory)");
        cli_note_stop_rec(n);
        return;
    }
    if (aud_dev_status(n->mic, AUD_CAPTURE) != AUD_STATUS_OK)
        cli_out_error(&c->out, "audio_device", "microphone: %s",
                      aud_dev_status_text(n->mic, AUD_CAPTURE));
    n->rec_until = seconds > 0 ? now + seconds : 0;
    n->target_room = room;
    size_t tl = strnlen(to, MSG_NAME_MAX); /* checked by the caller */
    memcpy(n->target_to, to, tl);
    n->target_to[tl] = '\0';
    char text[128];
    snprintf(text, sizeof text,
             "recording a voice note (up to %.0f s): /send to send it, "
             "/cancel to drop it",
             seconds > 0 ? seconds : VN_MAX_MS / 1000.0);
    cli_out_note(&c->out, "recording", 0, 0, NULL, text);
}

static void cli_note_finish_rec(cli *c, bool send, double now)
{
    cli_note *n = c->note;
    if (!n || !n->rec) {
        cli_out_error(&c->out, "note", "no voice note is being recorded; start one with /note");
        return;
    }
    if (send)
        cli_note_send(c, n->rec, n->target_room, n->target_to, now);
    else
        cli_out_note(&c->out, "cancelled", 0, 0, NULL, "voice note dropped");
    cli_note_stop_rec(n);
}

static void cli_note_fetch(cli *c, const char *arg, cli_note_want want, const char *path,
                           double now)
{
    char *end = NULL;
    unsigned long long id = strtoull(arg, &end, 10);
    if (!arg[0] || *end || id == 0) {
        cli_out_error(&c->out, "bad_arguments", "a note id is a number, as in [note 17]");
        return;
    }
    cli_note *n = cli_note_get(c);
    if (!n) return;
    if (!n->rx) n->rx = malloc(sizeof *n->rx);
    if (!n->rx) {
        cli_out_error(&c->out, "note", "out of memory");
        return;
    }
    uint32_t req = 0;
    cl_err e = cl_session_note_fetch(c->s, id, &req, now);
    if (e != CL_OK) {
        cli_out_error(&c->out, "note", "cannot fetch the note: %s", cl_err_str(e));
        return;
    }
    cl_note_rx_begin(n->rx, req, id);
    n->want = want;
    snprintf(n->path, sizeof n->path, "%s", path ? path : "");
}

/* The fetched note: save it as WAV or start playing it. */
static void cli_note_fetched(cli *c, double now)
{
    cli_note *n = c->note;
    size_t cap = cl_note_samples(n->rx->data, n->rx->total, NULL);
    int16_t *pcm = cap ? malloc(cap * sizeof *pcm) : NULL;
    size_t samples = 0;
    int rate = 0;
    const char *why = "out of memory";
    uint64_t id = n->rx->server_id;
    if (!pcm || !cl_note_decode(n->rx->data, n->rx->total, pcm, cap, &samples, &rate, &why)) {
        cli_out_error(&c->out, "note", "note %llu cannot be played: %s", (unsigned long long)id,
                      why);
        free(pcm);
        return;
    }
    uint32_t ms = n->rx->duration_ms;
    char text[CLI_LINE_MAX + 64];
    if (n->want == CLI_NOTE_SAVE) {
        aud_wav_error err;
        aud_wav_writer *w = aud_wav_create(n->path, (uint32_t)rate, 1, &err);
        if (w) err = aud_wav_write(w, pcm, samples);
        if (w) {
            aud_wav_error fin = aud_wav_finish(w);
            if (err == AUD_WAV_OK) err = fin;
        }
        if (err != AUD_WAV_OK) {
            cli_out_error(&c->out, "bad_file", "%s: %s", n->path, aud_wav_error_str(err));
        } else {
            snprintf(text, sizeof text, "note %llu saved to %s", (unsigned long long)id, n->path);
            cli_out_note(&c->out, "saved", id, ms, n->path, text);
        }
        free(pcm);
        return;
    }
    cli_note_stop_play(n);
    aud_dev_config dc = {.no_capture = true, .ring_ms = 500};
    n->spk = aud_dev_open(&dc, now);
    int out_rate = n->spk ? aud_dev_rate(n->spk, AUD_PLAYBACK) : 0;
    if (out_rate <= 0) out_rate = rate;
    aud_resample *rs =
        out_rate != rate ? aud_resample_create(rate, out_rate, AUD_RESAMPLE_QUALITY) : NULL;
    size_t out_cap = rs ? aud_resample_out_max(rs, samples) : samples;
    n->pcm = n->spk ? malloc(out_cap * sizeof *n->pcm) : NULL;
    if (!n->pcm || (out_rate != rate && !rs)) {
        cli_out_error(&c->out, "note", "note %llu cannot be played (out of memory)",
                      (unsigned long long)id);
        cli_note_stop_play(n);
    } else {
        size_t used = samples;
        n->pcm_len = rs ? aud_resample_run(rs, pcm, &used, n->pcm, out_cap) : samples;
        if (!rs) memcpy(n->pcm, pcm, samples * sizeof *pcm);
        if (aud_dev_status(n->spk, AUD_PLAYBACK) != AUD_STATUS_OK)
            cli_out_error(&c->out, "audio_device", "speakers: %s",
                          aud_dev_status_text(n->spk, AUD_PLAYBACK));
        snprintf(text, sizeof text, "playing note %llu (%u.%u s)", (unsigned long long)id,
                 ms / 1000, ms % 1000 / 100);
        cli_out_note(&c->out, "playing", id, ms, NULL, text);
    }
    aud_resample_destroy(rs);
    free(pcm);
}

void cli_note_event(cli *c, const cl_event *ev, double now)
{
    cli_note *n = c->note;
    if (!n || !n->rx || n->want == CLI_NOTE_NONE) return;
    if (ev->type == CL_EV_REQUEST_LOST && ev->req_type == MSG_NOTE_FETCH && ev->req == n->rx->req) {
        n->want = CLI_NOTE_NONE; /* the request_lost line says why and what to do */
        return;
    }
    if (ev->type != CL_EV_MSG || ev->m.type != MSG_NOTE_DATA) return;
    cl_note_rx_state st = cl_note_rx_feed(n->rx, &ev->m.note_data);
    if (st == CL_NOTE_RX_FAILED) {
        cli_out_error(&c->out, msg_err_name(n->rx->err), "note %llu: %s",
                      (unsigned long long)n->rx->server_id,
                      n->rx->err == MSG_ERR_NO_SUCH_MESSAGE
                          ? "there is no such voice note, or it is not yours to hear"
                          : msg_err_str(n->rx->err));
        n->want = CLI_NOTE_NONE;
    } else if (st == CL_NOTE_RX_DONE) {
        cli_note_fetched(c, now);
        n->want = CLI_NOTE_NONE;
    }
}

void cli_note_pump(cli *c, double now)
{
    cli_note *n = c->note;
    if (!n) return;
    if (n->rec && n->mic) {
        aud_dev_update(n->mic, now);
        int rate = aud_dev_rate(n->mic, AUD_CAPTURE);
        if (rate > 0 && !n->mic_rs && rate != cl_note_rec_rate(n->rec))
            n->mic_rs = aud_resample_create(rate, cl_note_rec_rate(n->rec), AUD_RESAMPLE_QUALITY);
        int16_t block[CLI_NOTE_BLOCK];
        size_t got;
        bool more = true;
        for (int i = 0; i < 64 && more && (got = aud_dev_read(n->mic, block, CLI_NOTE_BLOCK)); i++)
            more = cli_note_feed(n->rec, n->mic_rs, block, got);
        if (!more || (n->rec_until > 0 && now >= n->rec_until)) {
            if (!more)
                cli_out_info(&c->out, "the voice note reached its %u s limit", VN_MAX_MS / 1000);
            cli_note_finish_rec(c, true, now);
        }
    }
    if (n->spk) {
        aud_dev_update(n->spk, now);
        int rate = aud_dev_rate(n->spk, AUD_PLAYBACK);
        size_t ahead = (size_t)(rate > 0 ? rate * CLI_NOTE_AHEAD : 0);
        while (n->pcm_pos < n->pcm_len && aud_dev_queued(n->spk) < ahead) {
            size_t k =
                n->pcm_len - n->pcm_pos < CLI_NOTE_BLOCK ? n->pcm_len - n->pcm_pos : CLI_NOTE_BLOCK;
            size_t w = aud_dev_write(n->spk, n->pcm + n->pcm_pos, k);
            n->pcm_pos += w;
            if (w == 0) break;
        }
        if (n->pcm_pos >= n->pcm_len && aud_dev_queued(n->spk) == 0) {
            cli_out_note(&c->out, "played", 0, 0, NULL, "voice note played");
            cli_note_stop_play(n);
        }
    }
}

/* "/play FILE.wav" streams a file into the current room's voice; "/play" or "/stop" ends it. */
static void cli_note_play_file(cli *c, const char *path, double now)
{
    if (!path[0]) {
        cl_voice *cv = c->voice ? cli_voice_get(c, false, now) : NULL;
        if (cv && vc_io_wav_playing(cl_voice_io(cv))) {
            vc_io_stop_wav(cl_voice_io(cv), now);
            cli_out_note(&c->out, "stopped", 0, 0, NULL, "file streaming stopped");
        } else if (c->note && c->note->spk) {
            cli_note_stop_play(c->note);
            cli_out_note(&c->out, "stopped", 0, 0, NULL, "voice note stopped");
        } else {
            cli_out_error(&c->out, "note", "nothing is playing");
        }
        return;
    }
    if (!c->room) {
        cli_out_error(&c->out, "no_room", "join a room first: /play streams into its voice");
        return;
    }
    cl_voice *cv = cli_voice_get(c, true, now);
    if (!cv) return;
    aud_wav_error err = AUD_WAV_OK;
    if (!vc_io_play_wav(cl_voice_io(cv), path, false, now, &err)) {
        cli_out_error(&c->out, "bad_file", "%s: %s", path, aud_wav_error_str(err));
        return;
    }
    char text[CLI_LINE_MAX + 64];
    snprintf(text, sizeof text, "streaming %s into the room's voice (/stop ends it)", path);
    cli_out_note(&c->out, "streaming", 0, 0, path, text);
}

/* Splits "WORD REST" (leading spaces skipped): word into w, returns REST. */
static const char *cli_note_word(const char *s, char *w, size_t cap)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = 0;
    while (s[n] && s[n] != ' ' && s[n] != '\t') n++;
    snprintf(w, cap, "%.*s", (int)(n < cap ? n : cap - 1), s);
    s += n;
    while (*s == ' ' || *s == '\t') s++;
    return s;
}

bool cli_note_line(cli *c, const char *line, double now, bool *wait)
{
    static const char *const cmds[] = {"/note",     "/send", "/cancel", "/playnote",
                                       "/savenote", "/play", "/stop"};
    char cmd[16], arg[CLI_LINE_MAX];
    const char *rest = cli_note_word(line, cmd, sizeof cmd);
    int which = -1;
    for (int i = 0; i < (int)(sizeof cmds / sizeof cmds[0]); i++)
        if (!strcmp(cmd, cmds[i])) which = i;
    if (which < 0) return false;
    /* piped input runs in order: wait until the session (and a /join) can take it */
    bool needs_server = which == 0 || which == 1 || which == 3 || which == 4;
    if (!c->interactive && needs_server && (!cli_exec_ready(c) || c->room_req)) {
        *wait = true;
        return true;
    }
    snprintf(arg, sizeof arg, "%s", rest);
    size_t al = strlen(arg);
    while (al && (arg[al - 1] == ' ' || arg[al - 1] == '\t')) arg[--al] = '\0';
    cli_note *n = c->note;
    switch (which) {
    case 0: { /* /note [@name] [SECONDS | FILE.wav] */
        if (n && n->rec) {
            cli_note_finish_rec(c, true, now);
            return true;
        }
        char to[MSG_NAME_MAX + 2] = "";
        const char *a = arg;
        if (arg[0] == '@') {
            char w[MSG_NAME_MAX + 2];
            a = cli_note_word(arg, w, sizeof w);
            snprintf(to, sizeof to, "%s", w + 1);
            if (!to[0] || strlen(to) > MSG_NAME_MAX) {
                cli_out_error(&c->out, "bad_arguments", "@name: a user name of 1 to %u bytes",
                              (unsigned)MSG_NAME_MAX);
                return true;
            }
        }
        uint32_t room = to[0] ? 0 : c->room;
        if (!to[0] && !room) {
            cli_out_error(&c->out, "no_room", "join a room first, or send to @name");
            return true;
        }
        char *end = NULL;
        double secs = a[0] ? strtod(a, &end) : 0;
        if (!a[0] || (end && !*end)) {
            if (a[0] && (secs <= 0 || secs > VN_MAX_MS / 1000.0)) {
                cli_out_error(&c->out, "bad_arguments", "a voice note lasts 0.1 to %u seconds",
                              VN_MAX_MS / 1000);
                return true;
            }
            cli_note_record(c, secs, room, to, now);
        } else {
            cli_note_from_wav(c, a, room, to, now);
        }
        return true;
    }
    case 1:
    case 2:
        cli_note_finish_rec(c, which == 1, now);
        return true;
    case 3:
        cli_note_fetch(c, arg, CLI_NOTE_PLAY, NULL, now);
        return true;
    case 4: {
        char id[32];
        const char *path = cli_note_word(arg, id, sizeof id);
        if (!path[0]) {
            cli_out_error(&c->out, "bad_arguments", "usage: /savenote ID FILE.wav");
            return true;
        }
        cli_note_fetch(c, id, CLI_NOTE_SAVE, path, now);
        return true;
    }
    case 5:
        cli_note_play_file(c, arg, now);
        return true;
    default:
        cli_note_play_file(c, "", now);
        return true;
    }
}
