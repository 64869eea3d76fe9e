package sitebuild_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/htmlcheck"
	"github.com/pagewright/pagewright/internal/sitebuild"
)

// repoRoot is the nearest folder above the working directory with a go.mod.
func repoRoot(t *testing.T) string { return htmlcheck.RepoRoot(t) }

// TestBuiltHTMLIsValid runs the Nu HTML Checker (the W3C validator) over
// every page of the small site and of a generated one, as the build
// serves them, minified: minifying must not cost the pages their
// validity (DESIGN.md §1.3).
func TestBuiltHTMLIsValid(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a JVM")
	}
	htmlcheck.Available(t)
	dir := t.TempDir()
	var files []string
	write := func(site string, m *sitebuild.Manifest, objs sitebuild.Objects) {
		for _, p := range htmlPaths(m) {
			name := filepath.Join(dir, site+strings.NewReplacer("/", "_", ".", "_").Replace(p)+".html")
			if err := os.WriteFile(name, served(t, m, objs, p), 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, name)
		}
	}
	in := smallInput()
	in.NoIndex = true
	m, _, objs := build(t, in)
	write("small", m, objs)
	gen := benchInput(benchSite(12, 3), benchAssets(3))
	m, _, objs = build(t, gen)
	write("generated", m, objs)

	htmlcheck.Valid(t, files)
}
