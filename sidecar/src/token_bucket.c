#include "token_bucket.h"

static void refill(struct token_bucket *b, double now)
{
	/* A clock that steps back refills nothing rather than draining. */
	if (now > b->stamp) {
		b->tokens += (now - b->stamp) * b->rate;
		if (b->tokens > b->burst)
			b->tokens = b->burst;
	}
	b->stamp = now;
}

void bucket_init(struct token_bucket *b, double rate, double burst, double now)
{
	b->rate = rate;
	b->burst = burst;
	b->tokens = burst;
	b->stamp = now;
}

void bucket_configure(struct token_bucket *b, double rate, double burst, double now)
{
	refill(b, now);
	b->rate = rate;
	b->burst = burst;
	if (b->tokens > burst)
		b->tokens = burst;
}

bool bucket_take(struct token_bucket *b, double n, double now)
{
	refill(b, now);
	if (b->tokens < n)
		return false;
	b->tokens -= n;
	return true;
}

void bucket_charge(struct token_bucket *b, double n, double now)
{
	refill(b, now);
	b->tokens -= n;
}

double bucket_wait(struct token_bucket *b, double n, double now)
{
	refill(b, now);
	return b->tokens >= n ? 0.0 : (n - b->tokens) / b->rate;
}

double bucket_level(struct token_bucket *b, double now)
{
	refill(b, now);
	return b->tokens;
}
