#!/usr/bin/env python3
"""Free loopback ports: the one finder for the checks in .ci/ and the scripts here.

usage: scripts/loopback.py [COUNT]   prints a base port P such that P ... P+COUNT-1 (default 4) are all
                                     free on 127.0.0.1 now
From Python: `from loopback import free_base_port`.
"""
import random
import socket
import sys


def free_base_port(count):
    """The first of `count` consecutive loopback ports that are all free now. The base is random, so
    that runs side by side on one machine rarely pick the same ports."""
    for _ in range(200):
        base = random.randint(20000, 60000 - count)
        sockets = []
        try:
            for offset in range(count):
                s = socket.socket()
                # As the servers bind: a port whose last connection is in TIME_WAIT is free.
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("127.0.0.1", base + offset))
                sockets.append(s)
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    sys.exit("no free port range")


if __name__ == "__main__":
    print(free_base_port(int(sys.argv[1]) if len(sys.argv) > 1 else 4))
