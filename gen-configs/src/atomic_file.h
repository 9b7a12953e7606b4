/* atomic_file.h: replacing a file so that a reader sees the old bytes or
 * the new bytes, never a mix, and the new bytes survive a crash once this
 * returns: write a temporary file in the same directory, fsync it, rename
 * it over the name, fsync the directory. */
#ifndef GEN_CONFIGS_ATOMIC_FILE_H
#define GEN_CONFIGS_ATOMIC_FILE_H

#include <stddef.h>

/* Writes len bytes at data as dirfd/name with the given mode (umask does
 * not apply). Returns 0; or -1 with errno set and *step naming what failed
 * ("create", "write", "fsync", "rename", ...), the temporary file removed. */
int atomic_write(int dirfd, const char *name, const char *data, size_t len, unsigned mode,
                 const char **step);

#endif
