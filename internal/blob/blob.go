// Package blob stores uploaded assets and published build artifacts.
//
// Two backends exist so that a single-node install needs nothing but a
// disk, while larger installs can move bytes to S3-compatible storage
// without the rest of Pagewright noticing: both are reached through
// [Store] and chosen at startup by [Open].
package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"time"
)

// Info describes a stored object.
//
// ETag is opaque: it changes whenever the content changes, but its format
// differs between backends (S3 uses MD5-based tags), so it is only
// comparable with ETags from the same store.
type Info struct {
	Key         string
	Size        int64
	ContentType string
	ETag        string
	ModTime     time.Time
}

// Store is the blob storage used for assets and build artifacts.
//
// Every method validates its key with [ValidKey] before touching storage,
// so callers may pass user-influenced keys without further checks.
type Store interface {
	// Put stores the content of r under key, replacing any previous object
	// atomically: readers see either the old or the new object, never a
	// mix. size may be -1 when unknown; otherwise the reader must yield
	// exactly size bytes or the put fails and nothing is stored. An empty
	// contentType is stored as "application/octet-stream" because that is
	// what S3 would report anyway and both backends must agree.
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) (Info, error)
	// Get opens an object for reading; the caller must close it. Some
	// backends issue requests under ctx while the reader is consumed, so
	// ctx must stay live until Close.
	Get(ctx context.Context, key string) (io.ReadCloser, Info, error)
	// Stat reports an object's metadata without reading its content.
	Stat(ctx context.Context, key string) (Info, error)
	// Delete removes an object. Deleting a missing key is not an error,
	// so that cleanup jobs can be retried safely.
	Delete(ctx context.Context, key string) error
	// List returns the objects whose keys start with prefix, sorted by
	// key. ContentType is left empty because S3 listings do not carry it
	// and both backends must behave alike; use Stat when it is needed.
	List(ctx context.Context, prefix string) ([]Info, error)
	// Ping reports whether the store is usable; it backs readiness checks.
	Ping(ctx context.Context) error
}

// ErrNotFound is returned (wrapped) when an object does not exist.
var ErrNotFound = errors.New("blob: not found")

// ErrInvalidKey is returned (wrapped) for keys rejected by [ValidKey].
var ErrInvalidKey = errors.New("blob: invalid key")

const (
	// maxKeyLen matches the S3 limit, so every valid key works on S3.
	maxKeyLen = 1024
	// maxSegmentLen keeps each segment, plus the one-byte suffix the
	// directory store appends to object file names, within the 255-byte
	// file-name limit of common filesystems.
	maxSegmentLen = 254
	// maxContentTypeLen bounds metadata so a hostile client cannot bloat
	// object trailers or exceed S3 header limits.
	maxContentTypeLen  = 1024
	defaultContentType = "application/octet-stream"
)

// ValidKey reports whether key may name an object, returning an error
// wrapping [ErrInvalidKey] if not.
//
// The grammar is deliberately narrow: '/'-separated segments of
// [A-Za-z0-9._-], with no empty, "." or ".." segments and no leading '/'.
// That makes a key safe to join under a directory (no traversal, no
// absolute paths, no separators or special characters of any OS) and
// means keys never need escaping in URLs or S3 requests.
func ValidKey(key string) error {
	if len(key) == 0 {
		return fmt.Errorf("%w: empty", ErrInvalidKey)
	}
	if len(key) > maxKeyLen {
		return fmt.Errorf("%w: longer than %d bytes", ErrInvalidKey, maxKeyLen)
	}
	for seg := range strings.SplitSeq(key, "/") {
		switch {
		case seg == "":
			return fmt.Errorf("%w: %q has an empty segment", ErrInvalidKey, key)
		case seg == "." || seg == "..":
			return fmt.Errorf("%w: %q has a %q segment", ErrInvalidKey, key, seg)
		case len(seg) > maxSegmentLen:
			return fmt.Errorf("%w: %q has a segment longer than %d bytes", ErrInvalidKey, key, maxSegmentLen)
		}
		for i := 0; i < len(seg); i++ {
			if !keyByte(seg[i]) {
				return fmt.Errorf("%w: %q contains %q", ErrInvalidKey, key, seg[i])
			}
		}
	}
	return nil
}

// prefixCanMatch reports whether some valid key starts with prefix, so
// that List can answer hopeless prefixes (such as "../") with an empty
// result on every backend instead of backend-specific errors.
func prefixCanMatch(prefix string) bool {
	return ValidKey(prefix+"x") == nil || ValidKey(prefix) == nil
}

func keyByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '.' || c == '_' || c == '-'
}

// normContentType applies the default and rejects values that could not
// round-trip through an HTTP header, so both backends accept the same set.
func normContentType(ct string) (string, error) {
	if ct == "" {
		return defaultContentType, nil
	}
	if len(ct) > maxContentTypeLen {
		return "", fmt.Errorf("blob: content type longer than %d bytes", maxContentTypeLen)
	}
	for i := 0; i < len(ct); i++ {
		if c := ct[i]; c < 0x20 || c > 0x7e {
			return "", fmt.Errorf("blob: content type contains byte %#x", c)
		}
	}
	return ct, nil
}

// errSizeMismatch is returned when a reader does not yield the declared
// size; storing a truncated or overlong object would silently corrupt it.
var errSizeMismatch = errors.New("blob: content length does not match declared size")

// exactReader enforces a declared size. It probes one byte past the end
// within the final Read because S3 clients stop reading once they have
// size bytes, and would otherwise never notice surplus data.
type exactReader struct {
	r         io.Reader
	remaining int64
	err       error
}

func newExactReader(r io.Reader, size int64) *exactReader {
	return &exactReader{r: r, remaining: size}
}

func (e *exactReader) Read(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	if e.remaining == 0 {
		e.err = e.probe()
		return 0, e.err
	}
	if int64(len(p)) > e.remaining {
		p = p[:e.remaining]
	}
	n, err := e.r.Read(p)
	e.remaining -= int64(n)
	switch {
	case err == io.EOF && e.remaining > 0:
		e.err = fmt.Errorf("%w: %d bytes short", errSizeMismatch, e.remaining)
	case err != nil:
		e.err = err
	case e.remaining == 0:
		e.err = e.probe()
	}
	if e.err == nil {
		return n, nil
	}
	return n, e.err
}

func (e *exactReader) probe() error {
	var b [1]byte
	for {
		n, err := e.r.Read(b[:])
		if n > 0 {
			return fmt.Errorf("%w: reader has more data", errSizeMismatch)
		}
		if err != nil {
			return err // io.EOF is the success case
		}
	}
}

// ctxReader stops a copy when ctx ends; os.File and most request bodies
// ignore contexts, and a cancelled upload should not keep writing.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// Open returns the store selected by rawURL:
//
//   - "" uses a directory store at <dataDir>/blobs, so a fresh install
//     works with no configuration;
//   - "file:///abs/path" uses a directory store at that path;
//   - "s3://[KEY:SECRET@]bucket?endpoint=host:port&region=r&secure=false&path_style=true"
//     uses S3; without user info the credentials come from
//     AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.
//
// Open performs no network I/O, so startup does not hang on an
// unreachable S3 endpoint; readiness checks call [Store.Ping] instead.
// Errors never contain the URL's credentials, so they are safe to log.
func Open(ctx context.Context, rawURL string, dataDir string) (Store, error) {
	if rawURL == "" {
		if dataDir == "" {
			return nil, errors.New("blob: no storage URL and no data directory")
		}
		abs, err := filepath.Abs(dataDir)
		if err != nil {
			return nil, fmt.Errorf("blob: data directory: %w", err)
		}
		return newDirStore(filepath.Join(abs, "blobs"))
	}
	scheme, rest, ok := strings.Cut(rawURL, "://")
	if !ok {
		// A bare path is the likely mistake and worth echoing; anything
		// with a colon might be a credential pair and is not.
		if strings.Contains(rawURL, ":") {
			return nil, errors.New("blob: storage URL has no scheme (want file:// or s3://)")
		}
		return nil, fmt.Errorf("blob: storage URL %q has no scheme (want file:// or s3://)", redactURL(rawURL))
	}
	switch strings.ToLower(scheme) {
	case "file":
		return openFileURL(rawURL)
	case "s3":
		cfg, err := parseS3URL(rest)
		if err != nil {
			return nil, fmt.Errorf("blob: storage URL %q: %w", redactURL(rawURL), err)
		}
		return newS3Store(cfg)
	default:
		if !plausibleScheme(scheme) {
			return nil, errors.New("blob: storage URL has a malformed scheme (want file:// or s3://)")
		}
		return nil, fmt.Errorf("blob: unsupported storage URL scheme %q (want file:// or s3://)", scheme)
	}
}

func openFileURL(rawURL string) (Store, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		// The parse error would quote whatever it choked on, which may be
		// part of a mistakenly included credential, so it is dropped.
		return nil, fmt.Errorf("blob: storage URL %q is not a valid file URL (want file:///absolute/path)", redactURL(rawURL))
	}
	switch {
	case u.User != nil:
		return nil, fmt.Errorf("blob: storage URL %q: file URLs take no credentials", redactURL(rawURL))
	case u.Host != "" && u.Host != "localhost":
		return nil, fmt.Errorf("blob: storage URL %q: file URL must be file:///absolute/path", redactURL(rawURL))
	case u.RawQuery != "" || u.Fragment != "":
		return nil, fmt.Errorf("blob: storage URL %q: file URLs take no query or fragment", redactURL(rawURL))
	case u.Path == "" || !filepath.IsAbs(filepath.FromSlash(u.Path)):
		return nil, fmt.Errorf("blob: storage URL %q: file URL needs an absolute path", redactURL(rawURL))
	}
	return newDirStore(filepath.Clean(filepath.FromSlash(u.Path)))
}

// plausibleScheme guards the error message: if the text before "://" is
// not scheme syntax, it may be a mangled credential and must not be echoed.
func plausibleScheme(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !letter && (i == 0 || !('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}

// redactURL hides everything up to the last '@', rather than using
// url.URL.Redacted, because it must also work on URLs that fail to parse,
// including secrets that contain unescaped '/', '?', '#' or '@'.
func redactURL(raw string) string {
	at := strings.LastIndex(raw, "@")
	if at < 0 {
		return raw
	}
	start := 0
	if i := strings.Index(raw, "://"); i >= 0 && i < at {
		start = i + len("://")
	}
	return raw[:start] + "REDACTED" + raw[at:]
}
