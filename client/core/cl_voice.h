/* cl_voice.h — a client's voice on a session: the voice engine (voice_engine.h) between the
 * devices (audio_dev.h, pumped by voice_io.h) and the session's CONN_CH_VOICE, and the
 * VOICE_STATE the server is told. One piece of glue that parley-cli, the GUI and bots share.
 *
 * The caller says which room's voice it wants (cl_voice_set_room, 0: none) and calls
 * cl_voice_pump once per loop iteration. The pump tells the server when the wanted room or
 * the deafen state changed (again after every new connection), passes received voice to the
 * engine while in a room's voice, pumps the devices, and sends what the engine made. What is
 * captured outside voice goes nowhere; the engine's talk events are passed on
 * (cl_voice_poll_event).
 *
 * A 1:1 call (cl_call.h) takes the microphone and the speakers: while cl_voice_set_call is on,
 * everything captured goes to the call (VW_TARGET_CALL), the call's voice is played, and the
 * room's voice pauses — the server is told this connection left the room's voice, so nobody
 * in the room hears the call and the room does not talk over it — and resumes by itself when
 * the call ends. That is what a phone does with a second line, and what people expect. */
#ifndef PARLEY_CL_VOICE_H
#define PARLEY_CL_VOICE_H

#include "audio_dev.h"
#include "cl_session.h"
#include "voice_engine.h"
#include "voice_io.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct cl_voice cl_voice;

/* Zero fields mean the defaults of each part. The engine's rates follow the devices'. */
typedef struct cl_voice_config {
    vc_engine_config engine; /* zeroed: vc_engine_default_config() */
    bool engine_set;         /* engine was filled in by the caller */
    aud_dev_config dev;
    vc_io_config io;
} cl_voice_config;

/* Opens the devices (a machine without sound still gets a working object: see the device
 * statuses) and makes the engine. NULL only when out of memory. The session stays the
 * caller's and must outlive the object. */
cl_voice *cl_voice_create(cl_session *s, const cl_voice_config *cfg, double now);
void cl_voice_destroy(cl_voice *v);

/* The room whose voice this client wants to be in; 0 leaves voice. */
void cl_voice_set_room(cl_voice *v, uint32_t room);
uint32_t cl_voice_room(const cl_voice *v);
/* The room the server was last told about (0 while not yet told, or told "none"). */
uint32_t cl_voice_joined(const cl_voice *v);
/* On while a 1:1 call is active (cl_call_voice): see above. */
void cl_voice_set_call(cl_voice *v, bool active);
bool cl_voice_in_call(const cl_voice *v);

void cl_voice_pump(cl_voice *v, double now);
bool cl_voice_poll_event(cl_voice *v, vc_event *ev);

/* The parts, for controls (mute, push-to-talk, volumes, mic test, devices, WAV files). */
vc_engine *cl_voice_engine(cl_voice *v);
aud_dev *cl_voice_dev(cl_voice *v);
vc_io *cl_voice_io(cl_voice *v);
/* Voice messages the session refused to send (its queue was full or it was not ready). */
uint64_t cl_voice_send_failed(const cl_voice *v);

#endif
