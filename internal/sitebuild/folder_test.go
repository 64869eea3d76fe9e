package sitebuild_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/pagewright/pagewright/internal/blob"
	"github.com/pagewright/pagewright/internal/sitebuild"
)

func TestExport(t *testing.T) {
	ctx := context.Background()
	m, _, objs := build(t, smallInput())
	dir := filepath.Join(t.TempDir(), "site")
	if err := sitebuild.Export(ctx, m, objs, dir); err != nil {
		t.Fatal(err)
	}
	var got []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	css := ""
	var assets []string
	for p := range m.Files {
		switch {
		case strings.HasPrefix(p, "/_pw/site."):
			css = p[1:]
		case strings.HasPrefix(p, "/_pw/a/"):
			assets = append(assets, p[1:]) // images: no compressed copies
		}
	}
	want := append([]string{
		"404.html", "404.html.br", "404.html.gz",
		"contact/index.html", "contact/index.html.br", "contact/index.html.gz",
		"index.html", "index.html.br", "index.html.gz",
		"robots.txt", // too small to compress
		"services/flu-clinic/index.html", "services/flu-clinic/index.html.br", "services/flu-clinic/index.html.gz",
		"services/index.html", "services/index.html.br", "services/index.html.gz",
		"sitemap.xml", "sitemap.xml.br", "sitemap.xml.gz",
		css, css + ".br", css + ".gz",
	}, assets...)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("exported\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	cases := []struct{ name, urlPath string }{
		{"home", "/"}, {"nested page", "/services/flu-clinic/"}, {"404", "/404.html"}, {"stylesheet", "/" + css}, {"sitemap", "/sitemap.xml"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			name := strings.TrimPrefix(c.urlPath, "/")
			if name == "" || strings.HasSuffix(name, "/") {
				name += "index.html"
			}
			identity, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(identity, served(t, m, objs, c.urlPath)) {
				t.Error("identity copy differs from the object")
			}
			br, err := os.ReadFile(filepath.Join(dir, name+".br"))
			if err != nil {
				t.Fatal(err)
			}
			if dec, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br))); err != nil || !bytes.Equal(dec, identity) {
				t.Errorf(".br does not decompress to the file (%v)", err)
			}
			gz, err := os.ReadFile(filepath.Join(dir, name+".gz"))
			if err != nil {
				t.Fatal(err)
			}
			zr, err := gzip.NewReader(bytes.NewReader(gz))
			if err != nil {
				t.Fatal(err)
			}
			if dec, err := io.ReadAll(zr); err != nil || !bytes.Equal(dec, identity) {
				t.Errorf(".gz does not decompress to the file (%v)", err)
			}
		})
	}
	t.Run("a second export over the first", func(t *testing.T) {
		if err := sitebuild.Export(ctx, m, objs, dir); err != nil {
			t.Fatal(err)
		}
	})
}

func TestExportRefusesBadManifests(t *testing.T) {
	ctx := context.Background()
	m, _, objs := build(t, smallInput())
	good := m.Files["/"]
	cases := []struct {
		name  string
		files map[string]sitebuild.File
		want  string
	}{
		{"path climbing out", map[string]sitebuild.File{"/../escape.html": good}, "bad path"},
		{"relative path", map[string]sitebuild.File{"x.html": good}, "bad path"},
		{"missing object", map[string]sitebuild.File{"/x.html": {Hash: strings.Repeat("0", 64)}}, "no such object"},
		{"object with other content", map[string]sitebuild.File{"/x.html": good}, "wrong content"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			var from sitebuild.Objects = objs
			if c.want == "wrong content" {
				from = corrupt{objs}
			}
			err := sitebuild.Export(ctx, &sitebuild.Manifest{Files: c.files}, from, filepath.Join(dir, "out"))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
			if _, err := os.Stat(filepath.Join(dir, "escape.html")); err == nil {
				t.Error("wrote outside the folder")
			}
		})
	}
}

// corrupt is a store whose objects have lost their last byte.
type corrupt struct{ sitebuild.Objects }

func (c corrupt) Get(ctx context.Context, hash string) ([]byte, error) {
	b, err := c.Objects.Get(ctx, hash)
	if len(b) > 0 {
		b = b[:len(b)-1]
	}
	return b, err
}

func TestBlobObjects(t *testing.T) {
	ctx := context.Background()
	store, err := blob.Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	objs := sitebuild.BlobObjects{Store: store, Prefix: "builds/objects/"}
	in := smallInput()
	m, st, err := sitebuild.Build(ctx, in, objs)
	if err != nil {
		t.Fatal(err)
	}
	listed, err := store.List(ctx, "builds/objects/")
	if err != nil {
		t.Fatal(err)
	}
	if len(listed) != st.NewObjects {
		t.Errorf("%d objects in the store, %d written", len(listed), st.NewObjects)
	}
	f := m.Files["/"]
	if _, err := store.Stat(ctx, "builds/objects/"+f.Hash[:2]+"/"+f.Hash); err != nil {
		t.Errorf("the home page is not under its hash: %v", err)
	}
	cases := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"rebuild writes nothing", func(t *testing.T) {
			in.Previous = m
			_, st, err := sitebuild.Build(ctx, in, objs)
			if err != nil || st.NewObjects != 0 || st.Reused != len(in.Pages) {
				t.Errorf("%+v, %v", st, err)
			}
		}},
		{"export reads the objects", func(t *testing.T) {
			dir := t.TempDir()
			if err := sitebuild.Export(ctx, m, objs, dir); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(filepath.Join(dir, "services", "index.html"))
			if err != nil || !bytes.Equal(b, served(t, m, objs, "/services/")) {
				t.Errorf("services page: %v", err)
			}
		}},
		{"missing object", func(t *testing.T) {
			ok, err := objs.Has(ctx, strings.Repeat("a", 64))
			if ok || err != nil {
				t.Errorf("Has: %v, %v", ok, err)
			}
			if _, err := objs.Get(ctx, strings.Repeat("a", 64)); err == nil || !strings.Contains(err.Error(), "no such object") {
				t.Errorf("Get: %v", err)
			}
		}},
		{"not a hash", func(t *testing.T) {
			if _, err := objs.Has(ctx, "../x"); err == nil {
				t.Error("accepted a bad name")
			}
			if err := objs.Put(ctx, "ZZ", nil); err == nil {
				t.Error("accepted a bad name")
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, c.run)
	}
}
