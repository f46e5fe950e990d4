#ifndef C_ALLOCATION_WATCH_H
#define C_ALLOCATION_WATCH_H

#include <stddef.h>

/// Starts (or restarts) recording the size of the largest single allocation, through the address
/// sanitizer's malloc hook; the fuzz target is always built with it.
void allocation_watch_start(void);

/// The largest allocation, in bytes, since the last `allocation_watch_start`.
size_t allocation_watch_largest(void);

#endif
