package preview

import (
	"os"
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/token"
)

// TestSamplePageWithDefaultTokens keeps the renderer's sample page in step
// with the shipped design system: every token it uses must exist.
func TestSamplePageWithDefaultTokens(t *testing.T) {
	b, err := os.ReadFile("../render/testdata/flu-clinic.json")
	if err != nil {
		t.Fatal(err)
	}
	d, _, err := doc.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	html, err := Page(d, token.Default())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<!doctype html>", "--pw-color-background-subtle:", "var(--pw-color-background-subtle)"} {
		if !strings.Contains(html, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	t.Logf("sample page with inline tokens: %d bytes", len(html))
}
