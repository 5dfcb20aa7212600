/* net_posix.c — net.h's sockets on BSD sockets (Linux, macOS, the BSDs): non-blocking IPv4
 * UDP with batched receive and, on Linux, batched send.
 *
 * Receiving: each socket owns a batch of NET_RECV_BATCH datagram buffers, made at open. On
 * Linux one recvmmsg() fills it; elsewhere a loop of recvfrom() does. net_recv hands the
 * batch out one datagram at a time, so a busy endpoint makes about one system call per
 * batch instead of SDL2_net's select() plus recvfrom() per datagram. A Linux socket that
 * receives trains (below) turns on UDP_GRO and gets each train whole in one slot.
 * Sending: net_queue packs datagrams for one address back to back into a train, and one
 * sendmsg() with UDP_SEGMENT (Linux GSO, 4.18+) sends the train: the kernel routes and
 * builds it once and cuts it into datagrams at the end, which on loopback costs about a
 * third of one sendto() per datagram (docs/BENCHMARKS.md). Where GSO is missing or refused,
 * the train goes out one sendto() per datagram.
 * Only net_open, the first net_queue and the switch to GRO allocate; per datagram, sending,
 * receiving and waiting do not. */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* recvmmsg; must come before any system header */
#endif
#include "net_internal.h"

#if NET_BACKEND_POSIX

#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define NET_RECV_BATCH    32        /* datagrams read per system call */
#define NET_RECV_ATTEMPTS 64        /* unusable datagrams skipped per net_recv before giving up */
#define NET_SOCKET_BUFFER (4 << 20) /* asked-for kernel buffer each way; the OS may cap it */
#define NET_SLOT_BYTES    (NET_MAX_DATAGRAM + 1) /* one byte more, to see an oversize one */
#define NET_TRAIN_MAX     64          /* datagrams per GSO send: Linux's lowest UDP_MAX_SEGMENTS */
#define NET_TRAIN_BYTES   (63 * 1024) /* a train's bytes: under UDP's 65507-byte payload limit */

#define NET_GSO_STRIKES   8           /* EINVAL refusals in a row before GSO stops */
#define NET_GRO_SLOTS     4           /* coalesced receive buffers of a busy socket (Linux) */
#define NET_GRO_RUN       8           /* equal datagrams in a row from one sender that ... */
#define NET_GRO_MIN_BYTES 512         /* ... of at least this size, turn coalescing on */
#define NET_GRO_SLOT      (64 * 1024) /* one GSO train at most, so nothing is ever cut */

#if defined(__linux__) && !defined(UDP_SEGMENT)
#define UDP_SEGMENT 103 /* linux/udp.h; older C libraries lack them */
#endif
#if defined(__linux__) && !defined(UDP_GRO)
#define UDP_GRO 104
#endif

struct net_socket {
    int fd;
    uint16_t port;
    bool gso;        /* trains may leave in one UDP_SEGMENT send (cleared when refused) */
    int gso_strikes; /* GSO sends refused in a row with EINVAL */
    int next, count; /* slots next..count-1 hold datagrams not yet handed out */
    /* the send train: train_count datagrams for train_to, train_len bytes, each of train_seg
     * bytes but the last, which may be shorter (and then ends the train) */
    uint8_t *train; /* NET_TRAIN_BYTES, made by the first net_queue */
    size_t train_len, train_seg;
    int train_count;
    net_addr train_to;
    /* receive slot i holds len[i] bytes from from[i]: datagrams of seg[i] bytes (the last may
     * be shorter) of which off[i] bytes were handed out. A slot holds one datagram unless
     * GRO coalesced several (then seg is the sender's GSO segment size). */
    size_t len[NET_RECV_BATCH], seg[NET_RECV_BATCH], off[NET_RECV_BATCH];
    struct sockaddr_in from[NET_RECV_BATCH];
    /* A socket that receives trains (NET_GRO_RUN equal datagrams in a row from one sender,
     * as a bulk transfer sends them) switches to UDP_GRO, which hands it whole GSO trains,
     * into NET_GRO_SLOTS slots of NET_GRO_SLOT bytes made then. Sockets that see only voice
     * and chat (a load generator's thousand bots) never pay for the big slots. */
    uint8_t *gro;
    bool gro_wanted, gro_tried;
#if defined(__linux__)
    struct mmsghdr msg[NET_RECV_BATCH];
    struct iovec iov[NET_RECV_BATCH];
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } ctl[NET_RECV_BATCH];
#endif
    uint8_t data[NET_RECV_BATCH][NET_SLOT_BYTES];
};

static net_addr net_posix_from_sockaddr(const struct sockaddr_in *sa)
{
    return net_addr_make(ntohl(sa->sin_addr.s_addr), ntohs(sa->sin_port));
}

static struct sockaddr_in net_posix_to_sockaddr(const net_addr *a)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(a->ip);
    sa.sin_port = htons(a->port);
    return sa;
}

/* An error that an earlier datagram's ICMP reply left on the socket: it says nothing about
 * the socket itself, so reading goes on. */
static bool net_posix_transient(int e)
{
    return e == ECONNREFUSED || e == ECONNRESET || e == EHOSTUNREACH || e == ENETUNREACH;
}

/* ---- platform ---------------------------------------------------------------------------- */

const char *net_backend(void)
{
    return "posix";
}

bool net_init(char *err, size_t errcap)
{
    (void)err, (void)errcap; /* BSD sockets need no start-up */
    return true;
}

void net_quit(void) {}

bool net_backend_lookup(const char *name, uint32_t *ip)
{
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_DGRAM;
    if (getaddrinfo(name, NULL, &hints, &res) != 0 || !res) return false;
    bool ok = res->ai_family == AF_INET && res->ai_addrlen >= sizeof(struct sockaddr_in);
    if (ok) *ip = ntohl(((const struct sockaddr_in *)(const void *)res->ai_addr)->sin_addr.s_addr);
    freeaddrinfo(res);
    return ok;
}

/* ---- sockets ----------------------------------------------------------------------------- */

net_socket *net_open(uint16_t port, char *err, size_t errcap)
{
    net_socket *s = calloc(1, sizeof *s);
    if (!s) {
        net_error(err, errcap, "out of memory");
        return NULL;
    }
    s->fd = socket(AF_INET, SOCK_DGRAM, 0);
#if defined(__linux__)
    s->gso = true;
#endif
    if (s->fd < 0) {
        net_error(err, errcap, "cannot make a UDP socket: %s", strerror(errno));
        free(s);
        return NULL;
    }
    int flags = fcntl(s->fd, F_GETFL, 0);
    if (flags < 0 || fcntl(s->fd, F_SETFL, flags | O_NONBLOCK) < 0 ||
        fcntl(s->fd, F_SETFD, FD_CLOEXEC) < 0) {
        net_error(err, errcap, "cannot make the UDP socket non-blocking: %s", strerror(errno));
        net_close(s);
        return NULL;
    }
    /* Bigger buffers absorb a burst while the owner is busy (a server tick, a bulk sender on
     * the same machine). Best effort: the OS caps them (Linux: net.core.rmem_max). */
    int bytes = NET_SOCKET_BUFFER;
    (void)setsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
    (void)setsockopt(s->fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes);

    net_addr any = net_addr_make(0, port);
    struct sockaddr_in sa = net_posix_to_sockaddr(&any);
    if (bind(s->fd, (const struct sockaddr *)&sa, sizeof sa) < 0) {
        net_error(err, errcap, "cannot open UDP port %u: %s", (unsigned)port, strerror(errno));
        net_close(s);
        return NULL;
    }
    socklen_t salen = sizeof sa;
    if (getsockname(s->fd, (struct sockaddr *)&sa, &salen) < 0) {
        net_error(err, errcap, "cannot read the UDP socket's port: %s", strerror(errno));
        net_close(s);
        return NULL;
    }
    s->port = ntohs(sa.sin_port);
#if defined(__linux__)
    for (int i = 0; i < NET_RECV_BATCH; i++) {
        s->iov[i].iov_base = s->data[i];
        s->iov[i].iov_len = NET_SLOT_BYTES;
        s->msg[i].msg_hdr.msg_iov = &s->iov[i];
        s->msg[i].msg_hdr.msg_iovlen = 1;
    }
#endif
    return s;
}

void net_close(net_socket *s)
{
    if (!s) return;
    if (s->fd >= 0) {
        net_flush(s);
        close(s->fd);
    }
    free(s->train);
    free(s->gro);
    free(s);
}

uint16_t net_local_port(const net_socket *s)
{
    assert(s);
    return s->port;
}

static bool net_posix_sendto(net_socket *s, const net_addr *to, const void *data, size_t len)
{
    struct sockaddr_in sa = net_posix_to_sockaddr(to);
    ssize_t n;
    do {
        n = sendto(s->fd, data, len, 0, (const struct sockaddr *)&sa, sizeof sa);
    } while (n < 0 && errno == EINTR);
    return n == (ssize_t)len;
}

bool net_send(net_socket *s, const net_addr *to, const void *data, size_t len)
{
    assert(s && to && (data || len == 0));
    if (len > NET_MAX_DATAGRAM) return false;
    net_flush(s); /* what was queued before goes first */
    return net_posix_sendto(s, to, data, len);
}

#if defined(__linux__)
/* The whole train in one sendmsg(): 1 when sent; 0 when the OS refused the train (a full
 * buffer, no route: it is lost, as on a wire); -1 when the train must go one by one. */
static int net_posix_send_gso(net_socket *s)
{
    struct sockaddr_in sa = net_posix_to_sockaddr(&s->train_to);
    struct iovec iov = {.iov_base = s->train, .iov_len = s->train_len};
    union {
        char buf[CMSG_SPACE(sizeof(uint16_t))];
        struct cmsghdr align;
    } ctl;
    memset(&ctl, 0, sizeof ctl);
    struct msghdr msg = {.msg_name = &sa,
                         .msg_namelen = sizeof sa,
                         .msg_iov = &iov,
                         .msg_iovlen = 1,
                         .msg_control = ctl.buf,
                         .msg_controllen = sizeof ctl.buf};
    struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
    cm->cmsg_level = IPPROTO_UDP;
    cm->cmsg_type = UDP_SEGMENT;
    cm->cmsg_len = CMSG_LEN(sizeof(uint16_t));
    uint16_t seg = (uint16_t)s->train_seg;
    memcpy(CMSG_DATA(cm), &seg, sizeof seg);
    ssize_t n;
    do {
        n = sendmsg(s->fd, &msg, 0);
    } while (n < 0 && errno == EINTR);
    if (n == (ssize_t)s->train_len) {
        s->gso_strikes = 0;
        return 1;
    }
    if (n >= 0) return 0;
    if (errno == EIO || errno == ENOPROTOOPT || errno == EOPNOTSUPP) {
        s->gso = false; /* an old kernel or a device without checksum offload: for good */
        return -1;
    }
    if (errno == EINVAL) {
        /* a bad address (which the one-by-one sends report) or segments over the path MTU
         * (which repeat, so GSO stops after a few) */
        if (++s->gso_strikes >= NET_GSO_STRIKES) s->gso = false;
        return -1;
    }
    return 0;
}
#endif

bool net_flush(net_socket *s)
{
    assert(s);
    if (s->train_count == 0) return true;
    int sent = -1;
#if defined(__linux__)
    if (s->gso && s->train_count > 1) {
        sent = net_posix_send_gso(s);
    }
#endif
    if (sent < 0) {
        sent = 1;
        for (size_t off = 0; off < s->train_len; off += s->train_seg) {
            size_t len = s->train_len - off < s->train_seg ? s->train_len - off : s->train_seg;
            if (!net_posix_sendto(s, &s->train_to, s->train + off, len)) sent = 0;
        }
    }
    s->train_len = 0;
    s->train_count = 0;
    return sent == 1;
}

bool net_queue(net_socket *s, const net_addr *to, const void *data, size_t len)
{
    assert(s && to && (data || len == 0));
    if (len > NET_MAX_DATAGRAM) return false;
    if (!s->gso || len == 0) return net_send(s, to, data, len); /* a train would not help */
    if (!s->train && !(s->train = malloc(NET_TRAIN_BYTES))) return net_send(s, to, data, len);
    bool joins = s->train_count > 0 && s->train_count < NET_TRAIN_MAX &&
                 net_addr_equal(&s->train_to, to) && len <= s->train_seg &&
                 s->train_len == (size_t)s->train_count * s->train_seg && /* no short one yet */
                 s->train_len + len <= NET_TRAIN_BYTES;
    if (!joins) {
        net_flush(s); /* a refusal there lost earlier datagrams, not this one */
        s->train_to = *to;
        s->train_seg = len;
    }
    memcpy(s->train + s->train_len, data, len);
    s->train_len += len;
    s->train_count++;
    return true;
}

#if defined(__linux__)
/* Switches a busy socket to coalesced receive; on any refusal it stays as it is. */
static void net_posix_start_gro(net_socket *s)
{
    s->gro_tried = true;
    int one = 1;
    uint8_t *big = malloc((size_t)NET_GRO_SLOTS * NET_GRO_SLOT);
    if (!big || setsockopt(s->fd, IPPROTO_UDP, UDP_GRO, &one, sizeof one) < 0) {
        free(big);
        return;
    }
    s->gro = big;
    for (int i = 0; i < NET_GRO_SLOTS; i++) {
        s->iov[i].iov_base = s->gro + (size_t)i * NET_GRO_SLOT;
        s->iov[i].iov_len = NET_GRO_SLOT;
    }
}

/* The GSO segment size the kernel reports for a coalesced slot; 0 when it is one datagram. */
static size_t net_posix_gro_size(struct msghdr *h)
{
    for (struct cmsghdr *cm = CMSG_FIRSTHDR(h); cm; cm = CMSG_NXTHDR(h, cm))
        if (cm->cmsg_level == IPPROTO_UDP && cm->cmsg_type == UDP_GRO &&
            cm->cmsg_len >= CMSG_LEN(sizeof(int))) {
            int size;
            memcpy(&size, CMSG_DATA(cm), sizeof size);
            return size > 0 ? (size_t)size : 0;
        }
    return 0;
}

/* Did the batch just read hold a run of equal datagrams from one sender, long enough to be
 * worth coalescing (a bulk transfer or video, not voice or chat)? */
static bool net_posix_is_train(const net_socket *s)
{
    int run = 1;
    for (int i = 1; i < s->count && run < NET_GRO_RUN; i++) {
        bool same = s->len[i] == s->len[i - 1] && s->len[i] >= NET_GRO_MIN_BYTES &&
                    s->from[i].sin_port == s->from[i - 1].sin_port &&
                    s->from[i].sin_addr.s_addr == s->from[i - 1].sin_addr.s_addr;
        run = same ? run + 1 : 1;
    }
    return run >= NET_GRO_RUN;
}
#endif

static uint8_t *net_posix_slot(net_socket *s, int i)
{
    return s->gro ? s->gro + (size_t)i * NET_GRO_SLOT : s->data[i];
}

/* Reads what is waiting into the receive slots (one system call on Linux): how many slots
 * were filled (0 when nothing is waiting), or -1 on an error of the socket itself. Called
 * only when every slot has been handed out. */
static int net_posix_fill(net_socket *s)
{
    s->next = s->count = 0;
#if defined(__linux__)
    if (s->gro_wanted && !s->gro_tried) net_posix_start_gro(s);
    int slots = s->gro ? NET_GRO_SLOTS : NET_RECV_BATCH;
    for (int i = 0; i < slots; i++) {
        struct msghdr *h = &s->msg[i].msg_hdr;
        h->msg_name = &s->from[i];
        h->msg_namelen = sizeof s->from[i];
        h->msg_control = s->ctl[i].buf;
        h->msg_controllen = sizeof s->ctl[i].buf;
        h->msg_flags = 0;
    }
    int got = recvmmsg(s->fd, s->msg, (unsigned)slots, MSG_DONTWAIT, NULL);
    if (got < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return 0;
        return net_posix_transient(errno) ? 0 : -1;
    }
    for (int i = 0; i < got; i++) {
        struct msghdr *h = &s->msg[i].msg_hdr;
        size_t len = s->msg[i].msg_len, seg = s->gro ? net_posix_gro_size(h) : 0;
        /* MSG_TRUNC: it did not fit the slot (a datagram over NET_MAX_DATAGRAM, or a train
         * over 64 KiB): one oversize entry, which net_recv drops */
        if (h->msg_flags & MSG_TRUNC) len = seg = NET_SLOT_BYTES;
        s->len[i] = len;
        s->seg[i] = seg > 0 && seg < len ? seg : len;
        s->off[i] = 0;
    }
    s->count = got;
    if (!s->gro) s->gro_wanted = s->gro_wanted || net_posix_is_train(s);
#else
    for (int tries = 0; tries < NET_RECV_ATTEMPTS && s->count < NET_RECV_BATCH; tries++) {
        int i = s->count;
        socklen_t salen = sizeof s->from[i];
        ssize_t n =
            recvfrom(s->fd, s->data[i], NET_SLOT_BYTES, 0, (struct sockaddr *)&s->from[i], &salen);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) break;
            if (net_posix_transient(errno)) continue;
            if (s->count == 0) return -1;
            break; /* hand out what was read; the error comes back on the next fill */
        }
        s->len[i] = s->seg[i] = (size_t)n;
        s->off[i] = 0;
        s->count++;
    }
#endif
    return s->count;
}

int net_recv(net_socket *s, void *buf, size_t cap, net_addr *from)
{
    assert(s && buf && from);
    /* Empty, oversized (longer than NET_MAX_DATAGRAM, so possibly cut) and too-long-for-cap
     * datagrams are dropped, never truncated; a bounded number per call, so a flood of them
     * cannot hold the caller here. */
    for (int i = 0; i < NET_RECV_ATTEMPTS; i++) {
        if (s->next == s->count) {
            net_flush(s); /* bounds how long a queued reply waits on a busy loop */
            int got = net_posix_fill(s);
            if (got <= 0) return got;
        }
        int slot = s->next;
        size_t rest = s->len[slot] - s->off[slot];
        size_t len = rest < s->seg[slot] ? rest : s->seg[slot];
        const uint8_t *data = net_posix_slot(s, slot) + s->off[slot];
        s->off[slot] += len;
        if (s->off[slot] >= s->len[slot]) s->next++;
        if (len == 0 || len > NET_MAX_DATAGRAM || len > cap) continue;
        if (s->from[slot].sin_family != AF_INET) continue;
        memcpy(buf, data, len);
        *from = net_posix_from_sockaddr(&s->from[slot]);
        return (int)len;
    }
    return 0;
}

bool net_wait(net_socket *s, int timeout_ms)
{
    assert(s && timeout_ms >= 0);
    net_flush(s);                        /* never sleep on queued datagrams */
    if (s->next < s->count) return true; /* read by an earlier batch, not yet handed out */
    struct pollfd p = {.fd = s->fd, .events = POLLIN};
    return poll(&p, 1, timeout_ms) > 0 && (p.revents & POLLIN);
}

#endif /* NET_BACKEND_POSIX */
