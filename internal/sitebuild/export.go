package sitebuild

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
)

// Export writes a built site into dir as a plain static folder, for
// `pagewright build --out DIR` or any static web server: each page as
// index.html in its folder ("/services/flu/" → services/flu/index.html),
// every other file by its path, and the precompressed copies beside them
// as NAME.br and NAME.gz (what nginx's brotli_static and gzip_static look
// for). dir is created if needed; files already in it are overwritten,
// others left alone. Every object is checked against its hash on the way.
func Export(ctx context.Context, m *Manifest, objs Objects, dir string) error {
	if m == nil {
		return fmt.Errorf("sitebuild: export: no manifest")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("sitebuild: export: %w", err)
	}
	// The manifest may come from storage: os.Root keeps a hostile path
	// ("/../../etc/x") from writing outside dir.
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("sitebuild: export: %w", err)
	}
	defer root.Close()
	paths := make([]string, 0, len(m.Files))
	for p := range m.Files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		name, err := exportName(p)
		if err != nil {
			return err
		}
		f := m.Files[p]
		if i := strings.LastIndexByte(name, '/'); i > 0 {
			if err := root.MkdirAll(name[:i], 0o755); err != nil {
				return fmt.Errorf("sitebuild: export %s: %w", p, err)
			}
		}
		copies := []struct {
			name, hash string
		}{{name, f.Hash}}
		if f.Br != nil {
			copies = append(copies, struct{ name, hash string }{name + ".br", f.Br.Hash})
		}
		if f.Gzip != nil {
			copies = append(copies, struct{ name, hash string }{name + ".gz", f.Gzip.Hash})
		}
		for _, c := range copies {
			data, err := objs.Get(ctx, c.hash)
			if err != nil {
				return fmt.Errorf("sitebuild: export %s: %w", p, err)
			}
			if got := hashHex(data); got != c.hash {
				return fmt.Errorf("sitebuild: export %s: object %s has the wrong content (hash %s)", p, c.hash, got)
			}
			if err := root.WriteFile(c.name, data, 0o644); err != nil {
				return fmt.Errorf("sitebuild: export %s: %w", p, err)
			}
		}
	}
	return nil
}

// exportName is the file a manifest path is written to, relative to the
// export folder.
func exportName(p string) (string, error) {
	if !strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || strings.Contains(p, "\x00") {
		return "", fmt.Errorf("sitebuild: export: bad path %q", p)
	}
	name := p[1:]
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return "", fmt.Errorf("sitebuild: export: bad path %q", p)
		}
	}
	return name, nil
}
