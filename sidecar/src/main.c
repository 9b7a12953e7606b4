/* gitproxy: the sidecar's git smart-HTTP proxy. See docs/gitproxy.md.
 *
 *   gitproxy -c CONFIG_JSON -l IPV4:PORT -t TOKEN_DIR -s SESSION_STATE
 *            -x SANDBOX_SESSION_FILE [-S CONTROL_SOCKET] [-a CA_FILE] [-n NOTIFY_FD]
 *            [-C HOST:PORT:CONNECT_HOST:CONNECT_PORT]...
 *
 * Exit codes: 0 stopped by SIGTERM/SIGINT, 1 configuration rejected,
 * 100 wrong usage, 111 system failure. */
#include "audit.h"
#include "conn.h"
#include "control.h"
#include "limits.h"
#include "log.h"
#include "policy.h"
#include "default_branch.h"
#include "tokens.h"
#include "server.h"
#include "tls_resume.h"

#include <errno.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

struct options {
	const char *config, *listen, *token_dir, *session_state, *session_file, *ca_file, *control;
	int notify_fd;
	struct curl_slist *connect_to;
};

static struct server server;
static struct options opts;

static _Noreturn void usage(void)
{
	fprintf(stderr, "usage: gitproxy -c CONFIG_JSON -l IPV4:PORT -t TOKEN_DIR -s SESSION_STATE -x SANDBOX_SESSION_FILE"
	                " [-S CONTROL_SOCKET] [-a CA_FILE] [-n NOTIFY_FD] [-C HOST:PORT:CONNECT_HOST:CONNECT_PORT]...\n");
	exit(EXIT_USAGE);
}

static void parse_options(int argc, char **argv)
{
	int ch;
	opts.notify_fd = -1;
	while ((ch = getopt(argc, argv, "c:l:t:s:x:S:a:n:C:")) != -1) {
		switch (ch) {
		case 'c': opts.config = optarg; break;
		case 'l': opts.listen = optarg; break;
		case 't': opts.token_dir = optarg; break;
		case 's': opts.session_state = optarg; break;
		case 'x': opts.session_file = optarg; break;
		case 'S': opts.control = optarg; break;
		case 'a': opts.ca_file = optarg; break;
		case 'n': {
			char *end;
			long fd = strtol(optarg, &end, 10);
			if (*end || fd < 0 || fd > 1024)
				usage();
			opts.notify_fd = (int)fd;
			break;
		}
		case 'C': {
			struct curl_slist *l = curl_slist_append(opts.connect_to, optarg);
			if (!l)
				die(EXIT_SYSTEM, "out of memory");
			opts.connect_to = l;
			break;
		}
		default: usage();
		}
	}
	if (optind != argc || !opts.config || !opts.listen || !opts.token_dir || !opts.session_state ||
	    !opts.session_file)
		usage();
}

/* SIGHUP: a new policy, or the old one if the new one is bad. */
static void on_reload(struct ev_loop *loop, ev_signal *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
	char why[600];
	if (server_reload(&server, why, sizeof why) < 0)
		warn("reload refused, keeping the running policy: %s", why);
	else
		warn("reloaded %s", opts.config);
}

static void on_stop(struct ev_loop *loop, ev_signal *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
	server_shutdown(&server);
}

int main(int argc, char **argv)
{
	char why[512];
	parse_options(argc, argv);
	signal(SIGPIPE, SIG_IGN);
	/* The token will be in this process's memory: no core dumps, and no
	 * ptrace or /proc/PID/mem by other processes of the same user. */
	struct rlimit no_core = {0, 0};
	if (setrlimit(RLIMIT_CORE, &no_core) < 0 || prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		die(EXIT_SYSTEM, "unable to make the process non-dumpable: %s", strerror(errno));
	/* Every connection and transfer holds a descriptor: take all the hard
	 * limit allows; the policy's limits must then fit in it. */
	struct rlimit nofile;
	if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < nofile.rlim_max) {
		nofile.rlim_cur = nofile.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &nofile) < 0)
			warn("unable to raise the file descriptor limit to %llu: %s", (unsigned long long)nofile.rlim_max,
			     strerror(errno));
	}

	server.config_path = opts.config;
	server.control_fd = -1;
	server.policy = policy_load(opts.config, why, sizeof why);
	if (!server.policy || server_fds_fit(server.policy, why, sizeof why) < 0)
		die(EXIT_CONFIG, "%s", why);
	if (session_open(&server.session, opts.session_state, opts.session_file,
	                 (long)server_limit(&server, LIM_SESSION_TTL)->value, why, sizeof why) < 0)
		die(EXIT_SYSTEM, "unable to take up the session: %s", why);
	server.token_dir = opts.token_dir;
	if (!(server.tokens = tokens_load(server.policy, opts.token_dir, why, sizeof why)))
		die(EXIT_SYSTEM, "%s", why);
	server.ca_file = opts.ca_file;
	server.connect_to = opts.connect_to;

	/* Before libcurl's own OpenSSL initialisation, which would load
	 * OpenSSL's error strings: about 340 KiB resident, and gitproxy reports
	 * libcurl's errors (curl_easy_strerror), never OpenSSL's as text. */
	OPENSSL_init_ssl(OPENSSL_INIT_NO_LOAD_SSL_STRINGS | OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS, NULL);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		die(EXIT_SYSTEM, "unable to initialise libcurl");
	server.loop = ev_default_loop(EVFLAG_AUTO);
	if (!server.loop)
		die(EXIT_SYSTEM, "unable to initialise libev");
	if (audit_init(server.loop, STDOUT_FILENO) < 0)
		warn("audit log: no non-blocking description of stdout (%s): written with blocking writes", strerror(errno));
	server.started_at = server.loaded_at = ev_now(server.loop);
	server_apply_limits(&server, true);
	if (curl_loop_init(&server.curl, server.loop) < 0)
		die(EXIT_SYSTEM, "unable to initialise the libcurl multi handle");
	if (!(server.tls_resume = tls_resume_new(&server.stats)))
		die(EXIT_SYSTEM, "unable to make the table of upstream TLS sessions: out of memory");
	if (server_listen(&server, opts.listen, why, sizeof why) < 0)
		die(EXIT_SYSTEM, "%s", why);
	if (opts.control && control_listen(&server, opts.control, why, sizeof why) < 0)
		die(EXIT_SYSTEM, "%s", why);

	ev_signal hup, term, intr;
	ev_signal_init(&hup, on_reload, SIGHUP);
	ev_signal_init(&term, on_stop, SIGTERM);
	ev_signal_init(&intr, on_stop, SIGINT);
	ev_signal_start(server.loop, &hup);
	ev_signal_start(server.loop, &term);
	ev_signal_start(server.loop, &intr);

	if (opts.notify_fd >= 0) {
		/* Ready: listening with a policy loaded. */
		if (write(opts.notify_fd, "\n", 1) != 1)
			warn("unable to write the readiness notification to fd %d: %s", opts.notify_fd, strerror(errno));
		close(opts.notify_fd);
	}
	warn("listening on %s", opts.listen);
	ev_run(server.loop, 0);

	control_close(&server);
	while (server.conns)
		conn_abort(server.conns);
	default_branch_free(&server);
	audit_flush(LIMIT_AUDIT_FLUSH);
	if (audit_dropped())
		warn("audit log: %llu records dropped since start (no room in its queue, or it could not be written)",
		     audit_dropped());
	curl_loop_free(&server.curl);
	tls_resume_free(server.tls_resume);
	curl_slist_free_all(opts.connect_to);
	tokens_free(server.tokens);
	session_close(&server.session);
	policy_free(server.policy);
	curl_global_cleanup();
	return 0;
}
