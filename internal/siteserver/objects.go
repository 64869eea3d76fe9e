package siteserver

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"time"

	"github.com/pagewright/pagewright/internal/blob"
	"github.com/pagewright/pagewright/internal/sitebuild"
)

// errBadObject marks an object whose bytes do not match its hash, or a
// manifest that does not parse: the build or the store is broken, which
// is the server's fault (500), not an outage (502).
var errBadObject = errors.New("siteserver: bad object")

// isMissing reports whether err says an object does not exist.
func isMissing(err error) bool {
	return errors.Is(err, sitebuild.ErrNoObject) || errors.Is(err, blob.ErrNotFound) || errors.Is(err, fs.ErrNotExist)
}

// loadTimeout bounds one object read. Reads are shared between the
// requests waiting for the same object, so they do not use any one
// request's context (a client hanging up must not fail the others).
const loadTimeout = 30 * time.Second

// objectShards splits the cache's lock so that parallel requests for
// different files rarely wait for each other.
const objectShards = 16

// objectCache keeps object bytes in memory, bounded by a byte budget, and
// reads each missing object once however many requests want it.
// Objects are immutable, so entries are evicted only for room.
type objectCache struct {
	src    Objects
	maxObj int64 // larger objects are read on every request, not cached
	shards [objectShards]objectShard
	flight group[[]byte]
}

// objectShard is a least-recently-used list under its own lock.
type objectShard struct {
	mu     sync.Mutex
	ll     list.List // of *objectEntry, most recent first
	m      map[string]*list.Element
	size   int64
	budget int64
}

type objectEntry struct {
	hash string
	data []byte
}

// entryOverhead approximates the bookkeeping bytes per entry (list
// element, map slot, strings' headers), so that many small objects cannot
// blow the budget.
const entryOverhead = 160

func newObjectCache(src Objects, budget int64) *objectCache {
	c := &objectCache{src: src}
	if budget < 0 {
		budget = 0
	}
	per := budget / objectShards
	// An object may take at most half its shard, so one large file cannot
	// flush everything else.
	c.maxObj = per / 2
	for i := range c.shards {
		c.shards[i].budget = per
		c.shards[i].m = map[string]*list.Element{}
	}
	return c
}

func (c *objectCache) shard(hash string) *objectShard {
	var h uint32
	for i := 0; i < len(hash) && i < 8; i++ {
		h = h*31 + uint32(hash[i])
	}
	return &c.shards[h%objectShards]
}

// get returns the object's bytes, from memory when it can. The bytes are
// shared: callers must not modify them.
func (c *objectCache) get(ctx context.Context, hash string) ([]byte, error) {
	sh := c.shard(hash)
	if b, ok := sh.get(hash); ok {
		return b, nil
	}
	return c.flight.do(ctx, hash, func(ctx context.Context) ([]byte, error) {
		b, err := c.read(ctx, hash)
		if err != nil {
			return nil, err
		}
		if int64(len(b)) <= c.maxObj {
			sh.add(hash, b)
		}
		return b, nil
	})
}

// load reads an object, shared with concurrent loads of it, without
// caching its bytes.
func (c *objectCache) load(ctx context.Context, hash string) ([]byte, error) {
	return c.flight.do(ctx, "load:"+hash, func(ctx context.Context) ([]byte, error) {
		return c.read(ctx, hash)
	})
}

// read fetches an object and checks that its bytes are the ones its name
// promises, so a damaged store shows up as an error instead of a broken
// page.
func (c *objectCache) read(ctx context.Context, hash string) ([]byte, error) {
	if c.src == nil {
		return nil, errors.New("siteserver: no object store")
	}
	b, err := c.src.Get(ctx, hash)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(b)
	if hex.EncodeToString(sum[:]) != hash {
		return nil, fmt.Errorf("%w: %s: content does not match its hash", errBadObject, hash)
	}
	return b, nil
}

func (s *objectShard) get(hash string) ([]byte, bool) {
	s.mu.Lock()
	el, ok := s.m[hash]
	if !ok {
		s.mu.Unlock()
		return nil, false
	}
	s.ll.MoveToFront(el)
	b := el.Value.(*objectEntry).data
	s.mu.Unlock()
	return b, true
}

func (s *objectShard) add(hash string, b []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[hash]; ok {
		return
	}
	s.m[hash] = s.ll.PushFront(&objectEntry{hash: hash, data: b})
	s.size += int64(len(b)) + int64(len(hash)) + entryOverhead
	for s.size > s.budget && s.ll.Len() > 0 {
		last := s.ll.Back()
		e := last.Value.(*objectEntry)
		s.ll.Remove(last)
		delete(s.m, e.hash)
		s.size -= int64(len(e.data)) + int64(len(e.hash)) + entryOverhead
	}
}

// group runs one call per key at a time and hands its result to every
// caller that asked meanwhile (a tiny singleflight).
type group[T any] struct {
	mu    sync.Mutex
	calls map[string]*call[T]
}

type call[T any] struct {
	done chan struct{}
	val  T
	err  error
}

// do runs fn for key unless a call for key is in flight, and waits for
// the result or for ctx to end. fn gets a context that outlives ctx, with
// loadTimeout.
func (g *group[T]) do(ctx context.Context, key string, fn func(context.Context) (T, error)) (T, error) {
	g.mu.Lock()
	if g.calls == nil {
		g.calls = map[string]*call[T]{}
	}
	c, ok := g.calls[key]
	if !ok {
		c = &call[T]{done: make(chan struct{})}
		g.calls[key] = c
		go func() {
			// In its own goroutine so that a caller whose context ends
			// stops waiting while the others still get the result.
			lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), loadTimeout)
			defer cancel()
			defer func() {
				if p := recover(); p != nil {
					c.err = fmt.Errorf("siteserver: loading %s panicked: %v", key, p)
				}
				g.mu.Lock()
				delete(g.calls, key)
				g.mu.Unlock()
				close(c.done)
			}()
			c.val, c.err = fn(lctx)
		}()
	}
	g.mu.Unlock()
	select {
	case <-c.done:
		return c.val, c.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}
