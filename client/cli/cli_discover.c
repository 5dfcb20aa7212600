/* cli_discover.c — parley-cli --discover: probe, list the servers that answer, exit. */
#include "cli.h"

#include "cl_discover.h"
#include "net.h"

#define CLI_DISCOVER_PROBES 3 /* sent over the first half of the wait, against loss */

int cli_discover_run(cli *c)
{
    char err[256];
    if (!net_init(err, sizeof err)) {
        cli_out_error(&c->out, "network", "%s", err);
        return CLI_EXIT_ERROR;
    }
    net_addr to;
    if (!net_resolve(c->args.o.discover_addr, 7777, &to, err, sizeof err)) {
        cli_out_error(&c->out, "bad_address", "--discover-addr: %s", err);
        net_quit();
        return CLI_EXIT_USAGE;
    }
    net_socket *sock = net_open(0, err, sizeof err);
    if (!sock) {
        cli_out_error(&c->out, "network", "%s", err);
        net_quit();
        return CLI_EXIT_ERROR;
    }
    cl_discover d;
    cl_discover_init(&d);
    uint8_t probe[DISC_PROBE_SIZE], buf[NET_MAX_DATAGRAM];
    size_t plen = cl_discover_probe(&d, probe, sizeof probe);
    double start = cli_term_now(), wait = c->args.discover_time;
    int sent = 0;
    bool send_failed = false;
    for (double now = start; now - start < wait && !cli_term_interrupted(); now = cli_term_now()) {
        if (sent < CLI_DISCOVER_PROBES && now - start >= sent * wait / (2 * CLI_DISCOVER_PROBES)) {
            if (!net_send(sock, &to, probe, plen) && !send_failed) {
                send_failed = true;
                cli_out_error(&c->out, "network",
                              "cannot send the probe to %s (no network, or broadcasts are "
                              "not allowed here)",
                              c->args.o.discover_addr);
            }
            sent++;
        }
        if (!net_wait(sock, 20)) continue;
        net_addr from;
        int n;
        while ((n = net_recv(sock, buf, sizeof buf, &from)) > 0) {
            const cl_found *f = cl_discover_on_datagram(&d, &from, buf, (size_t)n);
            if (f) cli_out_found(&c->out, f);
        }
    }
    cli_out_discover_done(&c->out, d.count);
    net_close(sock);
    net_quit();
    return CLI_EXIT_OK;
}
