/* default_branch.h: the upstream's default branch of a repository, which
 * push policy protects: the HEAD symref its upload-pack advertises
 * (receive-pack's advertisement does not carry it).
 *
 * A probe learns it: GET info/refs?service=git-upload-pack in protocol
 * v0, with the token, read up to the first ref line (whose capabilities
 * hold "symref=HEAD:refs/heads/..."), then cut. A push's discovery request
 * (GET info/refs?service=git-receive-pack) starts one unless an answer is
 * at most DEFAULT_BRANCH_REFRESH seconds old, so the push itself finds a
 * fresh answer ready and a refused push sends nothing upstream; a push
 * uses an answer up to DEFAULT_BRANCH_FRESH seconds old. Answers are kept
 * in a small table (DEFAULT_BRANCH_ENTRIES repositories; the oldest
 * answer makes room).
 * When a probe ends, conn_default_branch_learned() is called for the
 * connections that wait for it. */
#ifndef GITPROXY_DEFAULT_BRANCH_H
#define GITPROXY_DEFAULT_BRANCH_H

#include "push_policy.h"

#define DEFAULT_BRANCH_FRESH 30.0   /* s a push uses an answer for */
#define DEFAULT_BRANCH_REFRESH 2.0  /* s after which a push's discovery asks again */
#define DEFAULT_BRANCH_RETRY 5.0    /* s a failure is kept before a new probe */
#define DEFAULT_BRANCH_ENTRIES 32
#define DEFAULT_BRANCH_TIMEOUT 20L  /* s a probe may take */

struct server;
struct route;

/* Starts a probe unless a fresh answer is there or a probe runs. */
void default_branch_prefetch(struct server *s, const struct route *r);
/* The answer for r, starting a probe when there is no fresh one (then
 * HEAD_PENDING). ref and why point into the table: copy them. */
struct head_answer default_branch_get(struct server *s, const struct route *r);
/* Aborts every probe and frees the table (at exit). */
void default_branch_free(struct server *s);

#endif
