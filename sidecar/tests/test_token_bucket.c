#include "tap.h"
#include "token_bucket.h"

#include <math.h>

static int near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

int main(void)
{
	struct token_bucket b;

	/* 2 per second, capacity 3. */
	bucket_init(&b, 2.0, 3.0, 100.0);
	ok(bucket_take(&b, 1, 100.0) && bucket_take(&b, 1, 100.0) && bucket_take(&b, 1, 100.0),
	   "a full bucket gives its whole burst at once");
	ok(!bucket_take(&b, 1, 100.0), "an empty bucket refuses");
	ok(near(bucket_level(&b, 100.0), 0.0), "a refusal takes nothing");
	ok(near(bucket_wait(&b, 1, 100.0), 0.5), "the wait for one token is 1/rate");
	ok(!bucket_take(&b, 1, 100.49), "not before the token has accrued");
	ok(bucket_take(&b, 1, 100.5), "a token accrues at the rate");
	ok(near(bucket_level(&b, 200.0), 3.0), "refill stops at the burst");
	ok(near(bucket_level(&b, 150.0), 3.0), "a clock that steps back neither refills nor drains");
	ok(near(bucket_wait(&b, 2, 150.0), 0.0), "no wait while tokens are there");

	/* Debt: bytes pushed, 10 per second, capacity 100. */
	bucket_init(&b, 10.0, 100.0, 0.0);
	bucket_charge(&b, 250, 0.0);
	ok(near(bucket_level(&b, 0.0), -150.0), "a charge may leave the bucket in debt");
	ok(near(bucket_wait(&b, 0, 0.0), 15.0), "out of debt after debt/rate seconds");
	ok(near(bucket_wait(&b, 0, 15.0), 0.0), "and not before: level 0 at 15 s");
	ok(!bucket_take(&b, 1, 15.0), "a bucket at 0 gives nothing");

	/* Reconfigure keeps the level, capped. */
	bucket_init(&b, 1.0, 50.0, 0.0);
	bucket_configure(&b, 5.0, 20.0, 0.0);
	ok(near(bucket_level(&b, 0.0), 20.0), "a smaller burst caps the level");
	bucket_take(&b, 20, 0.0);
	bucket_configure(&b, 5.0, 100.0, 0.0);
	ok(near(bucket_level(&b, 0.0), 0.0), "a larger burst does not add tokens");
	ok(near(bucket_wait(&b, 10, 0.0), 2.0), "the new rate applies at once");
	ok(near(bucket_level(&b, 1000.0), 100.0), "and the new burst is the new cap");
	return tap_done();
}
