package siteserver

import (
	"container/list"
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/pagewright/pagewright/internal/sitebuild"
)

// DefaultManifestCacheBytes is the parsed-manifest cache budget used when
// Server.ManifestCacheBytes is 0: room for the live manifests of hundreds
// of ordinary sites, so that serving never parses one per request.
const DefaultManifestCacheBytes = 32 << 20

// manifestCost estimates the memory a parsed manifest holds: its strings
// (about the JSON's size) and a prepared file per path.
func manifestCost(jsonBytes, files int) int64 {
	return int64(jsonBytes) + int64(files)*512
}

// The encodings a file can be sent in, best last so that ties resolve to
// the smaller copy.
const (
	encIdentity = iota
	encGzip
	encBr
	numEnc
)

// manifest is a sitebuild.Manifest prepared for serving.
type manifest struct {
	cost     int64
	files    map[string]*file
	notFound *file // nil: the built-in 404 page
}

// file holds everything a response for one path needs, computed once per
// manifest so that the hot path only copies slice headers into the
// response's header map.
type file struct {
	reps      [numEnc]rep
	ctype     []string
	csp       []string // the default CSP when the file has none
	immutable bool
	vary      bool // it has a precompressed copy: responses vary by Accept-Encoding
}

// rep is one representation (encoding) of a file; hash is "" when the
// file has no copy in that encoding.
type rep struct {
	hash     string
	size     int64
	etag     []string
	length   []string
	encoding []string // Content-Encoding; nil for identity
}

var (
	hvGzip = []string{"gzip"}
	hvBr   = []string{"br"}
)

// parseManifest validates a manifest's JSON and prepares it for serving.
func parseManifest(data []byte) (*manifest, error) {
	var sm sitebuild.Manifest
	if err := json.Unmarshal(data, &sm); err != nil {
		return nil, fmt.Errorf("parse manifest: %w", err)
	}
	if sm.Version < 1 || sm.Version > sitebuild.ManifestVersion {
		return nil, fmt.Errorf("manifest version %d not supported", sm.Version)
	}
	m := &manifest{files: make(map[string]*file, len(sm.Files))}
	for p, f := range sm.Files {
		if !strings.HasPrefix(p, "/") {
			return nil, fmt.Errorf("manifest path %q does not start with /", p)
		}
		if f.Hash == "" {
			return nil, fmt.Errorf("manifest path %q has no object hash", p)
		}
		pf := &file{immutable: f.Immutable, ctype: []string{contentType(p, f.Type)}, csp: hvDefaultCSP}
		if f.CSP != "" {
			pf.csp = []string{f.CSP}
		}
		pf.reps[encIdentity] = newRep(f.Hash, f.Size, nil)
		if f.Gzip != nil && f.Gzip.Hash != "" {
			pf.reps[encGzip] = newRep(f.Gzip.Hash, f.Gzip.Size, hvGzip)
			pf.vary = true
		}
		if f.Br != nil && f.Br.Hash != "" {
			pf.reps[encBr] = newRep(f.Br.Hash, f.Br.Size, hvBr)
			pf.vary = true
		}
		m.files[p] = pf
	}
	m.cost = manifestCost(len(data), len(sm.Files))
	if sm.NotFound != "" {
		m.notFound = m.files[sm.NotFound] // a dangling NotFound falls back to the built-in page
	}
	return m, nil
}

func newRep(hash string, size int64, encoding []string) rep {
	tag := hash
	if len(tag) > 20 {
		// 80 bits tell versions of one URL apart; the full hash would only
		// lengthen every response.
		tag = tag[:20]
	}
	return rep{hash: hash, size: size, etag: []string{`"` + tag + `"`},
		length: []string{strconv.FormatInt(size, 10)}, encoding: encoding}
}

// contentLength is the Content-Length for body, precomputed when the
// manifest's size is right (it always is for a sound build).
func (r *rep) contentLength(n int) []string {
	if int64(n) == r.size {
		return r.length
	}
	return []string{strconv.Itoa(n)}
}

// contentType is the manifest's type, or one guessed from the path for a
// manifest that left it out.
func contentType(p, t string) string {
	if t != "" {
		return t
	}
	if strings.HasSuffix(p, "/") {
		return "text/html; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(p)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// lookup finds what to answer for the clean path p: the file and 200, a
// 308 to p+"/" when that is a page, or the not-found page (nil for the
// built-in one) and 404.
func (m *manifest) lookup(p string) (*file, int) {
	if f, ok := m.files[p]; ok {
		return f, http.StatusOK
	}
	if !strings.HasSuffix(p, "/") {
		if _, ok := m.files[p+"/"]; ok {
			return nil, http.StatusPermanentRedirect
		}
		if dir, ok := strings.CutSuffix(p, "/index.html"); ok {
			if f, ok := m.files[dir+"/"]; ok {
				return f, http.StatusOK
			}
		}
	}
	return m.notFound, http.StatusNotFound
}

// manifestCache holds parsed manifests by object hash, least recently
// used first out, within a byte budget (the most recent always stays, so
// a huge manifest is parsed once, not per request). Entries never go
// stale: a manifest's hash names its bytes.
type manifestCache struct {
	objects *objectCache
	budget  int64
	size    int64

	mu sync.Mutex
	ll list.List // of *manifestEntry, most recent first
	m  map[string]*list.Element

	flight group[*manifest]
}

type manifestEntry struct {
	hash string
	m    *manifest
}

func newManifestCache(objects *objectCache, budget int64) *manifestCache {
	return &manifestCache{objects: objects, budget: budget, m: map[string]*list.Element{}}
}

func (c *manifestCache) get(ctx context.Context, hash string) (*manifest, error) {
	c.mu.Lock()
	if el, ok := c.m[hash]; ok {
		c.ll.MoveToFront(el)
		m := el.Value.(*manifestEntry).m
		c.mu.Unlock()
		return m, nil
	}
	c.mu.Unlock()
	return c.flight.do(ctx, hash, func(ctx context.Context) (*manifest, error) {
		// The manifest's bytes bypass the object cache: once parsed they
		// are never read again.
		data, err := c.objects.load(ctx, hash)
		if err != nil {
			return nil, err
		}
		m, err := parseManifest(data)
		if err != nil {
			return nil, fmt.Errorf("%w: manifest %s: %w", errBadObject, hash, err)
		}
		c.add(hash, m)
		return m, nil
	})
}

func (c *manifestCache) add(hash string, m *manifest) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[hash]; ok {
		return
	}
	c.m[hash] = c.ll.PushFront(&manifestEntry{hash: hash, m: m})
	c.size += m.cost
	for c.size > c.budget && c.ll.Len() > 1 {
		last := c.ll.Back()
		e := last.Value.(*manifestEntry)
		c.ll.Remove(last)
		delete(c.m, e.hash)
		c.size -= e.m.cost
	}
}
