// Package blobtest is a conformance suite for blob.Store implementations.
//
// Every backend runs the same suite so that code developed against the
// directory store behaves identically in production on S3.
package blobtest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pagewright/pagewright/internal/blob"
)

// Run runs the conformance suite. newStore is called once per subtest and
// must return an empty store, so subtests cannot observe each other.
func Run(t *testing.T, newStore func(t *testing.T) blob.Store) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.run(t, newStore(t))
		})
	}
}

var cases = []struct {
	name string
	run  func(t *testing.T, s blob.Store)
}{
	{"put get round trip", testRoundTrip},
	{"content type preserved", testContentType},
	{"overwrite", testOverwrite},
	{"stat missing is ErrNotFound", testStatMissing},
	{"get missing is ErrNotFound", testGetMissing},
	{"delete missing ok", testDeleteMissing},
	{"list by prefix sorted", testList},
	{"invalid keys rejected", testInvalidKeys},
	{"unknown size put", testUnknownSize},
	{"large object", testLarge},
	{"size mismatch rejected", testSizeMismatch},
	{"failed put keeps previous object", testFailedPut},
	{"cancelled context", testCancelled},
	{"concurrent puts", testConcurrent},
	{"ping", testPing},
}

// hidden strips every interface but io.Reader, so stores cannot take
// shortcuts (Seek, WriteTo, Len) that real request bodies do not offer.
type hidden struct{ r io.Reader }

func (h hidden) Read(p []byte) (int, error) { return h.r.Read(p) }

func put(t *testing.T, s blob.Store, key string, data []byte, ct string) blob.Info {
	t.Helper()
	info, err := s.Put(t.Context(), key, hidden{bytes.NewReader(data)}, int64(len(data)), ct)
	if err != nil {
		t.Fatalf("Put(%q): %v", key, err)
	}
	if info.Key != key || info.Size != int64(len(data)) || info.ETag == "" {
		t.Fatalf("Put(%q) = %+v, want key %q, size %d and an ETag", key, info, key, len(data))
	}
	return info
}

func get(t *testing.T, s blob.Store, key string) ([]byte, blob.Info) {
	t.Helper()
	rc, info, err := s.Get(t.Context(), key)
	if err != nil {
		t.Fatalf("Get(%q): %v", key, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("Get(%q): read: %v", key, err)
	}
	if info.Key != key || info.Size != int64(len(data)) || info.ETag == "" || info.ModTime.IsZero() {
		t.Fatalf("Get(%q) info = %+v, want key, size %d, ETag and ModTime", key, info, len(data))
	}
	return data, info
}

func stat(t *testing.T, s blob.Store, key string) blob.Info {
	t.Helper()
	info, err := s.Stat(t.Context(), key)
	if err != nil {
		t.Fatalf("Stat(%q): %v", key, err)
	}
	if info.Key != key || info.ETag == "" || info.ModTime.IsZero() {
		t.Fatalf("Stat(%q) = %+v, want key, ETag and ModTime", key, info)
	}
	return info
}

func wantMissing(t *testing.T, s blob.Store, key string) {
	t.Helper()
	if info, err := s.Stat(t.Context(), key); !errors.Is(err, blob.ErrNotFound) {
		t.Fatalf("Stat(%q) = %+v, %v; want ErrNotFound", key, info, err)
	}
}

func keys(infos []blob.Info) []string {
	out := make([]string, len(infos))
	for i, info := range infos {
		out[i] = info.Key
	}
	return out
}

func list(t *testing.T, s blob.Store, prefix string) []blob.Info {
	t.Helper()
	infos, err := s.List(t.Context(), prefix)
	if err != nil {
		t.Fatalf("List(%q): %v", prefix, err)
	}
	return infos
}

// randomBytes is deterministic so failures reproduce, and incompressible
// so no layer can cheat by compressing.
func randomBytes(n int, seed byte) []byte {
	b := make([]byte, n)
	_, _ = rand.NewChaCha8([32]byte{seed}).Read(b)
	return b
}

func testRoundTrip(t *testing.T, s blob.Store) {
	for _, tc := range []struct {
		key  string
		data []byte
	}{
		{"hello.txt", []byte("hello, world\n")},
		{"a/b/c/deep.bin", randomBytes(4097, 1)},
		{"empty", nil},
		{"UPPER.lower-dash_under.score", []byte{0, 1, 2, 0xff}},
	} {
		pi := put(t, s, tc.key, tc.data, "application/x-test")
		got, gi := get(t, s, tc.key)
		if !bytes.Equal(got, tc.data) {
			t.Errorf("Get(%q) = %d bytes, want the %d bytes put", tc.key, len(got), len(tc.data))
		}
		si := stat(t, s, tc.key)
		if si.Size != int64(len(tc.data)) || si.ETag != pi.ETag || gi.ETag != pi.ETag {
			t.Errorf("%q: Put ETag %q, Get %+v, Stat %+v; want matching size and ETag", tc.key, pi.ETag, gi, si)
		}
	}
}

func testContentType(t *testing.T, s blob.Store) {
	for i, tc := range []struct{ put, want string }{
		{"text/html; charset=utf-8", "text/html; charset=utf-8"},
		{"image/svg+xml", "image/svg+xml"},
		{"application/json", "application/json"},
		{"", "application/octet-stream"},
	} {
		key := fmt.Sprintf("ct/%d", i)
		if pi := put(t, s, key, []byte("x"), tc.put); pi.ContentType != tc.want {
			t.Errorf("Put(%q) ContentType = %q, want %q", tc.put, pi.ContentType, tc.want)
		}
		if si := stat(t, s, key); si.ContentType != tc.want {
			t.Errorf("Stat after Put(%q) ContentType = %q, want %q", tc.put, si.ContentType, tc.want)
		}
		if _, gi := get(t, s, key); gi.ContentType != tc.want {
			t.Errorf("Get after Put(%q) ContentType = %q, want %q", tc.put, gi.ContentType, tc.want)
		}
	}
	for _, bad := range []string{"text/plain\r\nX-Injected: 1", strings.Repeat("a", 4096)} {
		if _, err := s.Put(t.Context(), "ct/bad", strings.NewReader("x"), 1, bad); err == nil {
			t.Errorf("Put with content type %.20q succeeded, want error", bad)
		}
	}
	wantMissing(t, s, "ct/bad")
}

func testOverwrite(t *testing.T, s blob.Store) {
	v1 := put(t, s, "site/index.html", []byte("<h1>version one</h1>"), "text/html")
	v2 := put(t, s, "site/index.html", []byte("v2"), "text/plain")
	if v1.ETag == v2.ETag {
		t.Errorf("ETag unchanged after overwrite with different content: %q", v1.ETag)
	}
	got, gi := get(t, s, "site/index.html")
	if string(got) != "v2" || gi.ContentType != "text/plain" || gi.ETag != v2.ETag {
		t.Errorf("after overwrite Get = %q, %+v; want v2 and its metadata", got, gi)
	}
	if got := keys(list(t, s, "")); !slices.Equal(got, []string{"site/index.html"}) {
		t.Errorf("after overwrite List = %q, want one object", got)
	}
}

func testStatMissing(t *testing.T, s blob.Store) {
	wantMissing(t, s, "nope")
	// A key that is only a prefix of real keys must not look like an object
	// (the directory store keeps it as a directory).
	put(t, s, "dir/file", []byte("x"), "")
	wantMissing(t, s, "dir")
	wantMissing(t, s, "dir/file/below")
}

func testGetMissing(t *testing.T, s blob.Store) {
	put(t, s, "dir/file", []byte("x"), "")
	for _, key := range []string{"nope", "dir", "dir/nope", "dir/file/below"} {
		rc, info, err := s.Get(t.Context(), key)
		if !errors.Is(err, blob.ErrNotFound) {
			if rc != nil {
				rc.Close()
			}
			t.Errorf("Get(%q) = %+v, %v; want ErrNotFound", key, info, err)
		}
	}
}

func testDeleteMissing(t *testing.T, s blob.Store) {
	ctx := t.Context()
	if err := s.Delete(ctx, "never/existed"); err != nil {
		t.Fatalf("Delete of missing key: %v", err)
	}
	put(t, s, "dir/file", []byte("x"), "")
	put(t, s, "dir/other", []byte("y"), "")
	// Deleting a bare prefix must not touch the keys beneath it.
	if err := s.Delete(ctx, "dir"); err != nil {
		t.Fatalf("Delete of prefix-only key: %v", err)
	}
	for range 2 {
		if err := s.Delete(ctx, "dir/file"); err != nil {
			t.Fatalf("Delete(dir/file): %v", err)
		}
	}
	wantMissing(t, s, "dir/file")
	if got := keys(list(t, s, "")); !slices.Equal(got, []string{"dir/other"}) {
		t.Errorf("after deletes List = %q, want [dir/other]", got)
	}
	// Deleting the last key under a prefix, then reusing it, must work
	// even if a backend tidies up after the delete.
	if err := s.Delete(ctx, "dir/other"); err != nil {
		t.Fatalf("Delete(dir/other): %v", err)
	}
	put(t, s, "dir/again", []byte("z"), "")
}

func testList(t *testing.T, s blob.Store) {
	all := []string{
		"site/1/index.html", "other/x", "site/10/index.html", "site/1-b/x",
		"site/1/a.css", "site", "site/1", "site/2/index.html", "site/1/sub/deep.js",
	}
	etags := map[string]string{}
	for i, key := range all {
		etags[key] = put(t, s, key, bytes.Repeat([]byte("x"), i+1), "text/plain").ETag
	}
	sorted := slices.Sorted(slices.Values(all))
	for _, tc := range []struct {
		prefix string
		want   []string
	}{
		{"", sorted},
		{"site/1/", []string{"site/1/a.css", "site/1/index.html", "site/1/sub/deep.js"}},
		{"site/1", []string{"site/1", "site/1-b/x", "site/1/a.css", "site/1/index.html", "site/1/sub/deep.js", "site/10/index.html"}},
		{"site/1/i", []string{"site/1/index.html"}},
		{"si", sorted[1:]},
		{"other/", []string{"other/x"}},
		{"nope/", nil},
		{"../", nil},
		{"/", nil},
		{"site//", nil},
		{"site/\xff", nil},
		{strings.Repeat("s", 255), nil},
	} {
		infos := list(t, s, tc.prefix)
		if got := keys(infos); !slices.Equal(got, tc.want) {
			t.Errorf("List(%q) = %q, want %q", tc.prefix, got, tc.want)
			continue
		}
		for _, info := range infos {
			size := int64(slices.Index(all, info.Key) + 1)
			if info.Size != size || info.ETag != etags[info.Key] || info.ModTime.IsZero() || info.ContentType != "" {
				t.Errorf("List(%q) entry %+v: want size %d, ETag %q, a ModTime and no ContentType",
					tc.prefix, info, size, etags[info.Key])
			}
		}
	}
}

// InvalidKeys are keys every store must reject; exported so backend tests
// can also check that nothing reached the underlying storage.
var InvalidKeys = []string{
	"",
	"../x",
	"a/../../x",
	"..",
	".",
	"a/./b",
	"/abs",
	"a//b",
	"trailing/",
	`back\slash`,
	"sp ace",
	"nul\x00byte",
	"caf\u00e9",
	"a/" + strings.Repeat("s", 255),
	strings.Repeat("abcdefg/", 128) + "x", // 1025 bytes
}

func testInvalidKeys(t *testing.T, s blob.Store) {
	ctx := t.Context()
	for _, key := range InvalidKeys {
		if err := blob.ValidKey(key); !errors.Is(err, blob.ErrInvalidKey) {
			t.Errorf("ValidKey(%.40q) = %v, want ErrInvalidKey", key, err)
		}
		if _, err := s.Put(ctx, key, strings.NewReader("x"), 1, ""); !errors.Is(err, blob.ErrInvalidKey) {
			t.Errorf("Put(%.40q) = %v, want ErrInvalidKey", key, err)
		}
		if _, err := s.Put(ctx, key, strings.NewReader("x"), -1, ""); !errors.Is(err, blob.ErrInvalidKey) {
			t.Errorf("Put(%.40q, size -1) = %v, want ErrInvalidKey", key, err)
		}
		if rc, _, err := s.Get(ctx, key); !errors.Is(err, blob.ErrInvalidKey) {
			if rc != nil {
				rc.Close()
			}
			t.Errorf("Get(%.40q) = %v, want ErrInvalidKey", key, err)
		}
		if _, err := s.Stat(ctx, key); !errors.Is(err, blob.ErrInvalidKey) {
			t.Errorf("Stat(%.40q) = %v, want ErrInvalidKey", key, err)
		}
		if err := s.Delete(ctx, key); !errors.Is(err, blob.ErrInvalidKey) {
			t.Errorf("Delete(%.40q) = %v, want ErrInvalidKey", key, err)
		}
	}
	if got := keys(list(t, s, "")); len(got) != 0 {
		t.Errorf("after rejected puts List = %q, want nothing written", got)
	}
	// The limits themselves are valid, so callers can rely on them.
	for _, key := range []string{
		strings.Repeat("s", 254),
		strings.Repeat("abcdefg/", 127) + strings.Repeat("x", 8), // 1024 bytes
	} {
		put(t, s, key, []byte("x"), "")
		get(t, s, key)
	}
}

func testUnknownSize(t *testing.T, s blob.Store) {
	// The sizes straddle the point where an S3 store switches from
	// buffering to a multipart upload.
	for i, n := range []int{0, 13, 6<<20 + 7} {
		key := fmt.Sprintf("unknown/%d", i)
		data := randomBytes(n, byte(i))
		info, err := s.Put(t.Context(), key, hidden{bytes.NewReader(data)}, -1, "application/octet-stream")
		if err != nil {
			t.Fatalf("Put(%q, size -1) with %d bytes: %v", key, n, err)
		}
		if info.Size != int64(n) {
			t.Errorf("Put(%q, size -1) Size = %d, want %d", key, info.Size, n)
		}
		if got, _ := get(t, s, key); !bytes.Equal(got, data) {
			t.Errorf("Get(%q) returned different content (%d bytes, want %d)", key, len(got), n)
		}
		if si := stat(t, s, key); si.Size != int64(n) {
			t.Errorf("Stat(%q) Size = %d, want %d", key, si.Size, n)
		}
	}
}

func testLarge(t *testing.T, s blob.Store) {
	data := randomBytes(5<<20, 42)
	put(t, s, "big/object.bin", data, "application/octet-stream")
	got, _ := get(t, s, "big/object.bin")
	if sha256.Sum256(got) != sha256.Sum256(data) {
		t.Fatalf("large object content differs after round trip (%d bytes, want %d)", len(got), len(data))
	}
}

func testSizeMismatch(t *testing.T, s blob.Store) {
	for _, tc := range []struct {
		name    string
		data    string
		size    int64
		present bool
	}{
		{"short reader", "12345", 10, false},
		{"long reader", "12345", 3, false},
		{"long reader declared empty", "12345", 0, false},
		{"short reader over existing", "12345", 10, true},
		{"long reader over existing", "12345", 3, true},
	} {
		key := "mismatch/" + strings.ReplaceAll(tc.name, " ", "-")
		var old []byte
		if tc.present {
			old = []byte("previous")
			put(t, s, key, old, "")
		}
		if _, err := s.Put(t.Context(), key, hidden{strings.NewReader(tc.data)}, tc.size, ""); err == nil {
			t.Errorf("%s: Put succeeded, want a size mismatch error", tc.name)
		}
		if !tc.present {
			wantMissing(t, s, key)
		} else if got, _ := get(t, s, key); !bytes.Equal(got, old) {
			t.Errorf("%s: object = %q after failed put, want %q kept", tc.name, got, old)
		}
	}
}

var errBoom = errors.New("boom")

// failingReader yields n bytes and then fails, like a dropped upload.
type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n == 0 {
		return 0, errBoom
	}
	k := min(len(p), f.n)
	for i := range p[:k] {
		p[i] = 'x'
	}
	f.n -= k
	return k, nil
}

func testFailedPut(t *testing.T, s blob.Store) {
	put(t, s, "keep/me", []byte("original"), "text/plain")
	for _, size := range []int64{64 << 10, -1} {
		if _, err := s.Put(t.Context(), "keep/me", &failingReader{n: 32 << 10}, size, ""); err == nil {
			t.Fatalf("Put with failing reader (size %d) succeeded", size)
		}
		if _, err := s.Put(t.Context(), "fresh/key", &failingReader{n: 32 << 10}, size, ""); err == nil {
			t.Fatalf("Put with failing reader (size %d) succeeded", size)
		}
	}
	if got, info := get(t, s, "keep/me"); string(got) != "original" || info.ContentType != "text/plain" {
		t.Errorf("after failed puts keep/me = %q (%q), want original object", got, info.ContentType)
	}
	wantMissing(t, s, "fresh/key")
	if got := keys(list(t, s, "")); !slices.Equal(got, []string{"keep/me"}) {
		t.Errorf("after failed puts List = %q, want [keep/me]", got)
	}
}

func testCancelled(t *testing.T, s blob.Store) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := s.Put(ctx, "cancelled", strings.NewReader("x"), 1, ""); err == nil {
		t.Errorf("Put with cancelled context succeeded")
	}
	wantMissing(t, s, "cancelled")
	// Reads must fail too rather than report an empty or partial result.
	put(t, s, "present", []byte("x"), "")
	if infos, err := s.List(ctx, ""); err == nil {
		t.Errorf("List with cancelled context = %d objects and no error", len(infos))
	}
	if _, err := s.Stat(ctx, "present"); err == nil {
		t.Errorf("Stat with cancelled context succeeded")
	}
	if rc, _, err := s.Get(ctx, "present"); err == nil {
		rc.Close()
		t.Errorf("Get with cancelled context succeeded")
	}
}

func testConcurrent(t *testing.T, s blob.Store) {
	const n = 16
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			data := randomBytes(1000+i*100, byte(i))
			// Shared parent directories exercise concurrent mkdir.
			key := fmt.Sprintf("concurrent/%d/obj-%02d", i%3, i)
			_, errs[i] = s.Put(t.Context(), key, bytes.NewReader(data), int64(len(data)), "")
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("concurrent puts: %v", err)
	}
	for i := range n {
		key := fmt.Sprintf("concurrent/%d/obj-%02d", i%3, i)
		if got, _ := get(t, s, key); !bytes.Equal(got, randomBytes(1000+i*100, byte(i))) {
			t.Errorf("Get(%q) returned wrong content", key)
		}
	}
	if got := list(t, s, "concurrent/"); len(got) != n {
		t.Errorf("List(concurrent/) returned %d objects, want %d", len(got), n)
	}
}

func testPing(t *testing.T, s blob.Store) {
	if err := s.Ping(t.Context()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	// Ping must not leave anything visible behind.
	if got := keys(list(t, s, "")); len(got) != 0 {
		t.Errorf("after Ping List = %q, want empty", got)
	}
}
