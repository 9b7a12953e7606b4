/* lint_special.c: special-use and private-use top-level names. They never
 * name a public service, and inside a network they are how internal
 * things are reached: "localhost" (RFC 6761), "local" (mDNS, RFC 6762),
 * "internal" (ICANN's private-use TLD; cloud metadata servers live there),
 * "arpa" (reverse lookups, home.arpa), "onion" (RFC 7686), "alt" (RFC
 * 9476), and the common private-network habits "lan", "home", "corp",
 * "intranet", "private". tinyproxy resolves CONNECT targets itself, so an
 * allowlisted internal name would be reachable however DNS answers the
 * sandbox. ".test", ".example" and ".invalid" stay allowed: they never
 * resolve publicly, and the tests use ".test".
 * See lint.h for the return convention. */
#include "lint.h"

#include <string.h>

static const char *const special_tlds[] = {
	"alt", "arpa", "corp", "home", "internal", "intranet", "lan", "local", "localhost", "onion", "private",
};

int lint_special_use(struct diag *d, const struct where *w, const char *base)
{
	const char *dot = strrchr(base, '.');
	const char *tld = dot ? dot + 1 : base;
	for (size_t i = 0; i < sizeof special_tlds / sizeof special_tlds[0]; i++) {
		if (strcmp(tld, special_tlds[i]) != 0)
			continue;
		diag_error(d, w->file, w->line, w->col, "special-use",
		           "'.%s' names are special-use or private (local networks, metadata services), "
		           "never a public host", tld);
		return -1;
	}
	return 0;
}
