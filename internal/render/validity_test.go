package render_test

import (
	"path/filepath"
	"testing"

	"github.com/pagewright/pagewright/internal/htmlcheck"
)

// TestGoldenHTMLIsValid runs the Nu HTML Checker (the W3C validator) over
// every golden HTML file in one JVM: published pages must have no
// validation errors (DESIGN.md §1.3).
func TestGoldenHTMLIsValid(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a JVM")
	}
	files, err := filepath.Glob("testdata/*.golden.html")
	if err != nil || len(files) < 60 {
		t.Fatalf("found %d golden HTML files (%v)", len(files), err)
	}
	htmlcheck.Valid(t, files)
}
