package blob_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/pagewright/pagewright/internal/blob"
	"github.com/pagewright/pagewright/internal/blob/blobtest"
)

func fileURL(dir string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}).String()
}

func openDir(t *testing.T, dir string) blob.Store {
	t.Helper()
	s, err := blob.Open(t.Context(), fileURL(dir), "")
	if err != nil {
		t.Fatalf("Open(%s): %v", fileURL(dir), err)
	}
	return s
}

// regularFiles lists every regular file under dir, relative to it.
func regularFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDirStore(t *testing.T) {
	blobtest.Run(t, func(t *testing.T) blob.Store {
		base := t.TempDir()
		root := filepath.Join(base, "store")
		s := openDir(t, root)
		// Whatever a subtest does, nothing may land beside the store (as
		// "../x" would) and no temp file may outlive its Put.
		t.Cleanup(func() {
			entries, err := os.ReadDir(base)
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 1 || entries[0].Name() != "store" {
				t.Errorf("files outside the store root: %v", entries)
			}
			for _, f := range regularFiles(t, root) {
				if strings.Contains(filepath.Base(f), "tmp") {
					t.Errorf("temp file left behind: %s", f)
				}
			}
		})
		return s
	})
}

const (
	testBucket = "pagewright-test"
	testKey    = "AKIDPAGEWRIGHTTEST"
	// testSecret contains characters that real AWS secrets use and that
	// net/url would misparse if left unescaped.
	testSecret = "sEcReT/pa+ge:wr1ght"
)

// fakeS3 serves an in-memory S3 over real HTTP and records the
// Authorization headers it sees, so tests can check which credentials
// the client signed with.
type fakeS3 struct {
	*httptest.Server
	backend *s3mem.Backend
	mu      sync.Mutex
	auth    []string
}

func newFakeS3(t *testing.T) *fakeS3 {
	t.Helper()
	f := &fakeS3{backend: s3mem.New()}
	h := decodeChunkedParts(gofakes3.New(f.backend).Server())
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.auth = append(f.auth, r.Header.Get("Authorization"))
		f.mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(f.Close)
	if err := f.backend.CreateBucket(testBucket); err != nil {
		t.Fatal(err)
	}
	return f
}

// decodeChunkedParts works around gofakes3 v1.2.0 storing the aws-chunked
// framing of signed streaming uploads verbatim in multipart parts (it
// decodes it only for single PUTs). minio-go uses that framing over plain
// HTTP, which is what the in-process server speaks; real S3 and MinIO
// decode it.
func decodeChunkedParts(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut && r.URL.Query().Has("partNumber") &&
			r.Header.Get("X-Amz-Content-Sha256") == "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" {
			body, err := decodeAWSChunked(r.Body)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.ContentLength = int64(len(body))
			r.Header.Set("Content-Length", strconv.Itoa(len(body)))
		}
		next.ServeHTTP(w, r)
	})
}

// decodeAWSChunked strips "<hex size>;chunk-signature=...\r\n" framing.
// Signatures are not checked; the fake does not check them either.
func decodeAWSChunked(r io.Reader) ([]byte, error) {
	br := bufio.NewReader(r)
	var out []byte
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return nil, err
		}
		sizeHex, _, _ := strings.Cut(strings.TrimRight(line, "\r\n"), ";")
		n, err := strconv.ParseInt(sizeHex, 16, 32)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("bad chunk header %q", line)
		}
		chunk := make([]byte, n+2) // data and its trailing CRLF
		if _, err := io.ReadFull(br, chunk); err != nil {
			return nil, err
		}
		if n == 0 {
			return out, nil
		}
		out = append(out, chunk[:n]...)
	}
}

func (f *fakeS3) endpoint() string { return strings.TrimPrefix(f.URL, "http://") }

func (f *fakeS3) url(userinfo string) string {
	return "s3://" + userinfo + testBucket + "?endpoint=" + f.endpoint() + "&region=us-east-1&secure=false&path_style=true"
}

func (f *fakeS3) authHeaders() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.auth)
}

func TestS3Store(t *testing.T) {
	blobtest.Run(t, func(t *testing.T) blob.Store {
		f := newFakeS3(t)
		s, err := blob.Open(t.Context(), f.url(testKey+":"+url.PathEscape(testSecret)+"@"), "")
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		return s
	})
}

func TestOpen(t *testing.T) {
	abs := t.TempDir()
	for _, tc := range []struct {
		name    string
		url     string
		dataDir string
		wantErr string // substring; empty means success
	}{
		{name: "empty uses data dir", url: "", dataDir: filepath.Join(abs, "data")},
		{name: "empty without data dir", url: "", wantErr: "no data directory"},
		{name: "file absolute", url: fileURL(filepath.Join(abs, "files"))},
		{name: "file localhost", url: "file://localhost" + filepath.ToSlash(filepath.Join(abs, "lh"))},
		{name: "file relative", url: "file://relative/path", wantErr: "file:///absolute/path"},
		{name: "file no path", url: "file://", wantErr: "absolute path"},
		{name: "file with query", url: fileURL(abs) + "?x=1", wantErr: "no query"},
		{name: "no scheme", url: "/var/lib/pagewright", wantErr: "no scheme"},
		{name: "bad scheme", url: "ftp://example.com/blobs", wantErr: `unsupported storage URL scheme "ftp"`},
		{name: "s3 with credentials", url: "s3://AK:SK@bucket?endpoint=localhost:9000&region=us-east-1&secure=false&path_style=true"},
		{name: "s3 without credentials", url: "s3://bucket?endpoint=localhost:9000"},
		{name: "s3 aws defaults", url: "s3://my-bucket.example"},
		{name: "s3 uppercase scheme", url: "S3://bucket"},
		{name: "s3 missing bucket", url: "s3://?endpoint=localhost:9000", wantErr: "missing bucket"},
		{name: "s3 missing bucket with credentials", url: "s3://AK:SK@?endpoint=localhost:9000", wantErr: "missing bucket"},
		{name: "s3 invalid bucket", url: "s3://ab", wantErr: "bucket"},
		{name: "s3 bucket with port", url: "s3://bucket:9000", wantErr: "endpoint parameter"},
		{name: "s3 path", url: "s3://bucket/prefix", wantErr: "dedicated bucket"},
		{name: "s3 unknown parameter", url: "s3://bucket?pathstyle=true", wantErr: `unknown parameter "pathstyle"`},
		{name: "s3 repeated parameter", url: "s3://bucket?region=a&region=b", wantErr: "more than once"},
		{name: "s3 bad secure", url: "s3://bucket?secure=maybe", wantErr: "not a boolean"},
		{name: "s3 bad path_style", url: "s3://bucket?path_style=2", wantErr: "not a boolean"},
		{name: "s3 endpoint is a URL", url: "s3://bucket?endpoint=http://localhost:9000", wantErr: "host:port"},
		{name: "s3 key without secret", url: "s3://AK@bucket", wantErr: "KEY:SECRET"},
		{name: "s3 bad escape in secret", url: "s3://AK:S%zz@bucket", wantErr: "percent-escape"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := blob.Open(t.Context(), tc.url, tc.dataDir)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Open(%q) error = %v, want one containing %q", tc.url, err, tc.wantErr)
				}
				if s != nil {
					t.Fatalf("Open(%q) returned a store alongside error", tc.url)
				}
				return
			}
			if err != nil || s == nil {
				t.Fatalf("Open(%q) = %v, %v; want a store", tc.url, s, err)
			}
		})
	}
}

func TestOpenDefaultDirectory(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), "data")
	s, err := blob.Open(t.Context(), "", dataDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(t.Context(), "assets/logo.svg", strings.NewReader("<svg/>"), 6, "image/svg+xml"); err != nil {
		t.Fatal(err)
	}
	files := regularFiles(t, filepath.Join(dataDir, "blobs"))
	if len(files) != 1 || !strings.HasPrefix(files[0], "assets/logo.svg") {
		t.Fatalf("files under <dataDir>/blobs = %q, want the object", files)
	}
}

// TestOpenCredentials checks, via the signature the server receives, that
// credentials come from the URL when given there and from the standard
// AWS variables otherwise.
func TestOpenCredentials(t *testing.T) {
	for _, tc := range []struct {
		name     string
		userinfo string
		env      map[string]string
		want     string // access key in the signature; empty means unsigned
	}{
		{name: "from URL", userinfo: "URLKEY:" + url.PathEscape(testSecret) + "@", env: map[string]string{"AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": "x"}, want: "URLKEY"},
		{name: "from env", env: map[string]string{"AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": "x"}, want: "ENVKEY"},
		{name: "anonymous", env: map[string]string{"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			f := newFakeS3(t)
			s, err := blob.Open(t.Context(), f.url(tc.userinfo), "")
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Ping(t.Context()); err != nil {
				t.Fatal(err)
			}
			auth := f.authHeaders()
			if len(auth) == 0 {
				t.Fatal("server saw no requests")
			}
			for _, a := range auth {
				if tc.want == "" && a != "" {
					t.Errorf("Authorization = %q, want anonymous request", a)
				}
				if tc.want != "" && !strings.Contains(a, "Credential="+tc.want+"/") {
					t.Errorf("Authorization = %q, want access key %s", a, tc.want)
				}
			}
		})
	}
}

// TestErrorsRedactSecrets covers both parse errors (where a secret may sit
// in a URL that cannot even be parsed) and runtime errors from a store
// whose endpoint is broken.
func TestErrorsRedactSecrets(t *testing.T) {
	cred := testKey + ":" + testSecret + "@"
	for _, raw := range []string{
		"s3://" + cred,
		"s3://" + cred + "?endpoint=localhost:9000",
		"s3://" + cred + "bucket?bogus=1",
		"s3://" + cred + "bucket:99",
		"s3://" + cred + "ab",
		"s3://" + cred + "bucket/path",
		"s3://" + cred + "bucket#frag",
		"s3://" + cred + "bucket?%zz",
		"s3://" + cred + "bucket?secure=maybe",
		"s3://" + cred + "bucket?endpoint=http://x",
		"s3://" + testKey + ":" + testSecret + "%zz@bucket",
		"s4://" + cred + "bucket",
		cred + "bucket",
		testKey + ":" + testSecret + "://bucket",
		"file://" + cred + "/tmp/x",
		"file://" + cred,
	} {
		_, err := blob.Open(t.Context(), raw, "")
		if err == nil {
			t.Errorf("Open(%s) succeeded for a malformed URL", strings.ReplaceAll(raw, testSecret, "SECRET"))
			continue
		}
		assertRedacted(t, err)
	}

	// A well-formed URL whose server has gone away, and one whose bucket
	// is missing: runtime errors must not leak credentials either.
	f := newFakeS3(t)
	missing := strings.Replace(f.url(testKey+":"+url.PathEscape(testSecret)+"@"), testBucket, "no-such-bucket", 1)
	s, err := blob.Open(t.Context(), missing, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(t.Context()); err == nil {
		t.Error("Ping of a missing bucket succeeded")
	} else {
		assertRedacted(t, err)
	}

	s, err = blob.Open(t.Context(), f.url(testKey+":"+url.PathEscape(testSecret)+"@"), "")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	// minio-go retries refused connections until the context ends, so
	// each operation gets a short deadline of its own.
	ctx := func() context.Context {
		ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
		t.Cleanup(cancel)
		return ctx
	}
	_, putErr := s.Put(ctx(), "k", strings.NewReader("x"), 1, "")
	_, _, getErr := s.Get(ctx(), "k")
	_, statErr := s.Stat(ctx(), "k")
	_, listErr := s.List(ctx(), "")
	for op, err := range map[string]error{
		"Ping": s.Ping(ctx()), "Put": putErr, "Get": getErr, "Stat": statErr, "List": listErr, "Delete": s.Delete(ctx(), "k"),
	} {
		if err == nil {
			t.Errorf("%s against a closed server succeeded", op)
			continue
		}
		assertRedacted(t, err)
	}
}

func assertRedacted(t *testing.T, err error) {
	t.Helper()
	msg := err.Error()
	for _, s := range []string{testSecret, url.PathEscape(testSecret), "sEcReT", "wr1ght", testKey} {
		if strings.Contains(msg, s) {
			t.Errorf("error leaks credentials (%q): %s", s, msg)
		}
	}
}

// errReader fails after yielding some data, like a client that drops
// mid-upload.
type errReader struct{ n int }

var errDropped = errors.New("client went away")

func (r *errReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, errDropped
	}
	k := min(len(p), r.n)
	clear(p[:k])
	r.n -= k
	return k, nil
}

func TestDirFailedPutLeavesNothing(t *testing.T) {
	root := t.TempDir()
	s := openDir(t, root)
	ctx := t.Context()
	if _, err := s.Put(ctx, "keep.txt", strings.NewReader("keep"), 4, "text/plain"); err != nil {
		t.Fatal(err)
	}
	before := regularFiles(t, root)

	for _, size := range []int64{1 << 20, -1} {
		for _, key := range []string{"keep.txt", "new/deep/object.bin"} {
			_, err := s.Put(ctx, key, &errReader{n: 300 << 10}, size, "")
			if !errors.Is(err, errDropped) {
				t.Fatalf("Put(%q, size %d) = %v, want the reader's error", key, size, err)
			}
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Put(cctx, "new/cancelled", strings.NewReader("x"), 1, ""); !errors.Is(err, context.Canceled) {
		t.Fatalf("Put with cancelled context = %v, want context.Canceled", err)
	}

	if after := regularFiles(t, root); !slices.Equal(after, before) {
		t.Fatalf("files after failed puts = %q, want %q (no object, no temp file)", after, before)
	}
	if _, err := os.Stat(filepath.Join(root, "new")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("failed put left its directory behind: %v", err)
	}
	rc, _, err := s.Get(ctx, "keep.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if b, _ := io.ReadAll(rc); string(b) != "keep" {
		t.Fatalf("keep.txt = %q after failed overwrites, want %q", b, "keep")
	}
}

func TestDirPermissions(t *testing.T) {
	root := filepath.Join(t.TempDir(), "store")
	s := openDir(t, root)
	if _, err := s.Put(t.Context(), "a/b/c.txt", strings.NewReader("x"), 1, ""); err != nil {
		t.Fatal(err)
	}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		// Compare against the maximum, since the umask may clear more bits.
		limit := fs.FileMode(0o640)
		if d.IsDir() {
			limit = 0o750
		}
		if extra := fi.Mode().Perm() &^ limit; extra != 0 {
			t.Errorf("%s has mode %v, want at most %v", p, fi.Mode().Perm(), limit)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestDirSymlinkEscape checks the second line of defence: even a symlink
// planted inside the store cannot make it read or write outside.
func TestDirSymlinkEscape(t *testing.T) {
	base := t.TempDir()
	root, outside := filepath.Join(base, "store"), filepath.Join(base, "outside")
	s := openDir(t, root)
	if err := os.Mkdir(outside, 0o750); err != nil {
		t.Fatal(err)
	}
	// Plant a file that would be a valid object if the link were followed.
	src := openDir(t, outside)
	if _, err := src.Put(t.Context(), "secret", strings.NewReader("secret"), 6, ""); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "link")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("symlinks are required under CI=true: %v", err)
		}
		t.Skipf("symlinks unavailable: %v", err)
	}
	if rc, _, err := s.Get(t.Context(), "link/secret"); err == nil {
		rc.Close()
		t.Error("Get through a symlink escaping the store succeeded")
	}
	if _, err := s.Put(t.Context(), "link/planted", strings.NewReader("x"), 1, ""); err == nil {
		t.Error("Put through a symlink escaping the store succeeded")
	}
	if got, err := s.List(t.Context(), ""); err != nil || len(got) != 0 {
		t.Errorf("List = %v, %v; want nothing from outside the store", got, err)
	}
	if files := regularFiles(t, outside); len(files) != 1 {
		t.Errorf("files outside the store = %q, want only the planted one", files)
	}
}

func TestValidKey(t *testing.T) {
	for _, key := range []string{
		"a", "A.b-c_d", "site/123/index.html", "..a", "a..", ".hidden", "a/.b/c",
		strings.Repeat("s", 254),
		strings.Repeat("abcdefg/", 127) + strings.Repeat("x", 8),
	} {
		if err := blob.ValidKey(key); err != nil {
			t.Errorf("ValidKey(%.40q) = %v, want nil", key, err)
		}
	}
	for _, key := range blobtest.InvalidKeys {
		if err := blob.ValidKey(key); !errors.Is(err, blob.ErrInvalidKey) {
			t.Errorf("ValidKey(%.40q) = %v, want ErrInvalidKey", key, err)
		}
	}
}

// FuzzValidKey checks the property the directory store depends on: a key
// ValidKey accepts, joined under a root, names a path strictly inside it.
func FuzzValidKey(f *testing.F) {
	for _, seed := range append([]string{"a", "a/b", "a/b/c.txt", ".a", "a/..b", "..."}, blobtest.InvalidKeys...) {
		f.Add(seed)
	}
	root := filepath.FromSlash("/srv/pagewright/blobs")
	f.Fuzz(func(t *testing.T, key string) {
		if blob.ValidKey(key) != nil {
			return
		}
		joined := filepath.Join(root, filepath.FromSlash(key))
		rel, err := filepath.Rel(root, joined)
		if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
			t.Fatalf("ValidKey accepted %q, which escapes the root: %q (rel %q, %v)", key, joined, rel, err)
		}
		if !strings.HasPrefix(joined, root+string(filepath.Separator)) {
			t.Fatalf("ValidKey accepted %q, which joins to %q outside %q", key, joined, root)
		}
		// Join must not have rewritten the key; otherwise two keys could
		// share a file, or a key could alias a directory.
		if filepath.ToSlash(rel) != key {
			t.Fatalf("ValidKey accepted %q, which Join cleans to %q", key, rel)
		}
	})
}
