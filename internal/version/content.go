package version

import (
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"sync"

	"github.com/klauspost/compress/zstd"

	"github.com/pagewright/pagewright/internal/doc"
)

// Content is one distinct document of a page, stored once however many
// versions have it. It is either a keyframe (the whole document) or a
// delta: the document ops that turn the content BaseHash into this one.
// Reading a content therefore starts at its keyframe and applies at most
// KeyframeEvery-1 deltas.
type Content struct {
	Hash     string // hex SHA-256 of the document's canonical JSON
	BaseHash string // "" for a keyframe
	Depth    int    // deltas between this content and its keyframe
	Size     int64  // bytes of the document's canonical JSON
	Data     []byte // codec byte + compressed payload
}

// Keyframe reports whether c holds the whole document.
func (c Content) Keyframe() bool { return c.BaseHash == "" }

// The payload codecs; the first byte of Content.Data names one, so the
// format can change without rewriting stored history.
const codecZstd = 'z'

// zstd's encoder and decoder are safe for concurrent EncodeAll/DecodeAll
// and costly to create, so each process keeps one of each.
var (
	zenc, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderConcurrency(1))
	zdec, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(64<<20))
)

func compress(raw []byte) []byte {
	return zenc.EncodeAll(raw, []byte{codecZstd})
}

func decompress(data []byte) ([]byte, error) {
	if len(data) == 0 {
		return nil, errors.New("version content: empty")
	}
	switch data[0] {
	case codecZstd:
		return zdec.DecodeAll(data[1:], nil)
	}
	return nil, fmt.Errorf("version content: unknown codec %q", data[0])
}

// Canonical returns the document's canonical JSON, which its hash is
// taken over: the same document always encodes to the same bytes
// (encoding/json sorts map keys), whatever key order or white space a
// client sent.
func Canonical(d *doc.Document) ([]byte, error) { return json.Marshal(d) }

// Hash is the hex SHA-256 of canonical document bytes.
func Hash(canonical []byte) string {
	sum := sha256.Sum256(canonical)
	return hex.EncodeToString(sum[:])
}

// parseStored decodes a document that passed validation when it was
// stored (a page document, or a keyframe whose hash was just checked): a
// current one needs no second validation, an older one is migrated
// forward by doc.Parse like any read.
func parseStored(b []byte) (*doc.Document, error) {
	var d doc.Document
	if err := json.Unmarshal(b, &d); err == nil && d.SchemaVersion == doc.SchemaVersion && d.Nodes != nil {
		return &d, nil
	}
	out, _, err := doc.Parse(b)
	return out, err
}

// snapshot is a document with its canonical bytes and hash.
type snapshot struct {
	doc  *doc.Document
	json []byte
	hash string
}

// clone returns a copy of the document that doc.Apply may change: Apply
// replaces the nodes it touches and never mutates a *Node, so a shallow
// copy of the node map is enough.
func (s *snapshot) clone() *doc.Document {
	d := *s.doc
	d.Nodes = maps.Clone(s.doc.Nodes)
	return &d
}

func newSnapshot(d *doc.Document) (*snapshot, error) {
	b, err := Canonical(d)
	if err != nil {
		return nil, err
	}
	return &snapshot{doc: d, json: b, hash: Hash(b)}, nil
}

// encodeKeyframe stores a whole document.
func encodeKeyframe(s *snapshot) Content {
	return Content{Hash: s.hash, Size: int64(len(s.json)), Data: compress(s.json)}
}

// decodeKeyframe reads a keyframe's document and checks it is the one its
// hash names.
func decodeKeyframe(c Content) (*snapshot, error) {
	raw, err := decompress(c.Data)
	if err != nil {
		return nil, err
	}
	if h := Hash(raw); h != c.Hash {
		return nil, fmt.Errorf("version content %s: keyframe hashes to %s", c.Hash, h)
	}
	d, err := parseStored(raw)
	if err != nil {
		return nil, fmt.Errorf("version content %s: %w", c.Hash, err)
	}
	return &snapshot{doc: d, json: raw, hash: c.Hash}, nil
}

// docCache keeps recently read documents by page and hash, bounded by
// their total size: reading a version replays up to KeyframeEvery-1
// deltas, and the next autosave of a page needs the document of the last
// one. Cached documents are shared and never mutated (see snapshot.clone).
type docCache struct {
	mu       sync.Mutex
	max      int
	size     int
	order    *list.List // front = most recently used
	entries  map[string]*list.Element
	disabled bool
}

type cacheEntry struct {
	key  string
	snap *snapshot
}

func newDocCache(maxBytes int) *docCache {
	return &docCache{max: maxBytes, order: list.New(), entries: map[string]*list.Element{}, disabled: maxBytes <= 0}
}

func (c *docCache) get(pageID, hash string) *snapshot { return c.getKey(pageID + "/" + hash) }

func (c *docCache) put(pageID string, s *snapshot) { c.putKey(pageID+"/"+s.hash, s) }

// revKey keys a page document by its revision, which changes with every
// save: the same page at the same revision is the same document.
func revKey(pageID string, rev int64) string { return pageID + "@" + strconv.FormatInt(rev, 10) }

func (c *docCache) getKey(key string) *snapshot {
	if c == nil || c.disabled {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return nil
	}
	c.order.MoveToFront(el)
	return el.Value.(*cacheEntry).snap
}

func (c *docCache) putKey(key string, s *snapshot) {
	if c == nil || c.disabled || len(s.json) > c.max/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		c.order.MoveToFront(el)
		return
	}
	c.entries[key] = c.order.PushFront(&cacheEntry{key: key, snap: s})
	c.size += len(s.json)
	for c.size > c.max {
		el := c.order.Back()
		e := el.Value.(*cacheEntry)
		c.order.Remove(el)
		delete(c.entries, e.key)
		c.size -= len(e.snap.json)
	}
}
