// Package builtin holds the page templates Pagewright ships: complete,
// responsive and accessible pages for health organisations (a clinic home
// page, appointment and registration forms, a vaccination campaign, an
// event, a service page, a care team directory, FAQs, careers, news, a
// newsletter sign-up, prices, contact details and utility pages), written
// for a fictional "Riverside Community Health".
//
// Each template is one JSON file in templates/, named after its slug:
// listing metadata and a schema-v1 page document (DESIGN.md §4). The
// documents follow rules that let them install into any site and take on
// its brand, enforced by this package's tests: every style value is a
// design-token reference (or one of a few plain CSS keywords), no images,
// videos or embeds, real copy rather than placeholders, a heading outline
// without gaps, and HTML that passes the Nu HTML Checker.
//
// Most templates are whole pages (kind "page", the default): one h1, first,
// and a Navbar and a Footer. Section templates (kind "section", and only
// they in the "sections" category: opening hours, a booking call to
// action, FAQs, contact cards) are one band to add to a page: their root
// Page has exactly one child, they carry no Navbar or Footer, and since they
// sit below the page's own h1 their outline starts at h2.
package builtin

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
)

//go:embed templates/*.json
var files embed.FS

// Template is one shipped template: its listing metadata and its page document.
type Template struct {
	Slug        string   `json:"slug"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Category    string   `json:"category"`
	Tags        []string `json:"tags"`
	// Kind is "page" (a whole page; what a file without "kind" gets) or
	// "section" (a document whose root Page holds exactly one band,
	// installed as a page with just that section). Section templates are
	// in the "sections" category, and only they are. All always sets it.
	Kind     string          `json:"kind,omitempty"`
	Document json.RawMessage `json:"document"`
}

// Kinds of template.
const (
	KindPage    = "page"
	KindSection = "section"
)

// Category is a template category: its slug and the label shown for it.
type Category struct{ Slug, Label string }

// Categories are the template categories, in display order: slug → label.
var Categories = []Category{
	{"landing", "Landing pages"},
	{"forms", "Forms & booking"},
	{"campaigns", "Campaigns"},
	{"events", "Events"},
	{"services", "Services"},
	{"directory", "Directories"},
	{"support", "Help & FAQ"},
	{"careers", "Careers"},
	{"news", "News & articles"},
	{"pricing", "Plans & pricing"},
	{"contact", "Contact & locations"},
	{"utility", "Utility pages"},
	{"sections", "Sections"},
}

// All returns the shipped templates sorted by slug; it fails if a file does not parse.
// Each call returns fresh copies that the caller may change.
func All() ([]Template, error) {
	ts, err := load()
	if err != nil {
		return nil, err
	}
	out := make([]Template, len(ts))
	for i, t := range ts {
		t.Tags = slices.Clone(t.Tags)
		t.Document = slices.Clone(t.Document)
		out[i] = t
	}
	return out, nil
}

// load parses the embedded files once.
var load = sync.OnceValues(func() ([]Template, error) {
	names, err := fs.Glob(files, "templates/*.json")
	if err != nil {
		return nil, err
	}
	out := make([]Template, 0, len(names))
	for _, name := range names {
		t, err := parse(name)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b Template) int { return strings.Compare(a.Slug, b.Slug) })
	return out, nil
})

// parse reads one template file: known fields only, the slug matching the
// file name, a known kind (page when left out), and a JSON object as the
// document (compacted). Whether the document is a valid page is for
// doc.Parse and the renderer; the tests hold every shipped document to that.
func parse(name string) (Template, error) {
	b, err := files.ReadFile(name)
	if err != nil {
		return Template{}, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var t Template
	if err := dec.Decode(&t); err != nil {
		return Template{}, err
	}
	if dec.More() {
		return Template{}, fmt.Errorf("trailing data after the template object")
	}
	switch t.Kind {
	case "":
		t.Kind = KindPage
	case KindPage, KindSection:
	default:
		return Template{}, fmt.Errorf("kind %q is neither %q nor %q", t.Kind, KindPage, KindSection)
	}
	if want := strings.TrimSuffix(path.Base(name), ".json"); t.Slug != want {
		return Template{}, fmt.Errorf("slug %q does not match the file name (want %q)", t.Slug, want)
	}
	doc := bytes.TrimSpace(t.Document)
	if len(doc) == 0 || doc[0] != '{' {
		return Template{}, fmt.Errorf("document is not a JSON object")
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, doc); err != nil {
		return Template{}, err
	}
	t.Document = compact.Bytes()
	return t, nil
}
