"""Shared by the benchmark scripts: free loopback ports."""
import socket
import sys


def free_base_port(count):
    """The first of `count` consecutive loopback ports that are all free now."""
    for base in range(42000, 60000, 16):
        sockets = []
        try:
            for offset in range(count):
                s = socket.socket()
                s.bind(("127.0.0.1", base + offset))
                sockets.append(s)
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    sys.exit("no free ports")
