#!/usr/bin/env python3
"""Prints a base port P such that P … P+COUNT-1 are all free on 127.0.0.1."""
import random
import socket
import sys

count = int(sys.argv[1]) if len(sys.argv) > 1 else 4
for _ in range(200):
    base = random.randint(20000, 60000)
    sockets = []
    try:
        for offset in range(count):
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", base + offset))
            sockets.append(s)
    except OSError:
        continue
    finally:
        for s in sockets:
            s.close()
    if len(sockets) == count:
        print(base)
        sys.exit(0)
sys.exit("no free port range")
