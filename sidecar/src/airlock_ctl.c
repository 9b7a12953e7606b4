/* airlock-ctl: operate a running sidecar, as
 *   docker compose exec sidecar airlock-ctl status|stats|reload
 *   docker compose exec sidecar airlock-ctl session status|rotate|revoke
 *
 *   airlock-ctl [-s CONTROL_SOCKET] [-a APPLY_PROGRAM] status|stats|reload
 *   airlock-ctl [-s CONTROL_SOCKET] session status|rotate|revoke
 *
 * status  each supervised daemon (s6-svstat), the configuration generation
 *         in use, the egress firewall's counters (one line each, from
 *         `nft -j list counters`: airlock-ctl runs as root through docker
 *         exec, which keeps the container's NET_ADMIN), and gitproxy's
 *         status line (JSON: limits, connections, transfers, when its
 *         policy was loaded)
 * stats   gitproxy's counters since it started (one JSON line)
 * reload  runs APPLY_PROGRAM (default airlock-apply-config: regenerate from
 *         allowlist.d, verify, swap atomically, signal dnsmasq and
 *         tinyproxy); only if that accepted the edit, asks gitproxy over the
 *         control socket to load the new policy, and says whether it did.
 * session status  the sandbox's session: age, expiry, last use, requests
 *                 served, rotations, whether revoked (never the secret)
 * session rotate  a new session secret at once; the sandbox's git reads it
 *                 on its next command, the old one is refused from now
 * session revoke  no session secret is valid until the next rotate
 *
 * Exit codes: 0 ok, 1 the new configuration was rejected (nothing changed),
 * 100 wrong usage, 111 system failure. */
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yajl/yajl_tree.h>

#define DEFAULT_SOCKET "/run/airlock/control/gitproxy.sock"
#define DEFAULT_APPLY "airlock-apply-config"
#define CONFIG_LINK "/run/airlock/config"
#define SERVICE_DIR "/run/service"
#define ANSWER_MAX (64 * 1024)
#define NFT_OUTPUT_MAX (64 * 1024 * 1024)
#define ANSWER_TIMEOUT_S 30

static _Noreturn void usage(void)
{
	fprintf(stderr, "usage: airlock-ctl [-s CONTROL_SOCKET] [-a APPLY_PROGRAM] status|stats|reload\n"
	                "       airlock-ctl [-s CONTROL_SOCKET] session status|rotate|revoke\n");
	exit(EXIT_USAGE);
}

/* Sends COMMAND to gitproxy's control socket; its one-line answer, without
 * the newline, in a buffer the caller frees. */
static char *query(const char *path, const char *command)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	if (strlen(path) >= sizeof sa.sun_path)
		die(EXIT_USAGE, "control socket path %s is too long", path);
	strcpy(sa.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die(EXIT_SYSTEM, "unable to create a socket: %s", strerror(errno));
	struct timeval timeout = {ANSWER_TIMEOUT_S, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0)
		die(EXIT_SYSTEM, "unable to reach gitproxy at %s: %s", path, strerror(errno));
	char line[32];
	int n = snprintf(line, sizeof line, "%s\n", command);
	if (write(fd, line, (size_t)n) != n)
		die(EXIT_SYSTEM, "unable to send to gitproxy: %s", strerror(errno));
	char *answer = malloc(ANSWER_MAX + 1);
	if (!answer)
		die(EXIT_SYSTEM, "out of memory");
	size_t len = 0;
	for (;;) {
		ssize_t r = read(fd, answer + len, ANSWER_MAX - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			die(EXIT_SYSTEM, "no answer from gitproxy: %s", errno == EAGAIN ? "timed out" : strerror(errno));
		if (r == 0 || (len += (size_t)r) == ANSWER_MAX)
			break;
	}
	close(fd);
	if (len == 0 || answer[len - 1] != '\n')
		die(EXIT_SYSTEM, "gitproxy's answer is empty or cut short");
	answer[len - 1] = '\0';
	char err[128];
	yajl_val root = yajl_tree_parse(answer, err, sizeof err);
	if (!root)
		die(EXIT_SYSTEM, "gitproxy's answer is not JSON: %s", err);
	const char *error_key[] = {"error", NULL};
	yajl_val refusal = yajl_tree_get(root, error_key, yajl_t_string);
	if (refusal && strcmp(command, "reload") != 0)
		die(EXIT_SYSTEM, "gitproxy refused: %s", YAJL_GET_STRING(refusal));
	yajl_tree_free(root);
	return answer;
}

/* The answer's top-level member KEY, of type TYPE, or NULL. */
static yajl_val member(yajl_val root, const char *key, yajl_type type)
{
	const char *path[] = {key, NULL};
	return root ? yajl_tree_get(root, path, type) : NULL;
}

/* Runs argv[0] (searched in PATH) and waits: its exit status, or -1. */
static int run(char *const argv[])
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		die(EXIT_SYSTEM, "unable to fork: %s", strerror(errno));
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "%s: fatal: unable to run %s: %s\n", log_prog, argv[0], strerror(errno));
		_exit(EXIT_SYSTEM);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die(EXIT_SYSTEM, "unable to wait for %s: %s", argv[0], strerror(errno));
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Runs argv[0] (searched in PATH) with its stdout into a NUL-terminated
 * buffer the caller frees; its exit status, or -1. */
static int capture(char *const argv[], char **out)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0)
		die(EXIT_SYSTEM, "unable to make a pipe: %s", strerror(errno));
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		die(EXIT_SYSTEM, "unable to fork: %s", strerror(errno));
	if (pid == 0) {
		if (dup2(fds[1], STDOUT_FILENO) < 0)
			_exit(EXIT_SYSTEM);
		execvp(argv[0], argv);
		fprintf(stderr, "%s: fatal: unable to run %s: %s\n", log_prog, argv[0], strerror(errno));
		_exit(EXIT_SYSTEM);
	}
	close(fds[1]);
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (!buf)
			die(EXIT_SYSTEM, "out of memory");
		ssize_t r = read(fds[0], buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			die(EXIT_SYSTEM, "unable to read from %s: %s", argv[0], strerror(errno));
		if (r == 0)
			break;
		n += (size_t)r;
		if (n + 1 == cap) {
			if (cap >= NFT_OUTPUT_MAX)
				die(EXIT_SYSTEM, "%s wrote more than %d bytes", argv[0], NFT_OUTPUT_MAX);
			cap *= 2;
			char *bigger = realloc(buf, cap);
			if (!bigger)
				free(buf);
			buf = bigger;
		}
	}
	close(fds[0]);
	buf[n] = '\0';
	int wstatus;
	while (waitpid(pid, &wstatus, 0) < 0)
		if (errno != EINTR)
			die(EXIT_SYSTEM, "unable to wait for %s: %s", argv[0], strerror(errno));
	*out = buf;
	return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
}

/* "firewall: NAME packets P bytes B (COMMENT)" for each counter of the
 * sidecar's table, in its order. */
static void firewall_counters(void)
{
	char *argv[] = {"nft", "-j", "list", "counters", "table", "inet", "airlock", NULL};
	char *json;
	int rc = capture(argv, &json);
	if (rc != 0)
		die(EXIT_SYSTEM, "unable to list the egress firewall's counters: nft exited %d", rc);
	char err[128];
	yajl_val root = yajl_tree_parse(json, err, sizeof err);
	yajl_val items = member(root, "nftables", yajl_t_array);
	if (!items)
		die(EXIT_SYSTEM, "nft's list of counters is not what it should be: %s", root ? "no nftables array" : err);
	for (size_t i = 0; i < items->u.array.len; i++) {
		yajl_val counter = member(items->u.array.values[i], "counter", yajl_t_object);
		if (!counter)
			continue; /* the metainfo */
		yajl_val name = member(counter, "name", yajl_t_string);
		yajl_val packets = member(counter, "packets", yajl_t_number);
		yajl_val bytes = member(counter, "bytes", yajl_t_number);
		yajl_val comment = member(counter, "comment", yajl_t_string);
		if (!name || !packets || !bytes)
			die(EXIT_SYSTEM, "nft listed a counter without its name, packets or bytes");
		printf("firewall: %s packets %lld bytes %lld", YAJL_GET_STRING(name), YAJL_GET_INTEGER(packets),
		       YAJL_GET_INTEGER(bytes));
		if (comment)
			printf(" (%s)", YAJL_GET_STRING(comment));
		printf("\n");
	}
	yajl_tree_free(root);
	free(json);
}

static int status(const char *socket_path)
{
	static const char *const services[] = {"gitproxy", "dnsmasq", "tinyproxy"};
	for (size_t i = 0; i < sizeof services / sizeof services[0]; i++) {
		char dir[128];
		struct stat st;
		snprintf(dir, sizeof dir, "%s/%s", SERVICE_DIR, services[i]);
		if (stat(dir, &st) < 0)
			continue; /* not under s6 (gitproxy's own tests) */
		printf("%s: ", services[i]);
		char *argv[] = {"s6-svstat", dir, NULL};
		if (run(argv) != 0)
			printf("\n");
	}
	char generation[256];
	ssize_t n = readlink(CONFIG_LINK, generation, sizeof generation - 1);
	if (n > 0) {
		generation[n] = '\0';
		printf("config: %s\n", generation);
	}
	struct stat st;
	if (stat(SERVICE_DIR, &st) == 0)
		firewall_counters(); /* in the sidecar, where the firewall must be */
	char *answer = query(socket_path, "status");
	printf("gitproxy: %s\n", answer);
	free(answer);
	return 0;
}

static int reload(const char *socket_path, const char *apply)
{
	char *argv[] = {(char *)apply, NULL};
	int rc = run(argv);
	if (rc == 1) {
		fprintf(stderr, "%s: reload refused: the running configuration is unchanged\n", log_prog);
		return EXIT_CONFIG;
	}
	if (rc != 0)
		die(EXIT_SYSTEM, "%s failed (exit %d): the daemons keep what they were running", apply, rc);
	char *answer = query(socket_path, "reload");
	char err[128];
	yajl_val root = yajl_tree_parse(answer, err, sizeof err);
	yajl_val reloaded = member(root, "reloaded", yajl_t_any);
	yajl_val why = member(root, "error", yajl_t_string);
	if (!reloaded || !(YAJL_IS_TRUE(reloaded) || YAJL_IS_FALSE(reloaded)))
		die(EXIT_SYSTEM, "gitproxy's answer to reload makes no sense: %s", answer);
	if (YAJL_IS_FALSE(reloaded))
		die(EXIT_SYSTEM, "gitproxy refused the new policy and keeps its running one: %s",
		    why ? YAJL_GET_STRING(why) : "no reason given");
	printf("%s: gitproxy reloaded\n", log_prog);
	yajl_tree_free(root);
	free(answer);
	return 0;
}

/* session rotate|revoke: gitproxy's answer, {"rotated": true} or
 * {"revoked": false, "error": WHY}. */
static int session_change(const char *socket_path, const char *verb)
{
	char command[32];
	snprintf(command, sizeof command, "session %s", verb);
	const char *key = strcmp(verb, "rotate") == 0 ? "rotated" : "revoked";
	char *answer = query(socket_path, command);
	char err[128];
	yajl_val root = yajl_tree_parse(answer, err, sizeof err);
	yajl_val done = member(root, key, yajl_t_any);
	yajl_val why = member(root, "error", yajl_t_string);
	if (!done || !(YAJL_IS_TRUE(done) || YAJL_IS_FALSE(done)))
		die(EXIT_SYSTEM, "gitproxy's answer to %s makes no sense: %s", command, answer);
	if (YAJL_IS_FALSE(done))
		die(EXIT_SYSTEM, "gitproxy could not %s the session: %s", verb, why ? YAJL_GET_STRING(why) : "no reason given");
	printf("%s: session %s\n", log_prog, key);
	yajl_tree_free(root);
	free(answer);
	return 0;
}

static int session(const char *socket_path, const char *verb)
{
	if (strcmp(verb, "status") == 0) {
		char *answer = query(socket_path, "session status");
		printf("%s\n", answer);
		free(answer);
		return 0;
	}
	if (strcmp(verb, "rotate") == 0 || strcmp(verb, "revoke") == 0)
		return session_change(socket_path, verb);
	usage();
}

int main(int argc, char **argv)
{
	const char *socket_path = DEFAULT_SOCKET, *apply = DEFAULT_APPLY;
	int ch;
	log_prog = "airlock-ctl";
	while ((ch = getopt(argc, argv, "s:a:")) != -1) {
		switch (ch) {
		case 's': socket_path = optarg; break;
		case 'a': apply = optarg; break;
		default: usage();
		}
	}
	if (optind + 2 == argc && strcmp(argv[optind], "session") == 0)
		return session(socket_path, argv[optind + 1]);
	if (optind + 1 != argc)
		usage();
	const char *command = argv[optind];
	if (strcmp(command, "status") == 0)
		return status(socket_path);
	if (strcmp(command, "stats") == 0) {
		char *answer = query(socket_path, "stats");
		printf("%s\n", answer);
		free(answer);
		return 0;
	}
	if (strcmp(command, "reload") == 0) {
		if (geteuid() != 0)
			die(EXIT_SYSTEM, "reload must run as root (docker compose exec runs as root)");
		return reload(socket_path, apply);
	}
	usage();
}
