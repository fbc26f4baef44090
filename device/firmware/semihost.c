/* ARM semihosting calls: `bkpt 0xab` with the operation in r0 and a parameter block in r1. */
#include "semihost.h"

enum {
    SYS_OPEN = 0x01, SYS_CLOSE = 0x02, SYS_WRITE = 0x05, SYS_READ = 0x06,
    SYS_FLEN = 0x0C, SYS_EXIT = 0x18, SYS_EXIT_EXTENDED = 0x20
};
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

static int32_t semihost(int32_t operation, const void *parameters) {
    register int32_t r0 __asm__("r0") = operation;
    register const void *r1 __asm__("r1") = parameters;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

static uint32_t length_of(const char *text) {
    uint32_t n = 0;
    while (text[n]) n++;
    return n;
}

int32_t sh_open(const char *path, int32_t mode) {
    uint32_t block[3] = { (uint32_t)path, (uint32_t)mode, length_of(path) };
    return semihost(SYS_OPEN, block);
}

int32_t sh_close(int32_t handle) {
    uint32_t block[1] = { (uint32_t)handle };
    return semihost(SYS_CLOSE, block);
}

int32_t sh_write(int32_t handle, const void *data, uint32_t bytes) {
    uint32_t block[3] = { (uint32_t)handle, (uint32_t)data, bytes };
    return semihost(SYS_WRITE, block);
}

int32_t sh_read(int32_t handle, void *data, uint32_t bytes) {
    uint32_t block[3] = { (uint32_t)handle, (uint32_t)data, bytes };
    return semihost(SYS_READ, block);
}

int32_t sh_length(int32_t handle) {
    uint32_t block[1] = { (uint32_t)handle };
    return semihost(SYS_FLEN, block);
}

void sh_write_stderr(const char *text) {
    static int32_t handle = -1;
    if (handle < 0) handle = sh_open(":tt", SH_APPEND); /* ":tt" opened for append is stderr */
    if (handle >= 0) sh_write(handle, text, length_of(text));
}

void sh_exit(int32_t code) {
    /* SYS_EXIT_EXTENDED carries an exit code on AArch32 too (plain SYS_EXIT only says ok/not ok). */
    uint32_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, (uint32_t)code };
    semihost(SYS_EXIT_EXTENDED, block);
    for (;;) {}
}
