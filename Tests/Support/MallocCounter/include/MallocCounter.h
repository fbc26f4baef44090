#ifndef KINGLET_MALLOC_COUNTER_H
#define KINGLET_MALLOC_COUNTER_H

/// Starts counting heap allocations made by the calling thread.
void kinglet_malloc_counter_start(void);
/// Stops counting and returns the number of allocations since the start.
long kinglet_malloc_counter_stop(void);

/// 1 when allocations are counted; 0 in AddressSanitizer builds, where ASan owns the allocator.
int kinglet_malloc_counter_available(void);

#endif
