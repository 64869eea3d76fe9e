package preview

import (
	"os"
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/token"
)

func loadSample(t *testing.T) *doc.Document {
	t.Helper()
	b, err := os.ReadFile("../render/testdata/flu-clinic.json")
	if err != nil {
		t.Fatal(err)
	}
	d, _, err := doc.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// maxSampleBytes is the budget of the sample page with its CSS inline.
const maxSampleBytes = 30 * 1024

// TestSamplePageWithDefaultTokens keeps the renderer's sample page in step
// with the shipped design system: every token it uses must exist, and the
// preview carries only the tokens it needs, themes included.
func TestSamplePageWithDefaultTokens(t *testing.T) {
	html, err := Page(loadSample(t), token.Default())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<!doctype html>", "--pw-color-background-subtle:", "var(--pw-color-background-subtle)",
		// aliases are followed, in every theme
		"--pw-color-slate-50:", "--pw-color-slate-950:",
		// tokens the component CSS reads
		"--pw-color-link:", "--pw-color-border-default:",
		`[data-theme="dark"] {`, `[data-theme="high-contrast"] {`, "@media (prefers-color-scheme: dark)", "@media (prefers-contrast: more)"} {
		if !strings.Contains(html, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	for _, unused := range []string{"--pw-color-danger:", "--pw-font-size-xs:", "--pw-duration-fast:", "--pw-color-red-500:"} {
		if strings.Contains(html, unused) {
			t.Errorf("preview carries the unused token %q", unused)
		}
	}
	// The dark theme block re-declares the page's background token.
	dark := html[strings.Index(html, `[data-theme="dark"] {`):]
	dark = dark[:strings.Index(dark, "}")]
	if !strings.Contains(dark, "--pw-color-background-subtle: var(--pw-color-slate-950)") {
		t.Errorf("dark theme block lacks the background token:\n%s", dark)
	}
	t.Logf("sample page with inline tokens: %d bytes (budget %d)", len(html), maxSampleBytes)
	if len(html) > maxSampleBytes {
		t.Errorf("sample page is %d bytes, over the %d budget", len(html), maxSampleBytes)
	}
}

func TestNeededTokens(t *testing.T) {
	sys := token.Default()
	cases := []struct {
		name      string
		paths     []string
		css       string
		want, not []string
	}{
		{name: "style token and its alias", paths: []string{"color.primary"}, want: []string{"color.primary", "color.teal.700", "color.teal.300", "color.teal.900"}, not: []string{"color.link"}},
		{name: "var in CSS", css: `a{color:var(--pw-color-link,#00f)}b{padding:var( --pw-space-4)}`, want: []string{"color.link", "space.4"}},
		{name: "unknown var", css: `a{color:var(--pw-nope,#00f);margin:var(--other)}`, not: []string{"color.link"}},
		{name: "nothing", not: []string{"color.primary"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			need, err := NeededTokens(sys, c.paths, c.css)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range c.want {
				if !need[p] {
					t.Errorf("%s not needed; got %v", p, need)
				}
			}
			for _, p := range c.not {
				if need[p] {
					t.Errorf("%s needed", p)
				}
			}
		})
	}
}
