#ifndef KINGLET_MALLOC_COUNTER_H
#define KINGLET_MALLOC_COUNTER_H

/// Starts counting heap allocations made by the calling thread.
void kinglet_malloc_counter_start(void);
/// Stops counting and returns the number of allocations since the start.
long kinglet_malloc_counter_stop(void);

#endif
