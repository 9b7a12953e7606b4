/* log.h: diagnostics on stderr as "PROG: fatal|warning: ...", PROG being
 * log_prog ("gitproxy" unless a program sets it). A message is one line
 * of printable ASCII whatever it quotes: other bytes, and '\', are written
 * \xNN (line_escape.h), so a host name or path a client sent cannot forge
 * a line or drive a terminal. A message is cut at 1023 bytes before that.
 * Exit codes: 0 ok, 1 configuration rejected, 100 usage, 111 system failure. */
#ifndef GITPROXY_LOG_H
#define GITPROXY_LOG_H

#define EXIT_CONFIG 1
#define EXIT_USAGE 100
#define EXIT_SYSTEM 111

extern const char *log_prog;

void die(int code, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
