/* limits.h: every bound gen-configs enforces on its input, in one place;
 * owner, repository and refname lengths are git_names.h's (common/), which
 * gitproxy shares. */
#ifndef GEN_CONFIGS_LIMITS_H
#define GEN_CONFIGS_LIMITS_H

#define LIMIT_LINE_BYTES 4096u        /* one fragment line, without its newline */
#define LIMIT_FILE_BYTES (4u << 20)   /* one fragment file */
#define LIMIT_FILES 10000u            /* *.conf files in the directory */
#define LIMIT_RULES 200000u           /* rules in all files and --repos together */
#define LIMIT_ERRORS_SHOWN 100u       /* errors printed before the rest are only counted */
#define LIMIT_NAME_BYTES 253u         /* a DNS name in text form, no trailing dot */
#define LIMIT_LABEL_BYTES 63u         /* one DNS label */
#define LIMIT_ID_BYTES 64u            /* a rule id */
#define LIMIT_PATH_BYTES 1024u        /* --installed-dir */

#endif
