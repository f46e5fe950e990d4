#include "CAllocationWatch.h"

#include <sanitizer/allocator_interface.h>
#include <stdatomic.h>

static _Atomic size_t largest;
static atomic_flag installed = ATOMIC_FLAG_INIT;

static void on_malloc(const volatile void *pointer, size_t size) {
    (void)pointer;
    size_t seen = atomic_load_explicit(&largest, memory_order_relaxed);
    while (size > seen && !atomic_compare_exchange_weak_explicit(&largest, &seen, size, memory_order_relaxed, memory_order_relaxed)) {
    }
}

static void on_free(const volatile void *pointer) {
    (void)pointer;
}

void allocation_watch_start(void) {
    if (!atomic_flag_test_and_set(&installed)) {
        __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);
    }
    atomic_store_explicit(&largest, 0, memory_order_relaxed);
}

size_t allocation_watch_largest(void) {
    return atomic_load_explicit(&largest, memory_order_relaxed);
}
