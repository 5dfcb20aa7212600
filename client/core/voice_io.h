/* voice_io.h — pumps sound between the devices (audio_dev.h), a WAV file and the voice engine,
 * once per iteration of the client loop. The glue every front end would otherwise repeat.
 *
 * vc_io_pump(io, now):
 *   1. follows the devices' rates (a reopened or fallback device may run at another rate);
 *   2. hands captured samples to vc_engine_capture; while a WAV file streams, the samples
 *      due by `now` are read from it (mixed down to mono) and fed as the voice source
 *      instead, and the microphone's are dropped;
 *   3. keeps target_ms of sound queued for the speakers (vc_engine_playback ->
 *      aud_dev_write). With no playback device the engine is still pulled at real-time pace
 *      and the sound dropped, so jitter buffers, talking indicators and time-outs go on.
 * Sending the engine's messages stays with the caller (vc_engine_pop_packet -> conn_send on
 * CONN_CH_VOICE), as does receiving them (vc_engine_receive).
 *
 * The queue target is the playback latency this layer adds: the loop must come back before
 * the queue runs dry, so it must be a little over the loop's period plus the device's
 * callback period. By default it follows both (vc_io_config). */
#ifndef PARLEY_VOICE_IO_H
#define PARLEY_VOICE_IO_H

#include "audio_dev.h"
#include "audio_wav.h"
#include "voice_engine.h"

#include <stdbool.h>

/* Zero fields mean the default in brackets. */
typedef struct vc_io_config {
    int target_ms; /* [adaptive] sound kept queued for the speakers: by default as many
                      device periods as the longest recent gap between pumps (+ 2 ms) can
                      span callbacks (vc_io_queue_target), within 5..100 ms, so a loop
                      faster than the device keeps one period queued */
} vc_io_config;

typedef struct vc_io vc_io;

/* The engine and the devices stay the caller's; NULL only when out of memory. */
vc_io *vc_io_create(vc_engine *e, aud_dev *a, const vc_io_config *cfg, double now);
void vc_io_destroy(vc_io *io);
void vc_io_pump(vc_io *io, double now);

/* Streams a WAV file as the voice source (looping it if asked); false with the reason in
 * *err when it cannot be read. */
bool vc_io_play_wav(vc_io *io, const char *path, bool loop, double now, aud_wav_error *err);
void vc_io_stop_wav(vc_io *io, double now);
bool vc_io_wav_playing(const vc_io *io);
/* The playback queue's target now, and what is queued, in ms (for latency breakdowns). */
double vc_io_target_ms(const vc_io *io);

/* The adaptive queue target, in seconds, for a device taking `period_s` per callback and a
 * loop that pumps at most `gap_s` apart. Between two pumps the device takes one period per
 * callback, and a gap (plus 2 ms of slack for both rhythms) spans floor((gap + 2 ms) /
 * period) + 1 callbacks at most, so that many whole periods queued never run dry: a loop
 * that comes back within a period needs one period, not a period plus the gap. */
double vc_io_queue_target(double period_s, double gap_s);
double vc_io_queued_ms(const vc_io *io);

#endif
