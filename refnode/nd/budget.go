package nd

import "time"

// budget is a token bucket: at most burst events back to back, then one
// per every. It starts full.
type budget struct {
	every  time.Duration
	burst  int
	tokens int
	last   time.Time // when tokens were last refilled; zero: never used
}

// take spends a token if one is left at now.
func (b *budget) take(now time.Time) bool {
	switch {
	case b.last.IsZero():
		b.tokens, b.last = b.burst, now
	case b.every > 0:
		if refill := int(now.Sub(b.last) / b.every); refill > 0 {
			b.tokens = min(b.burst, b.tokens+refill)
			b.last = b.last.Add(time.Duration(refill) * b.every)
		}
	}
	if b.tokens <= 0 {
		return false
	}
	b.tokens--
	return true
}

// perSecond is a budget of n a second, n back to back.
func perSecond(n int) budget { return budget{every: time.Second / time.Duration(n), burst: n} }
