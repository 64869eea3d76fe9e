package ratelimit

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"
)

type limiter interface {
	Allow(ctx context.Context, key string) (bool, time.Duration, error)
}

// conformance checks any limiter: limit per key, keys independent.
func conformance(t *testing.T, l limiter, limit int) {
	ctx := context.Background()
	for i := 0; i < limit; i++ {
		if ok, _, err := l.Allow(ctx, "a"); err != nil || !ok {
			t.Fatalf("attempt %d refused: %v", i+1, err)
		}
	}
	ok, retry, err := l.Allow(ctx, "a")
	if err != nil || ok || retry <= 0 {
		t.Fatalf("attempt over limit: ok=%v retry=%v err=%v", ok, retry, err)
	}
	if ok, _, _ := l.Allow(ctx, "b"); !ok {
		t.Fatal("other key throttled")
	}
}

func TestMemory(t *testing.T) {
	now := time.Unix(0, 0)
	m := NewMemory(3, time.Minute)
	m.Now = func() time.Time { return now }
	conformance(t, m, 3)
	now = now.Add(time.Minute)
	if ok, _, _ := m.Allow(context.Background(), "a"); !ok {
		t.Fatal("window did not reset")
	}
	if len(m.windows) != 1 {
		t.Fatalf("old windows kept: %d", len(m.windows))
	}
}

func TestRedis(t *testing.T) {
	url := os.Getenv("PAGEWRIGHT_TEST_REDIS_URL")
	if url == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("PAGEWRIGHT_TEST_REDIS_URL is required under CI=true")
		}
		t.Skip("PAGEWRIGHT_TEST_REDIS_URL not set")
	}
	opt, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(opt)
	defer c.Close()
	conformance(t, &Redis{Client: c, Limit: 3, Window: time.Minute, Prefix: "pwtest:" + uuid.NewString() + ":"}, 3)
}
