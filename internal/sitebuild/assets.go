package sitebuild

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/pagewright/pagewright/internal/render/component"
)

// assetCache looks each asset up, and reads its bytes, at most once per
// build however many pages use it.
type assetCache struct {
	src AssetSource
	b   *builder

	mu     sync.Mutex
	metas  map[string]*assetMeta
	loaded map[string]*loadedAsset
}

// assetMeta is what a page's InputKey needs of an asset.
type assetMeta struct {
	once  sync.Once
	a     Asset
	found bool
	// sha is the original's hash: Asset.SHA256, or worked out from the
	// bytes when the source does not say (orig then keeps them).
	sha  string
	orig []byte
	err  error
}

// loadedAsset is an asset stored as files: files[0] the original, then
// the variants in the source's order.
type loadedAsset struct {
	once  sync.Once
	meta  Asset
	files []assetFile
	err   error
}

type assetFile struct {
	path  string
	width int
	file  File // file.Type is the content type
}

func newAssetCache(src AssetSource, b *builder) *assetCache {
	return &assetCache{src: src, b: b, metas: map[string]*assetMeta{}, loaded: map[string]*loadedAsset{}}
}

// meta describes asset id.
func (c *assetCache) meta(ctx context.Context, id string) *assetMeta {
	c.mu.Lock()
	m := c.metas[id]
	if m == nil {
		m = &assetMeta{}
		c.metas[id] = m
	}
	c.mu.Unlock()
	m.once.Do(func() {
		if c.src == nil {
			return
		}
		m.a, m.found, m.err = c.src.Asset(ctx, id)
		if m.err != nil {
			m.err = fmt.Errorf("asset %q: %w", id, m.err)
			return
		}
		if !m.found {
			return
		}
		m.sha = m.a.SHA256
		if m.sha == "" {
			if m.orig, m.err = c.src.Open(ctx, id, 0, ""); m.err != nil {
				m.err = fmt.Errorf("asset %q: %w", id, m.err)
				return
			}
			m.sha = hashHex(m.orig)
		}
	})
	return m
}

// load stores asset id's original and variants as files. The asset must
// have been found by meta.
func (c *assetCache) load(ctx context.Context, id string) (*loadedAsset, error) {
	m := c.meta(ctx, id)
	if m.err != nil || !m.found {
		return nil, m.err
	}
	c.mu.Lock()
	la := c.loaded[id]
	if la == nil {
		la = &loadedAsset{meta: m.a}
		c.loaded[id] = la
	}
	c.mu.Unlock()
	la.once.Do(func() {
		add := func(width int, typ string, data []byte) error {
			if typ == "" {
				typ = m.a.ContentType
			}
			f, err := c.b.file(ctx, data, typ, effortFast, nil)
			if err != nil {
				return err
			}
			f.Immutable = true
			la.files = append(la.files, assetFile{path: assetDir + f.Hash[:16] + extension(typ), width: width, file: f})
			return nil
		}
		data := m.orig
		if data == nil {
			var err error
			if data, err = c.src.Open(ctx, id, 0, ""); err != nil {
				la.err = fmt.Errorf("asset %q: %w", id, err)
				return
			}
		}
		if la.err = add(0, m.a.ContentType, data); la.err != nil {
			return
		}
		for _, v := range m.a.Variants {
			data, err := c.src.Open(ctx, id, v.Width, v.ContentType)
			if err != nil {
				la.err = fmt.Errorf("asset %q, width %d (%s): %w", id, v.Width, v.ContentType, err)
				return
			}
			if la.err = add(v.Width, v.ContentType, data); la.err != nil {
				return
			}
		}
	})
	return la, la.err
}

// keyPart is what of the asset goes into the InputKey of a page using it:
// everything the renderer reads (size, alt text, variants with their
// types, so that WebP copies appearing re-render the page with its
// <picture>) and the bytes' identity.
func (m *assetMeta) keyPart(k *keyWriter, id string) {
	k.str(id)
	if !m.found {
		k.str("-")
		return
	}
	k.str(m.sha)
	k.str(m.a.Alt)
	k.str(m.a.ContentType)
	k.int(m.a.Width)
	k.int(m.a.Height)
	k.int(len(m.a.Variants))
	for _, v := range m.a.Variants {
		k.int(v.Width)
		k.int(v.Height)
		k.str(v.ContentType)
	}
}

// extension is the file name extension for an asset's content type.
func extension(typ string) string {
	switch typ {
	case "image/jpeg":
		return ".jpg"
	case "image/png":
		return ".png"
	case "image/gif":
		return ".gif"
	case "image/webp":
		return ".webp"
	case "image/avif":
		return ".avif"
	case "image/svg+xml":
		return ".svg"
	}
	return ".bin"
}

// assetResolver gives the renderer a page's assets with URLs relative to
// that page.
type assetResolver struct {
	loaded map[string]*loadedAsset
	t      target
}

func (r assetResolver) Asset(id string) (component.Asset, bool) {
	la, ok := r.loaded[id]
	if !ok || len(la.files) == 0 {
		return component.Asset{}, false
	}
	a := component.Asset{Src: r.t.url(la.files[0].path), Width: la.meta.Width, Height: la.meta.Height, Alt: la.meta.Alt}
	for _, f := range la.files[1:] {
		a.Variants = append(a.Variants, component.AssetVariant{URL: r.t.url(f.path), Width: f.width, Type: f.file.Type})
	}
	return a, true
}

// assetRefs returns the ids of the "asset:<id>" strings in a JSON
// document, sorted and without repeats. It reads the bytes rather than
// decoding them, so that a page reused from the last build costs no
// decoding; a string with escapes is decoded, so none is missed. Hidden
// nodes' references are included: that can only make the key stricter.
func assetRefs(b []byte) []string {
	if escapesAssetLetters(b) {
		return assetRefsSlow(b)
	}
	// No letter of "asset:" is escaped anywhere, so every reference is
	// written `"asset:` and a search finds them all.
	var ids []string
	for i := 0; ; {
		k := bytes.Index(b[i:], []byte(`"asset:`))
		if k < 0 {
			break
		}
		q := i + k
		i = q + 1
		if escaped(b, q) {
			continue // a quote inside a string
		}
		end := closingQuote(b, q+1)
		if end < 0 {
			break
		}
		i = end + 1
		ids = addRef(ids, b[q:end+1])
	}
	slices.Sort(ids)
	return ids
}

// escapesAssetLetters reports whether b has a \u escape of a character of
// "asset:" (which JSON allows but encoders do not write).
func escapesAssetLetters(b []byte) bool {
	for i := 0; ; {
		k := bytes.Index(b[i:], []byte(`\u00`))
		if k < 0 || i+k+6 > len(b) {
			return false
		}
		i += k + 4
		switch string(b[i : i+2]) {
		case "61", "73", "65", "74", "3a", "3A":
			if !escaped(b, i-4) { // a real escape, not an escaped backslash
				return true
			}
		}
	}
}

// escaped reports whether the byte at i follows an odd run of
// backslashes.
func escaped(b []byte, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && b[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

// closingQuote returns the index of the quote ending the string whose
// contents start at i, or -1.
func closingQuote(b []byte, i int) int {
	for {
		k := bytes.IndexByte(b[i:], '"')
		if k < 0 {
			return -1
		}
		if !escaped(b, i+k) {
			return i + k
		}
		i += k + 1
	}
}

// addRef adds the asset id of the JSON string literal lit, if it is a
// valid reference not in ids yet.
func addRef(ids []string, lit []byte) []string {
	var str string
	if bytes.IndexByte(lit, '\\') >= 0 {
		str = unquote(lit)
	} else {
		str = string(lit[1 : len(lit)-1])
	}
	if id, ok := component.AssetRef(str); ok && component.ValidAssetID(id) && !slices.Contains(ids, id) {
		ids = append(ids, id)
	}
	return ids
}

// assetRefsSlow is assetRefs for a document that escapes letters: it
// looks at every string.
func assetRefsSlow(b []byte) []string {
	var ids []string
	for i := 0; i < len(b); i++ {
		if b[i] != '"' {
			continue
		}
		end := closingQuote(b, i+1)
		if end < 0 {
			break
		}
		if s := b[i+1 : end]; len(s) > len(component.AssetPrefix) && mayBeAssetRef(s) {
			ids = addRef(ids, b[i:end+1])
		}
		i = end
	}
	slices.Sort(ids)
	return ids
}

// keyWriter hashes a sequence of fields unambiguously: each is written
// with its length.
type keyWriter struct{ buf []byte }

func (k *keyWriter) str(s string) {
	k.buf = strconv.AppendInt(k.buf, int64(len(s)), 10)
	k.buf = append(k.buf, ':')
	k.buf = append(k.buf, s...)
}

func (k *keyWriter) int(n int) { k.str(strconv.Itoa(n)) }

func (k *keyWriter) bool(v bool) {
	if v {
		k.str("1")
	} else {
		k.str("0")
	}
}

func (k *keyWriter) sum() string { return hashHex(k.buf) }

// mayBeAssetRef reports whether the raw JSON string s (without quotes,
// with escapes) could decode to something starting "asset:": its leading
// characters, decoding plain \uXXXX escapes, must match. Rich text is
// full of escapes ("\u003cp\u003e"), and decoding all of it would cost
// more than the rest of the scan.
func mayBeAssetRef(s []byte) bool {
	const prefix = component.AssetPrefix
	for k := 0; k < len(prefix); k++ {
		if len(s) == 0 {
			return false
		}
		c := s[0]
		if c == '\\' {
			if len(s) < 6 || s[1] != 'u' {
				return false // \n, \" … cannot be part of "asset:"
			}
			var v int
			for _, h := range s[2:6] {
				switch {
				case h >= '0' && h <= '9':
					v = v<<4 | int(h-'0')
				case h >= 'a' && h <= 'f':
					v = v<<4 | int(h-'a'+10)
				case h >= 'A' && h <= 'F':
					v = v<<4 | int(h-'A'+10)
				default:
					return false
				}
			}
			if v != int(prefix[k]) {
				return false
			}
			s = s[6:]
			continue
		}
		if c != prefix[k] {
			return false
		}
		s = s[1:]
	}
	return true
}

// unquote decodes a JSON string literal, or returns "" if it is not one.
// It is a function of its own so that the decoded string does not make
// every string of the scan escape to the heap.
func unquote(lit []byte) string {
	var s string
	if json.Unmarshal(lit, &s) != nil {
		return ""
	}
	return s
}
