package blob

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// On-disk layout.
//
// Key "a/b/c.css" lives in the file "<root>/a/b/c.css@". The suffix is a
// byte no key may contain, which lets "a" and "a/b" coexist as they can in
// S3, and sets objects apart from temp files and anything else an operator
// drops into the tree.
//
// Each object file holds the content followed by a trailer:
//
//	content | metadata JSON | uint32 big-endian JSON length | "PWB1"
//
// Keeping metadata in the same file, instead of a sidecar, means content
// and metadata are committed by one rename and can never disagree after a
// crash. Content comes first so it starts at offset 0 and Get can serve it
// as a plain section of the file.
const (
	objSuffix       = "@"
	tmpPrefix       = "@tmp-" // never a valid segment nor an object name
	trailerMagic    = "PWB1"
	trailerFixedLen = 8
	// maxTrailerJSON stops a corrupt length field from causing a huge
	// allocation; real trailers are a few hundred bytes.
	maxTrailerJSON = 16 << 10
	dirPerm        = 0o750
	filePerm       = 0o640
	// createAttempts bounds retries when a concurrent Delete prunes the
	// directory a Put is about to write into.
	createAttempts = 8
)

// dirStore keeps objects in a local directory tree. All access goes
// through an os.Root so that even a symlink planted inside the tree
// cannot redirect reads or writes outside it; key validation alone only
// rules out traversal via the key itself.
type dirStore struct {
	root *os.Root
	path string
}

type dirMeta struct {
	Size        int64  `json:"size"`
	ContentType string `json:"contentType"`
	ETag        string `json:"etag"`
}

func newDirStore(dir string) (*dirStore, error) {
	if err := os.MkdirAll(dir, dirPerm); err != nil {
		return nil, fmt.Errorf("blob: create store directory: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("blob: open store directory: %w", err)
	}
	return &dirStore{root: root, path: dir}, nil
}

func objName(key string) string {
	return filepath.FromSlash(key) + objSuffix
}

func (s *dirStore) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) (Info, error) {
	if err := ValidKey(key); err != nil {
		return Info{}, err
	}
	ct, err := normContentType(contentType)
	if err != nil {
		return Info{}, err
	}
	if err := ctx.Err(); err != nil {
		return Info{}, err
	}
	name := objName(key)
	dir := filepath.Dir(name)

	f, tmp, err := s.createTemp(dir)
	if err != nil {
		return Info{}, fmt.Errorf("blob: put %q: %w", key, err)
	}
	committed := false
	defer func() {
		if !committed {
			_ = f.Close() // may already be closed; only the removal matters
			_ = s.root.Remove(tmp)
			s.prune(dir)
		}
	}()

	src := r
	if size >= 0 {
		src = newExactReader(r, size)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), ctxReader{ctx: ctx, r: src})
	if err != nil {
		return Info{}, fmt.Errorf("blob: put %q: %w", key, err)
	}
	meta := dirMeta{Size: n, ContentType: ct, ETag: hex.EncodeToString(h.Sum(nil))}
	if err := writeTrailer(f, meta); err != nil {
		return Info{}, fmt.Errorf("blob: put %q: %w", key, err)
	}
	// Sync before rename: otherwise a crash can persist the rename but not
	// the data, leaving a truncated object under the final name.
	if err := f.Sync(); err != nil {
		return Info{}, fmt.Errorf("blob: put %q: %w", key, err)
	}
	fi, err := f.Stat()
	if err != nil {
		return Info{}, fmt.Errorf("blob: put %q: %w", key, err)
	}
	if err := f.Close(); err != nil {
		return Info{}, fmt.Errorf("blob: put %q: %w", key, err)
	}
	if err := s.root.Rename(tmp, name); err != nil {
		return Info{}, fmt.Errorf("blob: put %q: %w", key, err)
	}
	committed = true
	// Without syncing the directory the rename itself may be lost on crash.
	if err := s.syncDir(dir); err != nil {
		return Info{}, fmt.Errorf("blob: put %q: %w", key, err)
	}
	return Info{Key: key, Size: n, ContentType: ct, ETag: meta.ETag, ModTime: fi.ModTime()}, nil
}

func writeTrailer(w io.Writer, meta dirMeta) error {
	js, err := json.Marshal(meta)
	if err != nil {
		return err
	}
	buf := make([]byte, 0, len(js)+trailerFixedLen)
	buf = append(buf, js...)
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(js)))
	buf = append(buf, trailerMagic...)
	_, err = w.Write(buf)
	return err
}

func readTrailer(r io.ReaderAt, fileSize int64) (dirMeta, error) {
	var meta dirMeta
	if fileSize < trailerFixedLen {
		return meta, errCorrupt
	}
	var fixed [trailerFixedLen]byte
	if _, err := r.ReadAt(fixed[:], fileSize-trailerFixedLen); err != nil {
		return meta, err
	}
	if string(fixed[4:]) != trailerMagic {
		return meta, errCorrupt
	}
	n := int64(binary.BigEndian.Uint32(fixed[:4]))
	if n > maxTrailerJSON || n > fileSize-trailerFixedLen {
		return meta, errCorrupt
	}
	js := make([]byte, n)
	if _, err := r.ReadAt(js, fileSize-trailerFixedLen-n); err != nil {
		return meta, err
	}
	if err := json.Unmarshal(js, &meta); err != nil {
		return meta, errCorrupt
	}
	if meta.Size != fileSize-trailerFixedLen-n {
		return meta, errCorrupt
	}
	return meta, nil
}

var errCorrupt = errors.New("blob: corrupt object file")

// createTemp makes the temp file next to its destination, because rename
// is only atomic within one filesystem.
func (s *dirStore) createTemp(dir string) (*os.File, string, error) {
	var lastErr error
	for range createAttempts {
		if err := s.mkdirs(dir); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				lastErr = err
				continue
			}
			return nil, "", err
		}
		name := filepath.Join(dir, tmpPrefix+rand.Text())
		f, err := s.root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, filePerm)
		if err == nil {
			return f, name, nil
		}
		if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, fs.ErrExist) {
			return nil, "", err
		}
		lastErr = err
	}
	return nil, "", lastErr
}

// mkdirs creates dir and its parents, syncing each parent so that a new
// directory entry, and hence the object beneath it, survives a crash.
func (s *dirStore) mkdirs(dir string) error {
	if dir == "." {
		return nil
	}
	if fi, err := s.root.Stat(dir); err == nil && fi.IsDir() {
		return nil
	}
	cur := ""
	for seg := range strings.SplitSeq(filepath.ToSlash(dir), "/") {
		parent := cur
		if parent == "" {
			parent = "."
		}
		cur = filepath.Join(cur, seg)
		err := s.root.Mkdir(cur, dirPerm)
		switch {
		case err == nil:
			if err := s.syncDir(parent); err != nil {
				return err
			}
		case errors.Is(err, fs.ErrExist):
		default:
			return err
		}
	}
	return nil
}

func (s *dirStore) syncDir(dir string) error {
	d, err := s.root.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// missing treats ENOTDIR like ENOENT: a path component that is not a
// directory means the object cannot exist either.
func missing(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// openObject opens key's file and decodes its trailer; the caller owns f.
func (s *dirStore) openObject(key string) (*os.File, Info, error) {
	f, err := s.root.Open(objName(key))
	if err != nil {
		if missing(err) {
			return nil, Info{}, fmt.Errorf("%w: %q", ErrNotFound, key)
		}
		return nil, Info{}, err
	}
	info, err := fileInfo(f, key)
	if err != nil {
		_ = f.Close()
		return nil, Info{}, err
	}
	return f, info, nil
}

func fileInfo(f *os.File, key string) (Info, error) {
	fi, err := f.Stat()
	if err != nil {
		return Info{}, err
	}
	if !fi.Mode().IsRegular() {
		return Info{}, fmt.Errorf("%w: %q is not a regular file", errCorrupt, key)
	}
	meta, err := readTrailer(f, fi.Size())
	if err != nil {
		return Info{}, fmt.Errorf("key %q: %w", key, err)
	}
	return Info{Key: key, Size: meta.Size, ContentType: meta.ContentType, ETag: meta.ETag, ModTime: fi.ModTime()}, nil
}

// sectionReadCloser also exposes Seek and ReadAt so callers can hand the
// result to http.ServeContent for range requests.
type sectionReadCloser struct {
	*io.SectionReader
	io.Closer
}

func (s *dirStore) Get(ctx context.Context, key string) (io.ReadCloser, Info, error) {
	if err := ValidKey(key); err != nil {
		return nil, Info{}, err
	}
	if err := ctx.Err(); err != nil {
		return nil, Info{}, err
	}
	f, info, err := s.openObject(key)
	if err != nil {
		return nil, Info{}, wrapOp("get", key, err)
	}
	// The open descriptor pins this version of the object: a concurrent
	// overwrite renames a new file into place and cannot mix its bytes in.
	return sectionReadCloser{io.NewSectionReader(f, 0, info.Size), f}, info, nil
}

func (s *dirStore) Stat(ctx context.Context, key string) (Info, error) {
	if err := ValidKey(key); err != nil {
		return Info{}, err
	}
	if err := ctx.Err(); err != nil {
		return Info{}, err
	}
	f, info, err := s.openObject(key)
	if err != nil {
		return Info{}, wrapOp("stat", key, err)
	}
	_ = f.Close()
	return info, nil
}

// wrapOp adds context to unexpected errors but leaves ErrNotFound bare,
// since its message already names the key.
func wrapOp(op, key string, err error) error {
	if errors.Is(err, ErrNotFound) {
		return err
	}
	return fmt.Errorf("blob: %s %q: %w", op, key, err)
}

func (s *dirStore) Delete(ctx context.Context, key string) error {
	if err := ValidKey(key); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	name := objName(key)
	if err := s.root.Remove(name); err != nil {
		if missing(err) {
			return nil
		}
		return fmt.Errorf("blob: delete %q: %w", key, err)
	}
	if err := s.syncDir(s.prune(filepath.Dir(name))); err != nil && !missing(err) {
		return fmt.Errorf("blob: delete %q: %w", key, err)
	}
	return nil
}

// prune removes dir and its ancestors while they are empty, so deleting
// old builds (or failing a put) does not leave an ever-growing skeleton
// behind. It returns the deepest directory that remains. A concurrent Put
// that loses its directory this way retries in createTemp.
func (s *dirStore) prune(dir string) string {
	for dir != "." {
		if err := s.root.Remove(dir); err != nil {
			break
		}
		dir = filepath.Dir(dir)
	}
	return dir
}

func (s *dirStore) List(ctx context.Context, prefix string) ([]Info, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !prefixCanMatch(prefix) {
		return nil, nil
	}
	// Start at the deepest directory the prefix pins down; prefixCanMatch
	// guarantees that part is a valid key and hence a safe path.
	start := "."
	if i := strings.LastIndexByte(prefix, '/'); i >= 0 {
		start = prefix[:i]
	}
	var out []Info
	walk := func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if missing(err) {
				return nil // start absent, or pruned by a concurrent Delete
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() {
			if p == start {
				return nil
			}
			if !validSegment(d.Name()) ||
				!strings.HasPrefix(p+"/", prefix) && !strings.HasPrefix(prefix, p+"/") {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !strings.HasSuffix(p, objSuffix) {
			return nil
		}
		key := strings.TrimSuffix(p, objSuffix)
		if !strings.HasPrefix(key, prefix) || ValidKey(key) != nil {
			return nil
		}
		f, err := s.root.Open(filepath.FromSlash(p))
		if err != nil {
			if missing(err) {
				return nil // deleted since the directory was read
			}
			return err
		}
		info, err := fileInfo(f, key)
		_ = f.Close()
		if err != nil {
			return err
		}
		info.ContentType = ""
		out = append(out, info)
		return nil
	}
	if err := fs.WalkDir(s.root.FS(), start, walk); err != nil {
		return nil, fmt.Errorf("blob: list %q: %w", prefix, err)
	}
	// WalkDir's per-directory order differs from key order ("a-b" sorts
	// before "a/b"), so sort explicitly.
	slices.SortFunc(out, func(a, b Info) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

func validSegment(seg string) bool {
	return !strings.Contains(seg, "/") && ValidKey(seg) == nil
}

// Ping writes and removes a probe file rather than just stat'ing the
// root, because the common failures (a volume remounted read-only, a
// store directory deleted underneath the process) pass a stat.
func (s *dirStore) Ping(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f, name, err := s.createTemp(".")
	if err != nil {
		return fmt.Errorf("blob: ping %s: %w", s.path, err)
	}
	_, werr := f.Write([]byte("ping"))
	cerr := f.Close()
	rerr := s.root.Remove(name)
	if err := errors.Join(werr, cerr, rerr); err != nil {
		return fmt.Errorf("blob: ping %s: %w", s.path, err)
	}
	return nil
}
