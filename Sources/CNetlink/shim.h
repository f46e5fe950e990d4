#ifndef KWIK_CNETLINK_SHIM_H
#define KWIK_CNETLINK_SHIM_H

#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/genetlink.h>
#include <linux/sock_diag.h>
#include <linux/inet_diag.h>
#include <linux/mptcp.h>

/* Glibc's <netinet/tcp.h> (imported by Swift's Glibc module) defines these tags differently;
 * renaming the kernel's copies keeps both modules importable in one Swift file. */
#define tcphdr linux_tcphdr
#define tcp_info linux_tcp_info
#define tcp_md5sig linux_tcp_md5sig
#define tcp_repair_opt linux_tcp_repair_opt
#define tcp_repair_window linux_tcp_repair_window
#define tcp_zerocopy_receive linux_tcp_zerocopy_receive
#include <linux/tcp.h>
#undef tcphdr
#undef tcp_info
#undef tcp_md5sig
#undef tcp_repair_opt
#undef tcp_repair_window
#undef tcp_zerocopy_receive

/* struct mptcp_info as Linux 6.10 and later lay it out (96 bytes): the installed headers may stop at
 * mptcpi_csum_enabled (48 bytes with padding), before the retransmission and byte counters and the
 * last-activity ages. The leading fields are the headers' own, at the same offsets. */
struct kwik_mptcp_info {
    __u8 mptcpi_subflows;
    __u8 mptcpi_add_addr_signal;
    __u8 mptcpi_add_addr_accepted;
    __u8 mptcpi_subflows_max;
    __u8 mptcpi_add_addr_signal_max;
    __u8 mptcpi_add_addr_accepted_max;
    __u32 mptcpi_flags;
    __u32 mptcpi_token;
    __u64 mptcpi_write_seq;
    __u64 mptcpi_snd_una;
    __u64 mptcpi_rcv_nxt;
    __u8 mptcpi_local_addr_used;
    __u8 mptcpi_local_addr_max;
    __u8 mptcpi_csum_enabled;
    __u32 mptcpi_retransmits;
    __u64 mptcpi_bytes_retrans;
    __u64 mptcpi_bytes_sent;
    __u64 mptcpi_bytes_received;
    __u64 mptcpi_bytes_acked;
    __u8 mptcpi_subflows_total;
    __u8 kwik_reserved[3];
    __u32 mptcpi_last_data_sent;
    __u32 mptcpi_last_data_recv;
    __u32 mptcpi_last_ack_recv;
};

/* Function-like and expression macros that Swift cannot import, re-exported as enum constants. */
enum {
    KWIK_NLMSG_ALIGNTO = NLMSG_ALIGNTO,
    KWIK_NLMSG_HDRLEN = NLMSG_HDRLEN,
    KWIK_NLA_ALIGNTO = NLA_ALIGNTO,
    KWIK_NLA_HDRLEN = NLA_HDRLEN,
    KWIK_NLA_F_NESTED = NLA_F_NESTED,
    KWIK_NLA_TYPE_MASK = NLA_TYPE_MASK & 0xffff,
    KWIK_GENL_HDRLEN = GENL_HDRLEN,
    KWIK_IPPROTO_MPTCP = 262,
    KWIK_MPTCP_INFO_FLAG_FALLBACK = MPTCP_INFO_FLAG_FALLBACK,
    KWIK_MPTCP_INFO_FLAG_REMOTE_KEY_RECEIVED = MPTCP_INFO_FLAG_REMOTE_KEY_RECEIVED,
    KWIK_MPTCP_SUBFLOW_FLAG_MCAP_REM = MPTCP_SUBFLOW_FLAG_MCAP_REM,
    KWIK_MPTCP_SUBFLOW_FLAG_MCAP_LOC = MPTCP_SUBFLOW_FLAG_MCAP_LOC,
    KWIK_MPTCP_SUBFLOW_FLAG_JOIN_REM = MPTCP_SUBFLOW_FLAG_JOIN_REM,
    KWIK_MPTCP_SUBFLOW_FLAG_JOIN_LOC = MPTCP_SUBFLOW_FLAG_JOIN_LOC,
    KWIK_MPTCP_SUBFLOW_FLAG_BKUP_REM = MPTCP_SUBFLOW_FLAG_BKUP_REM,
    KWIK_MPTCP_SUBFLOW_FLAG_BKUP_LOC = MPTCP_SUBFLOW_FLAG_BKUP_LOC,
    KWIK_MPTCP_SUBFLOW_FLAG_FULLY_ESTABLISHED = MPTCP_SUBFLOW_FLAG_FULLY_ESTABLISHED,
    KWIK_MPTCP_SUBFLOW_FLAG_CONNECTED = MPTCP_SUBFLOW_FLAG_CONNECTED,
    KWIK_MPTCP_SUBFLOW_FLAG_MAPVALID = MPTCP_SUBFLOW_FLAG_MAPVALID,
    KWIK_MPTCP_PM_VER = MPTCP_PM_VER,
};

static inline const char *kwik_mptcp_pm_name(void) { return MPTCP_PM_NAME; }
static inline const char *kwik_mptcp_pm_events_group_name(void) { return MPTCP_PM_EV_GRP_NAME; }

#endif
