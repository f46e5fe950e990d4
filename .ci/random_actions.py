#!/usr/bin/env python3
"""Prints `--at` arguments for a seeded random run of path actions that always leaves at least one
path usable.

usage: random_actions.py SEED COUNT SECONDS PATHS
"""
import random
import sys

KILL_RECOVERY = 2.0  # a killed path is counted as down this long (it reconnects by itself)


def main():
    seed, count, seconds, paths = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(seed)
    times = sorted(rng.uniform(0.5, seconds) for _ in range(count))
    state = {p: "up" for p in range(1, paths + 1)}
    killed_until = {}
    args = []
    for t in times:
        for p, until in list(killed_until.items()):
            if until <= t:
                state[p] = "up"
                del killed_until[p]
        up = [p for p in state if state[p] == "up"]
        choices = []
        for p, s in state.items():
            if s == "up" and len(up) > 1:
                choices += [(p, "disable"), (p, "kill"), (p, "blackhole")]
            elif s == "disabled":
                choices.append((p, "enable"))
            elif s == "blackholed":
                choices.append((p, "restore"))
        if not choices:
            continue
        path, action = rng.choice(choices)
        state[path] = {"disable": "disabled", "kill": "killed", "blackhole": "blackholed"}.get(action, "up")
        if action == "kill":
            killed_until[path] = t + KILL_RECOVERY
        args += ["--at", f"{int(t * 1000)}ms:{action}:{path}"]
    print(" ".join(args))


if __name__ == "__main__":
    main()
