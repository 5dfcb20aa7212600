/* netsim_args.c — netsim's command line: every value checked, with a message that says what
 * to pass instead. */
#include "netsim.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

void netsim_args_usage(FILE *f)
{
    fprintf(f,
            "usage: netsim --listen PORT --target HOST:PORT [options]\n"
            "\n"
            "A UDP proxy that impairs traffic both ways, for testing Parley on one machine.\n"
            "Each client address gets its own socket towards the target, so the target sees\n"
            "distinct peers; replies go back to the client they belong to.\n"
            "\n"
            "  --listen PORT        port to listen on for clients (0: any free port)\n"
            "  --target HOST:PORT   where to forward to; must be a loopback address\n"
            "  --allow-remote       allow a target that is not on this machine\n"
            "  --latency MS         one-way delay, 0..%.0f (default 0)\n"
            "  --jitter MS          extra delay, uniform in [0, MS], 0..%.0f (default 0)\n"
            "  --loss PCT           datagrams dropped, 0..100 (default 0)\n"
            "  --dup PCT            datagrams delivered twice, 0..100 (default 0)\n"
            "  --reorder PCT        datagrams held back so later ones overtake, 0..100\n"
            "  --bandwidth KBPS     link rate in kilobits/s per client and direction, 0 or\n"
            "                       %.0f..%.0f (default 0: unlimited); the link queue holds\n"
            "                       %.0f ms of traffic, beyond it datagrams are dropped\n"
            "  --seed N             random seed, to repeat a run's choices (default: clock)\n"
            "  --duration S         stop after S seconds (default: run until SIGINT/SIGTERM)\n"
            "  --max-clients N      distinct clients at once, 1..%d (default %d); a client\n"
            "                       silent both ways for %.0f s is forgotten\n"
            "  --help               this text\n"
            "\n"
            "Prints 'netsim listening on port N -> HOST:PORT' on stdout when ready, and\n"
            "per-direction counts on stderr when it stops. Exit status 2: bad usage.\n",
            NETSIM_MAX_DELAY_MS, NETSIM_MAX_DELAY_MS, NETSIM_MIN_KBPS, NETSIM_MAX_KBPS,
            NETSIM_QUEUE_SECONDS * 1000, NETSIM_MAX_CLIENTS, NETSIM_DEFAULT_CLIENTS,
            NETSIM_IDLE_SECONDS);
}

static void netsim_args_error(char *err, size_t errcap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errcap, fmt, ap);
    va_end(ap);
}

/* Plain decimal "12", "12.5", ".5": no sign, exponent, hex, inf or spaces. */
static bool netsim_args_number(const char *text, double min, double max, double *out)
{
    size_t len = strlen(text);
    if (len == 0 || len > 32 || strspn(text, "0123456789.") != len) return false;
    if (strchr(text, '.') != strrchr(text, '.') || strcmp(text, ".") == 0) return false;
    char *end;
    double v = strtod(text, &end);
    if (*end != '\0' || !isfinite(v) || v < min || v > max) return false;
    *out = v;
    return true;
}

static bool netsim_args_uint(const char *text, uint64_t max, uint64_t *out)
{
    size_t len = strlen(text);
    if (len == 0 || len > 20 || strspn(text, "0123456789") != len) return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno == ERANGE || *end != '\0' || v > max) return false;
    *out = (uint64_t)v;
    return true;
}

typedef enum netsim_args_kind {
    NETSIM_ARG_DOUBLE, /* stored as double */
    NETSIM_ARG_PORT,   /* uint16_t */
    NETSIM_ARG_INT,    /* int, whole numbers only */
    NETSIM_ARG_SEED,   /* uint64_t, any */
} netsim_args_kind;

/* One option taking a value: where it is stored and which values it accepts. */
typedef struct netsim_args_spec {
    const char *name;
    netsim_args_kind kind;
    size_t offset; /* into netsim_options */
    bool zero_ok;  /* 0 accepted even when below min */
    double min, max;
    const char *expect; /* for the error message */
} netsim_args_spec;

#define NETSIM_FIELD(f) offsetof(netsim_options, f)
static const netsim_args_spec netsim_args_specs[] = {
    {"--listen", NETSIM_ARG_PORT, NETSIM_FIELD(listen_port), true, 0, 65535, "a port 0..65535"},
    {"--latency", NETSIM_ARG_DOUBLE, NETSIM_FIELD(latency_ms), true, 0, NETSIM_MAX_DELAY_MS,
     "milliseconds, 0..5000"},
    {"--jitter", NETSIM_ARG_DOUBLE, NETSIM_FIELD(jitter_ms), true, 0, NETSIM_MAX_DELAY_MS,
     "milliseconds, 0..5000"},
    {"--loss", NETSIM_ARG_DOUBLE, NETSIM_FIELD(loss_pct), true, 0, 100, "a percentage, 0..100"},
    {"--dup", NETSIM_ARG_DOUBLE, NETSIM_FIELD(dup_pct), true, 0, 100, "a percentage, 0..100"},
    {"--reorder", NETSIM_ARG_DOUBLE, NETSIM_FIELD(reorder_pct), true, 0, 100,
     "a percentage, 0..100"},
    {"--bandwidth", NETSIM_ARG_DOUBLE, NETSIM_FIELD(bandwidth_kbps), true, NETSIM_MIN_KBPS,
     NETSIM_MAX_KBPS, "kilobits/s: 0 (unlimited), or 8..10000000"},
    {"--seed", NETSIM_ARG_SEED, NETSIM_FIELD(seed), true, 0, 0,
     "a whole number 0..18446744073709551615"},
    {"--duration", NETSIM_ARG_DOUBLE, NETSIM_FIELD(duration_s), false, 0.001, NETSIM_MAX_DURATION_S,
     "seconds, 0.001..31536000"},
    {"--max-clients", NETSIM_ARG_INT, NETSIM_FIELD(max_clients), false, 1, NETSIM_MAX_CLIENTS,
     "a number 1..512"},
};

/* Parses one value for spec into *o; false with a message when it does not fit. */
static bool netsim_args_value(const netsim_args_spec *spec, const char *text, netsim_options *o,
                              char *err, size_t errcap)
{
    char *field = (char *)o + spec->offset;
    double v = 0;
    uint64_t u = 0;
    bool ok;
    if (spec->kind == NETSIM_ARG_SEED) {
        ok = netsim_args_uint(text, UINT64_MAX, &u);
    } else if (spec->kind == NETSIM_ARG_DOUBLE) {
        ok = netsim_args_number(text, 0, spec->max, &v);
    } else {
        ok = netsim_args_uint(text, (uint64_t)spec->max, &u);
        v = (double)u;
    }
    if (ok && v < spec->min && !(spec->zero_ok && v == 0)) ok = false;
    if (!ok) {
        netsim_args_error(err, errcap, "%s '%s': expected %s", spec->name, text, spec->expect);
        return false;
    }
    switch (spec->kind) {
    case NETSIM_ARG_DOUBLE:
        memcpy(field, &v, sizeof v);
        break;
    case NETSIM_ARG_SEED:
        memcpy(field, &u, sizeof u);
        break;
    case NETSIM_ARG_PORT: {
        uint16_t port = (uint16_t)u;
        memcpy(field, &port, sizeof port);
        break;
    }
    case NETSIM_ARG_INT: {
        int n = (int)u;
        memcpy(field, &n, sizeof n);
        break;
    }
    }
    return true;
}

netsim_args_result netsim_args_parse(int argc, char **argv, netsim_options *out, char *err,
                                     size_t errcap)
{
    netsim_options o = {.max_clients = NETSIM_DEFAULT_CLIENTS};
    const char *target_text = NULL;
    bool listen_given = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) return NETSIM_ARGS_HELP;
        if (!strcmp(arg, "--allow-remote")) {
            o.allow_remote = true;
            continue;
        }
        const netsim_args_spec *spec = NULL;
        for (size_t k = 0; k < sizeof netsim_args_specs / sizeof netsim_args_specs[0]; k++)
            if (!strcmp(arg, netsim_args_specs[k].name)) spec = &netsim_args_specs[k];
        if (!spec && strcmp(arg, "--target") != 0) {
            netsim_args_error(err, errcap, "unknown option '%s' (see --help)", arg);
            return NETSIM_ARGS_BAD;
        }
        if (i + 1 >= argc) {
            netsim_args_error(err, errcap, "%s needs a value (see --help)", arg);
            return NETSIM_ARGS_BAD;
        }
        const char *value = argv[++i];
        if (!spec) {
            target_text = value;
            continue;
        }
        if (!netsim_args_value(spec, value, &o, err, errcap)) return NETSIM_ARGS_BAD;
        listen_given |= spec->kind == NETSIM_ARG_PORT;
        o.seed_given |= spec->kind == NETSIM_ARG_SEED;
    }
    if (!listen_given) {
        netsim_args_error(err, errcap, "--listen PORT is required (0 picks a free port)");
        return NETSIM_ARGS_BAD;
    }
    if (!target_text) {
        netsim_args_error(err, errcap, "--target HOST:PORT is required");
        return NETSIM_ARGS_BAD;
    }
    char why[128] = "";
    if (!strchr(target_text, ':')) {
        netsim_args_error(err, errcap, "--target '%s': expected HOST:PORT", target_text);
        return NETSIM_ARGS_BAD;
    }
    if (!net_resolve(target_text, 0, &o.target, why, sizeof why)) {
        netsim_args_error(err, errcap, "--target '%s': %s", target_text, why);
        return NETSIM_ARGS_BAD;
    }
    if (o.target.port == 0) {
        netsim_args_error(err, errcap, "--target '%s': port must be 1..65535", target_text);
        return NETSIM_ARGS_BAD;
    }
    if (!o.allow_remote && !net_addr_is_loopback(&o.target)) {
        char text[NET_ADDR_STR_MAX];
        netsim_args_error(err, errcap,
                          "--target %s is not a loopback address (127.x.x.x); add "
                          "--allow-remote to proxy to another machine",
                          net_addr_str(&o.target, text));
        return NETSIM_ARGS_BAD;
    }
    *out = o;
    return NETSIM_ARGS_RUN;
}

sim_config netsim_args_sim_config(const netsim_options *o, uint64_t seed)
{
    double bytes_per_s = o->bandwidth_kbps * 1000.0 / 8.0;
    double queue = bytes_per_s * NETSIM_QUEUE_SECONDS;
    if (queue < NETSIM_QUEUE_MIN_BYTES) queue = NETSIM_QUEUE_MIN_BYTES;
    return (sim_config){
        .latency = o->latency_ms / 1000.0,
        .jitter = o->jitter_ms / 1000.0,
        .loss = o->loss_pct / 100.0,
        .duplicate = o->dup_pct / 100.0,
        .reorder = o->reorder_pct / 100.0,
        .bandwidth = bytes_per_s,
        .queue_bytes = (size_t)queue,
        .seed = seed,
    };
}
