/* A counting heap for builds whose Kinglet core still allocates (KINGLET_HEAP_SHIM=1 only):
   a bump allocator over a static pool that records the peak of live bytes. Freed blocks are
   reused only when they are the last ones. Also the seed Swift's Hasher asks for. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "firmware.h"

#ifndef FW_HEAP_BYTES
#define FW_HEAP_BYTES (1024u * 1024u)
#endif
#define HEADER 16u /* keeps every block 16-byte aligned; holds the block's size */

__attribute__((section(".heap"), aligned(16)))
static unsigned char pool[FW_HEAP_BYTES];
static uint32_t top, live, peak, total;

uint32_t fw_heap_peak(void) { return peak; }
uint32_t fw_heap_total(void) { return total; }

int posix_memalign(void **out, size_t alignment, size_t size) {
    if (alignment < HEADER) alignment = HEADER;
    if (alignment & (alignment - 1)) return EINVAL;
    uint32_t start = (uint32_t)((top + HEADER + alignment - 1) & ~(alignment - 1));
    size_t rounded = (size + 15u) & ~(size_t)15u;
    if (rounded < size || start > FW_HEAP_BYTES || rounded > FW_HEAP_BYTES - start) return ENOMEM;
    uint32_t *header = (uint32_t *)(pool + start - HEADER);
    header[0] = (uint32_t)rounded;
    header[1] = top; /* where the bump pointer was, to give the block back if it is the last */
    top = start + (uint32_t)rounded;
    live += (uint32_t)size;
    total += (uint32_t)size;
    header[2] = (uint32_t)size;
    if (live > peak) peak = live;
    *out = pool + start;
    return 0;
}

void *malloc(size_t size) {
    void *p;
    return posix_memalign(&p, HEADER, size) == 0 ? p : NULL;
}

void *aligned_alloc(size_t alignment, size_t size) {
    void *p;
    return posix_memalign(&p, alignment, size) == 0 ? p : NULL;
}

void *memalign(size_t alignment, size_t size) { return aligned_alloc(alignment, size); }

void free(void *p) {
    if (!p) return;
    uint32_t *header = (uint32_t *)((unsigned char *)p - HEADER);
    live -= header[2];
    if ((unsigned char *)p + header[0] == pool + top) top = header[1];
}

void *calloc(size_t count, size_t size) {
    size_t bytes = count * size;
    if (size && bytes / size != count) return NULL;
    void *p = malloc(bytes);
    if (p) memset(p, 0, bytes);
    return p;
}

void *realloc(void *old, size_t size) {
    if (!old) return malloc(size);
    uint32_t old_size = ((uint32_t *)((unsigned char *)old - HEADER))[2];
    void *p = malloc(size);
    if (p) {
        memcpy(p, old, old_size < size ? old_size : size);
        free(old);
    }
    return p;
}

/* Swift's Hasher asks for a random seed (arc4random_buf). Defined here rather than newlib's, which
   would need getentropy and pull in signal handling; deterministic, so every run gives the same
   result. */
void arc4random_buf(void *buffer, size_t length) {
    unsigned char *bytes = buffer;
    for (size_t i = 0; i < length; i++) bytes[i] = (unsigned char)(0x9E + 37 * i);
}
