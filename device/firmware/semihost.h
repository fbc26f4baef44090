/* Minimal ARM semihosting (the host debugger or QEMU's -semihosting does the I/O). */
#ifndef FW_SEMIHOST_H
#define FW_SEMIHOST_H
#include <stdint.h>

enum { SH_READ_BINARY = 1, SH_WRITE_BINARY = 5, SH_APPEND = 8 };

int32_t sh_open(const char *path, int32_t mode);       /* handle, or -1 */
int32_t sh_close(int32_t handle);
int32_t sh_write(int32_t handle, const void *data, uint32_t bytes); /* 0 when all were written */
int32_t sh_read(int32_t handle, void *data, uint32_t bytes);        /* bytes NOT read */
int32_t sh_length(int32_t handle);                      /* file length, or -1 */
void sh_write_stderr(const char *text);
__attribute__((noreturn)) void sh_exit(int32_t code);

#endif
