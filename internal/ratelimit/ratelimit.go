// Package ratelimit throttles repeated attempts (sign-ins) per key with a
// fixed window: in process by default, or in Redis so that every instance
// behind a load balancer shares one count.
package ratelimit

import (
	"context"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// Memory is an in-process limiter.
type Memory struct {
	Limit  int
	Window time.Duration
	Now    func() time.Time

	mu      sync.Mutex
	windows map[string]*window
	sweep   time.Time
}

type window struct {
	start time.Time
	count int
}

// NewMemory allows limit attempts per key per window.
func NewMemory(limit int, per time.Duration) *Memory {
	return &Memory{Limit: limit, Window: per, Now: time.Now, windows: map[string]*window{}}
}

// Allow counts one attempt and reports whether it is within the limit.
func (m *Memory) Allow(_ context.Context, key string) (bool, time.Duration, error) {
	now := m.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	if now.Sub(m.sweep) >= m.Window {
		// Forget finished windows so the map cannot grow without bound.
		for k, w := range m.windows {
			if now.Sub(w.start) >= m.Window {
				delete(m.windows, k)
			}
		}
		m.sweep = now
	}
	w := m.windows[key]
	if w == nil || now.Sub(w.start) >= m.Window {
		w = &window{start: now}
		m.windows[key] = w
	}
	w.count++
	if w.count > m.Limit {
		return false, w.start.Add(m.Window).Sub(now), nil
	}
	return true, 0, nil
}

// Redis is a limiter shared by all instances through Redis.
type Redis struct {
	Client *redis.Client
	Limit  int
	Window time.Duration
	Prefix string
}

// script increments the key and sets its expiry on the first hit of a
// window, atomically, returning the count and the time left.
var script = redis.NewScript(`
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}`)

// Allow counts one attempt and reports whether it is within the limit.
func (r *Redis) Allow(ctx context.Context, key string) (bool, time.Duration, error) {
	res, err := script.Run(ctx, r.Client, []string{r.Prefix + key}, r.Window.Milliseconds()).Int64Slice()
	if err != nil {
		return false, 0, err
	}
	if res[0] > int64(r.Limit) {
		return false, time.Duration(res[1]) * time.Millisecond, nil
	}
	return true, 0, nil
}
