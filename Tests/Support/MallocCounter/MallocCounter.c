// Test support: counts the calling thread's heap allocations by interposing the C allocator
// (the test executable's definitions take precedence over libc's). Used to prove that
// Interpreter.invoke() allocates nothing.
#define _GNU_SOURCE
#include <stddef.h>
#include <errno.h>
#include "MallocCounter.h"

// AddressSanitizer owns the allocator in sanitized builds: interposing it too would mix heaps.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KINGLET_NO_INTERPOSE 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define KINGLET_NO_INTERPOSE 1
#endif

#ifdef KINGLET_NO_INTERPOSE
void kinglet_malloc_counter_start(void) {}
long kinglet_malloc_counter_stop(void) { return 0; }
int kinglet_malloc_counter_available(void) { return 0; }
#else
int kinglet_malloc_counter_available(void) { return 1; }

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static _Thread_local int counting = 0;
static _Thread_local long allocations = 0;

static void note(void) {
    if (counting) allocations += 1;
}

void *malloc(size_t size) { note(); return __libc_malloc(size); }
void *calloc(size_t count, size_t size) { note(); return __libc_calloc(count, size); }
void *realloc(void *pointer, size_t size) { note(); return __libc_realloc(pointer, size); }
void *memalign(size_t alignment, size_t size) { note(); return __libc_memalign(alignment, size); }
void *aligned_alloc(size_t alignment, size_t size) { note(); return __libc_memalign(alignment, size); }

int posix_memalign(void **result, size_t alignment, size_t size) {
    note();
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL) return ENOMEM;
    *result = pointer;
    return 0;
}

void kinglet_malloc_counter_start(void) {
    allocations = 0;
    counting = 1;
}

long kinglet_malloc_counter_stop(void) {
    counting = 0;
    return allocations;
}

#endif
