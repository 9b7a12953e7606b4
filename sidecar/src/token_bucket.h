/* token_bucket.h: a token bucket, the rate limiter behind the request-rate
 * and push-rate limits. It holds at most `burst` tokens and gains `rate`
 * per second; time is the caller's clock (libev's loop time), so the
 * bucket itself never reads a clock and the tests drive it with numbers.
 *
 * Requests take one token each or are refused (bucket_take). Pushed bytes
 * are charged as they pass (bucket_charge), which may leave the bucket in
 * debt: the push in flight finishes, and the next one waits until the
 * bucket is out of debt (bucket_wait). */
#ifndef GITPROXY_TOKEN_BUCKET_H
#define GITPROXY_TOKEN_BUCKET_H

#include <stdbool.h>

struct token_bucket {
	double tokens; /* may be negative after bucket_charge */
	double rate;   /* tokens per second, > 0 */
	double burst;  /* capacity, > 0 */
	double stamp;  /* when tokens was last brought up to date */
};

/* A full bucket. */
void bucket_init(struct token_bucket *b, double rate, double burst, double now);
/* New rate and capacity (a reload): the level is kept, capped at burst. */
void bucket_configure(struct token_bucket *b, double rate, double burst, double now);
/* Takes n tokens if the bucket holds at least n; false (and nothing taken) if not. */
bool bucket_take(struct token_bucket *b, double n, double now);
/* Takes n tokens whatever the level. */
void bucket_charge(struct token_bucket *b, double n, double now);
/* Seconds until the bucket holds at least n tokens (0 if it does now). */
double bucket_wait(struct token_bucket *b, double n, double now);
/* The level now. */
double bucket_level(struct token_bucket *b, double now);

#endif
