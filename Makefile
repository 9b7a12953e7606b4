# airlock — see README.md. The two set-up commands are `make demo` and
# `make test`; both install what is missing first.
.DELETE_ON_ERROR:
.PHONY: all deps base images build unit fuzz-replay e2e e2e-image bats test demo demo-down up down check bench bench-quick clean

SHELL := /bin/bash
PROJECT ?= airlock
IMAGES := sidecar sandbox fakegithub testca
# The images' tag: airlock-NAME:$(AIRLOCK_IMAGE_TAG). Another tag lets two
# checkouts build and test side by side without using each other's images.
export AIRLOCK_IMAGE_TAG ?= local
TAP := build/tap
# The compose files of `make up` and `make down`, relative to compose/ or
# absolute: your own overrides go after the shipped file, e.g.
#   make up COMPOSE_FILES="compose.isolated.yml /path/to/my-override.yml"
COMPOSE_FILES ?= compose.isolated.yml
COMPOSE = docker compose -p $(PROJECT) $(addprefix -f ,$(COMPOSE_FILES))
# This project's isolated /24, unless AIRLOCK_NET chooses it.
PROJECT_NET = AIRLOCK_NET=$${AIRLOCK_NET:-$$(./net-for-project $(PROJECT))}

all: build

deps:
	@./images/setup-host.sh

base: deps
	@./images/base/build.sh

# The images compile our C in their own builder stage; nothing from the
# host's build/ directories enters them (.dockerignore).
# Built side by side: a cold build is mostly apt downloads. A failed build's
# log is shown whole.
images: base
	@mkdir -p build/images
	@for i in $(IMAGES); do \
		case $$i in sidecar) ctx=. ;; *) ctx=images/$$i ;; esac; \
		docker build -t airlock-$$i:$(AIRLOCK_IMAGE_TAG) -f images/$$i/Dockerfile $$ctx \
			>build/images/$$i.log 2>&1 & \
		eval "pid_$$i=$$!"; \
	done; \
	failed=0; \
	for i in $(IMAGES); do \
		eval "wait \$$pid_$$i" || { cat build/images/$$i.log; \
			echo "images: fatal: building airlock-$$i:$(AIRLOCK_IMAGE_TAG) failed" >&2; failed=1; }; \
	done; \
	exit $$failed

build: deps
	$(MAKE) -C gen-configs
	$(MAKE) -C sidecar
	$(MAKE) -C preflight

unit: build
	@mkdir -p $(TAP)
	@./bats/run-suite $(TAP)/gen-configs.tap $(MAKE) -s -C gen-configs test
	@./bats/run-suite $(TAP)/sidecar.tap $(MAKE) -s -C sidecar test
	@./bats/run-suite $(TAP)/preflight.tap $(MAKE) -s -C preflight test

fuzz-replay: deps
	@mkdir -p $(TAP)
	@./bats/run-suite $(TAP)/fuzz-gen-configs.tap $(MAKE) -s -C gen-configs fuzz-replay
	@./bats/run-suite $(TAP)/fuzz-sidecar.tap $(MAKE) -s -C sidecar fuzz-replay
	@./bats/run-suite $(TAP)/fuzz-preflight.tap $(MAKE) -s -C preflight fuzz-replay

# gitproxy with real git against a TLS fake GitHub on loopback, no containers.
e2e: build
	@mkdir -p $(TAP)
	@./bats/run-suite $(TAP)/e2e.tap $(MAKE) -s -C sidecar e2e

# The same loopback tests in the Debian 13 tools image (images/bench), so
# gitproxy is also tested against the libcurl and OpenSSL the sidecar ships.
e2e-image: base
	@mkdir -p $(TAP) build/images
	@docker build -t airlock-bench:$(AIRLOCK_IMAGE_TAG) -f images/bench/Dockerfile images/bench \
		>build/images/bench.log 2>&1 || { cat build/images/bench.log >&2; exit 111; }
	@./bats/run-suite $(TAP)/e2e-image.tap docker run --rm --network none --tmpfs /tmp:rw,exec,size=4g \
		-v $(CURDIR):/src:ro airlock-bench:$(AIRLOCK_IMAGE_TAG) /src/sidecar/tests/e2e-in-image.sh

bats: images
	@mkdir -p $(TAP)
	@./bats/run-suite $(TAP)/bats.tap bats --tap bats/

# Every suite runs even when an earlier one fails; the last line counts them all.
test:
	@rm -rf $(TAP)
	@$(MAKE) -s deps base
	@$(MAKE) -s -k unit fuzz-replay e2e e2e-image bats; ./bats/summary $(TAP)

demo: images
	@./compose/demo

demo-down:
	@./compose/demo down

# airlock-preflight judges what compose would run, every file, .env and
# variable applied, before anything is built or started; a refusal stops
# here with its reasons (docs/preflight.md). The isolated bridge's host side
# is closed (compose/harden-bridge) before any container starts.
up: deps
	@$(MAKE) -s -C preflight
	@cd compose && export $(PROJECT_NET) && config=$$($(COMPOSE) config --format json) && \
		printf '%s\n' "$$config" | ../preflight/build/airlock-preflight && \
		$(MAKE) -s -C $(CURDIR) images && $(COMPOSE) up --no-start && \
		./harden-bridge $(PROJECT) && $(COMPOSE) up -d
	@echo "up: project $(PROJECT); enter the sandbox: cd compose && $(COMPOSE) exec sandbox bash"

down:
	@cd compose && $(PROJECT_NET) $(COMPOSE) down -v -t 5

# The performance targets, measured in the same run against the same loopback
# fake upstream, buffered and unbuffered (bench/README.md): the loopback
# benchmark in the bench image (Debian 13, sealed: --network none), then
# the sidecar image on this host's docker. Results in build/bench/.
bench: images
	@./bench/bench-docker.sh full

# The same table from smaller sizes and one run: a few minutes.
bench-quick: images
	@./bench/bench-docker.sh quick

check: deps
	$(MAKE) -C gen-configs asan
	$(MAKE) -C sidecar asan
	$(MAKE) -C preflight asan
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
		--std=c11 --inline-suppr -Icommon common gen-configs/src sidecar/src preflight/src
	clang-tidy --quiet common/*.c gen-configs/src/*.c sidecar/src/*.c preflight/src/*.c -- -std=c11 -D_GNU_SOURCE -Icommon \
		$$(pkg-config --cflags libpsl yajl)

clean:
	rm -rf build
	$(MAKE) -C gen-configs clean
	$(MAKE) -C sidecar clean
	$(MAKE) -C preflight clean
