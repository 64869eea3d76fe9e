package component

import (
	"html/template"
	"sync"
)

// sanitiseCacheBytes bounds each sanitiser cache: the current generation
// holds at most this many bytes of keys and values, the previous one as
// many again.
const sanitiseCacheBytes = 4 << 20

var (
	richCache  = newHTMLCache(sanitiseCacheBytes)
	embedCache = newHTMLCache(sanitiseCacheBytes)
)

// htmlCache remembers sanitised HTML by its input. It is safe for
// concurrent use and bounded: entries go into the current generation; when
// that is full it becomes the previous one (replacing the one before) and
// a fresh one starts. A hit in the previous generation moves the entry
// forward, so what pages keep using stays while the rest ages out.
type htmlCache struct {
	mu       sync.RWMutex
	cur, old map[string]template.HTML
	size     int
	limit    int
}

func newHTMLCache(limit int) *htmlCache {
	return &htmlCache{cur: map[string]template.HTML{}, limit: limit}
}

// entryCost is an entry's bytes plus a rough allowance for the map's own.
func entryCost(k string, v template.HTML) int { return len(k) + len(v) + 64 }

func (c *htmlCache) get(k string) (template.HTML, bool) {
	c.mu.RLock()
	v, ok := c.cur[k]
	if !ok {
		v, ok = c.old[k]
		if ok {
			c.mu.RUnlock()
			c.mu.Lock()
			c.add(k, v)
			c.mu.Unlock()
			return v, true
		}
	}
	c.mu.RUnlock()
	return v, ok
}

func (c *htmlCache) put(k string, v template.HTML) {
	if entryCost(k, v) > c.limit/16 {
		return // one huge text must not evict everything else
	}
	c.mu.Lock()
	c.add(k, v)
	c.mu.Unlock()
}

// add stores an entry; the caller holds the write lock.
func (c *htmlCache) add(k string, v template.HTML) {
	if _, dup := c.cur[k]; dup {
		return
	}
	c.cur[k] = v
	c.size += entryCost(k, v)
	if c.size > c.limit {
		c.old, c.cur, c.size = c.cur, make(map[string]template.HTML, len(c.cur)), 0
	}
}
