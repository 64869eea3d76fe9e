package builtin_test

import (
	"cmp"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/htmlcheck"
	"github.com/pagewright/pagewright/internal/preview"
	"github.com/pagewright/pagewright/internal/render"
	"github.com/pagewright/pagewright/internal/render/component"
	"github.com/pagewright/pagewright/internal/slug"
	"github.com/pagewright/pagewright/internal/template/builtin"
	"github.com/pagewright/pagewright/internal/token"
)

// required are the templates that must ship, with their categories.
var required = map[string]string{
	"clinic-landing":       "landing",
	"appointment-booking":  "forms",
	"patient-intake":       "forms",
	"vaccination-campaign": "campaigns",
	"health-event":         "events",
	"service-detail":       "services",
	"provider-directory":   "directory",
	"faq":                  "support",
	"careers":              "careers",
	"news-article":         "news",
	"newsletter-signup":    "campaigns",
	"plans-pricing":        "pricing",
	"contact-locations":    "contact",
	"coming-soon":          "utility",
	"thank-you":            "utility",
}

// sectionTypes are the node types a section template's one band may be.
var sectionTypes = []string{"Section", "Stack", "Hero"}

// keywords are the only style values allowed that are not token
// references. Every other value must be a {token} so that a template takes
// on each site's design system. Keep this list short: a keyword belongs
// here only when it is not a design decision and no token can express it.
// Each maps to the style properties it may be used for.
var keywords = map[string]*regexp.Regexp{
	// The border style of the accent bar on notices: the default system
	// has stroke styles only inside composite border tokens, which would
	// set the bar's width and colour too.
	"solid": regexp.MustCompile(`^border(-[a-z]+)*-style$`),
}

// placeholderProps are the props whose type defaults are editor
// placeholders ("Heading", "Button", "Label", "field", …): a template must
// never show one, whether written out or left to the default.
var placeholderProps = map[string][]string{
	"Heading":      {"text"},
	"Text":         {"html"},
	"Button":       {"text"},
	"Link":         {"text", "href"},
	"List":         {"items"},
	"Navbar":       {"brand"},
	"Hero":         {"heading"},
	"TextInput":    {"label", "name"},
	"Textarea":     {"label", "name"},
	"Select":       {"label", "name"},
	"Checkbox":     {"label", "name"},
	"RadioGroup":   {"label", "name"},
	"SubmitButton": {"text"},
	"Tabs":         {"label", "items"},
	"Table":        {"caption"},
	"Testimonial":  {"quote", "name"},
	"Accordion":    {"items"},
	"PricingTable": {"plans"},
}

// placeholderWords must not appear anywhere in a template (lower case).
var placeholderWords = []string{"lorem", "ipsum", "write something", "todo", "xxx", "example text", "your text here"}

// vagueLinkTexts say nothing about where a link or button goes.
var vagueLinkTexts = []string{"click here", "here", "read more", "more", "learn more", "link", "this page", "button", "submit", "go"}

// forbiddenTypes would make a template depend on outside content: images
// and videos are the site's own, embeds are third-party.
var forbiddenTypes = []string{"Image", "Video", "Embed"}

// fieldTypes are the form controls.
var fieldTypes = []string{"TextInput", "Textarea", "Select", "Checkbox", "RadioGroup", "SubmitButton"}

// entry is one template with its parsed document and rendered preview.
type entry struct {
	builtin.Template
	doc      *doc.Document
	parseErr error // from doc.Parse
	html     string
	err      error // from rendering
}

var loadEntries = sync.OnceValues(func() ([]*entry, error) {
	ts, err := builtin.All()
	if err != nil {
		return nil, err
	}
	sys := token.Default()
	out := make([]*entry, len(ts))
	for i, t := range ts {
		e := &entry{Template: t}
		e.doc, _, e.parseErr = doc.Parse(t.Document)
		if e.parseErr == nil {
			e.html, e.err = preview.Page(e.doc, sys)
		}
		out[i] = e
	}
	return out, nil
})

func entries(t *testing.T) []*entry {
	t.Helper()
	es, err := loadEntries()
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// eachTemplate runs f as a named subtest per template whose document
// parses.
func eachTemplate(t *testing.T, f func(t *testing.T, e *entry)) {
	for _, e := range entries(t) {
		t.Run(e.Slug, func(t *testing.T) {
			if e.parseErr != nil {
				t.Fatalf("doc.Parse: %v", e.parseErr)
			}
			f(t, e)
		})
	}
}

// sortedIDs returns the node ids in a stable order, for stable reports.
func sortedIDs(d *doc.Document) []string {
	ids := make([]string, 0, len(d.Nodes))
	for id := range d.Nodes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// effective is a prop's value over its type's default.
func effective(n *doc.Node, typ *component.Type, prop string) any {
	if v, ok := n.Props[prop]; ok && v != nil {
		return v
	}
	return typ.Defaults[prop]
}

func TestCategories(t *testing.T) {
	want := []string{"landing", "forms", "campaigns", "events", "services", "directory", "support", "careers", "news", "pricing", "contact", "utility", "sections"}
	var got []string
	for _, c := range builtin.Categories {
		got = append(got, c.Slug)
		if strings.TrimSpace(c.Label) == "" {
			t.Errorf("category %q has no label", c.Slug)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("categories = %v, want %v", got, want)
	}
}

func TestAllListing(t *testing.T) {
	ts, err := builtin.All()
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) < 15 {
		t.Fatalf("All() returned %d templates, want at least 15", len(ts))
	}
	if !slices.IsSortedFunc(ts, func(a, b builtin.Template) int { return strings.Compare(a.Slug, b.Slug) }) {
		t.Error("All() is not sorted by slug")
	}
	seen := map[string]bool{}
	for _, tp := range ts {
		if seen[tp.Slug] {
			t.Errorf("slug %q is used twice", tp.Slug)
		}
		seen[tp.Slug] = true
	}
	for s, cat := range required {
		if !seen[s] {
			t.Errorf("required template %q is missing", s)
			continue
		}
		i := slices.IndexFunc(ts, func(tp builtin.Template) bool { return tp.Slug == s })
		if ts[i].Category != cat {
			t.Errorf("%s: category %q, want %q", s, ts[i].Category, cat)
		}
		if ts[i].Kind != builtin.KindPage {
			t.Errorf("%s: kind %q, want %q", s, ts[i].Kind, builtin.KindPage)
		}
	}
	// No category is left empty in the marketplace.
	for _, c := range builtin.Categories {
		if !slices.ContainsFunc(ts, func(tp builtin.Template) bool { return tp.Category == c.Slug }) {
			t.Errorf("category %q has no shipped template", c.Slug)
		}
	}
	for _, tp := range ts {
		t.Run(tp.Slug, func(t *testing.T) {
			if !slug.Valid(tp.Slug) {
				t.Errorf("slug %q is not a valid slug", tp.Slug)
			}
			if !slices.ContainsFunc(builtin.Categories, func(c builtin.Category) bool { return c.Slug == tp.Category }) {
				t.Errorf("category %q is not one of Categories", tp.Category)
			}
			// All fills in the default kind; a section template is in
			// the sections category, and only a section template is.
			if tp.Kind != builtin.KindPage && tp.Kind != builtin.KindSection {
				t.Errorf("kind %q, want %q or %q", tp.Kind, builtin.KindPage, builtin.KindSection)
			}
			if (tp.Kind == builtin.KindSection) != (tp.Category == "sections") {
				t.Errorf("kind %q in category %q: section templates, and only they, belong in sections", tp.Kind, tp.Category)
			}
			if strings.TrimSpace(tp.Name) == "" {
				t.Error("no name")
			}
			if n := utf8.RuneCountInString(tp.Description); strings.TrimSpace(tp.Description) == "" || n > 200 {
				t.Errorf("description has %d characters, want 1 to 200", n)
			}
			if len(tp.Tags) < 2 {
				t.Errorf("%d tags, want at least 2", len(tp.Tags))
			}
			tags := map[string]bool{}
			for _, tag := range tp.Tags {
				if strings.TrimSpace(tag) == "" || tag != strings.ToLower(tag) || tags[tag] {
					t.Errorf("tag %q is empty, not lower case, or repeated", tag)
				}
				tags[tag] = true
			}
		})
	}
}

// TestAllReturnsCopies checks that a caller changing what All returns does
// not change what the next caller gets.
func TestAllReturnsCopies(t *testing.T) {
	a, err := builtin.All()
	if err != nil {
		t.Fatal(err)
	}
	a[0].Tags[0] = "changed"
	a[0].Document[0] = '['
	b, err := builtin.All()
	if err != nil {
		t.Fatal(err)
	}
	if b[0].Tags[0] == "changed" || b[0].Document[0] != '{' {
		t.Error("All() shares its slices between calls")
	}
}

func TestDocumentsValid(t *testing.T) {
	eachTemplate(t, func(t *testing.T, e *entry) {
		if _, err := doc.Validate(e.Document); err != nil {
			t.Fatalf("doc.Validate: %v", err)
		}
		for _, p := range render.CheckDocument(e.doc, nil) {
			t.Errorf("%s: %s", p.Location, p.Message)
		}
		// Stored rich text is already what the sanitiser keeps, so that
		// installing a template changes nothing.
		d, _, _ := doc.Parse(e.Document)
		if render.SanitizeRichText(d, nil) {
			for _, id := range sortedIDs(d) {
				if !reflect.DeepEqual(d.Nodes[id].Props, e.doc.Nodes[id].Props) {
					t.Errorf("node %s: rich text changes when sanitised: %v", id, d.Nodes[id].Props)
				}
			}
		}
		m := e.doc.Meta
		if m.Lang != "en" {
			t.Errorf("meta.lang = %q, want en", m.Lang)
		}
		if strings.TrimSpace(m.Title) == "" {
			t.Error("meta.title is empty")
		}
		if n := utf8.RuneCountInString(m.Description); n < 50 || n > 160 {
			t.Errorf("meta.description has %d characters, want 50 to 160 (what search results show)", n)
		}
		if m.OGImage != "" {
			t.Errorf("meta.ogImage = %q: templates carry no images", m.OGImage)
		}
	})
}

func TestRendersWithDefaultTokens(t *testing.T) {
	eachTemplate(t, func(t *testing.T, e *entry) {
		if e.err != nil {
			t.Fatalf("preview.Page: %v", e.err)
		}
		for _, want := range []string{"<!doctype html>", `<html lang="en">`, "<title>" + html.EscapeString(e.doc.Meta.Title) + "</title>", `<meta name="description"`, "<main"} {
			if !strings.Contains(e.html, want) {
				t.Errorf("preview lacks %q", want)
			}
		}
		t.Logf("%d bytes with inline CSS and tokens", len(e.html))
	})
}

var tokenRef = regexp.MustCompile(`^\{([A-Za-z0-9._-]+)\}$`)

// checkValue reports why a style (or token prop) value is not allowed, or "".
func checkValue(sys *token.System, v any) string {
	s, ok := v.(string)
	if !ok {
		return "is not a string: use a token"
	}
	if m := tokenRef.FindStringSubmatch(s); m != nil {
		path := m[1]
		if !sys.ValidRef(path) {
			return "refers to a token the default design system does not have"
		}
		if strings.HasPrefix(path, "color.") && sys.Tier(path) == token.TierPrimitive {
			return "is a primitive colour: use a semantic one (color.text.*, color.background.*, color.primary, …)"
		}
		return ""
	}
	if _, ok := keywords[s]; ok {
		return ""
	}
	return "is neither a {token} reference nor an allowed keyword"
}

func TestStylesUseOnlyTokens(t *testing.T) {
	sys := token.Default()
	reg := component.Default()
	eachTemplate(t, func(t *testing.T, e *entry) {
		for _, id := range sortedIDs(e.doc) {
			n := e.doc.Nodes[id]
			keys := make([]string, 0, len(n.Styles))
			for k := range n.Styles {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, key := range keys {
				if !slices.Contains([]string{"base", "sm", "md", "lg", "xl", "hover", "focus"}, key) {
					t.Errorf("node %s: style key %q is not a breakpoint or state", id, key)
				}
				props := make([]string, 0, len(n.Styles[key]))
				for p := range n.Styles[key] {
					props = append(props, p)
				}
				sort.Strings(props)
				for _, p := range props {
					v := n.Styles[key][p]
					if why := checkValue(sys, v); why != "" {
						t.Errorf("node %s: styles.%s.%s = %v %s", id, key, p, v, why)
					}
					if s, ok := v.(string); ok {
						if props, ok := keywords[s]; ok && !props.MatchString(p) {
							t.Errorf("node %s: styles.%s.%s = %q: the keyword is allowed for %s only", id, key, p, s, props)
						}
					}
				}
			}
			// Token-valued props (gaps, spacer sizes) default to literal
			// lengths: each must be set to a token.
			typ, ok := reg.Get(n.Type)
			if !ok {
				continue
			}
			for _, p := range typ.Props.Props {
				if p.Control != component.ControlToken {
					continue
				}
				if v := effective(n, typ, p.Name); v != nil {
					if why := checkValue(sys, v); why != "" {
						t.Errorf("node %s: props.%s = %v %s", id, p.Name, v, why)
					}
				}
			}
		}
	})
}

var (
	anchorText = regexp.MustCompile(`(?s)<a\b[^>]*>(.*?)</a>`)
	buttonText = regexp.MustCompile(`(?s)<button\b[^>]*>(.*?)</button>`)
	anyTag     = regexp.MustCompile(`<[^>]*>`)
)

func TestCopyHasNoPlaceholders(t *testing.T) {
	reg := component.Default()
	eachTemplate(t, func(t *testing.T, e *entry) {
		low := strings.ToLower(string(e.Document) + e.Name + e.Description)
		for _, w := range placeholderWords {
			if strings.Contains(low, w) {
				t.Errorf("contains %q", w)
			}
		}
		for _, id := range sortedIDs(e.doc) {
			n := e.doc.Nodes[id]
			typ, ok := reg.Get(n.Type)
			if !ok {
				continue
			}
			for _, p := range placeholderProps[n.Type] {
				def, ok := typ.Defaults[p]
				if ok && reflect.DeepEqual(normalise(effective(n, typ, p)), normalise(def)) {
					t.Errorf("node %s (%s): props.%s is the editor's placeholder %v", id, n.Type, p, def)
				}
			}
		}
		// Links and buttons say where they go or what they do.
		for _, re := range []*regexp.Regexp{anchorText, buttonText} {
			for _, m := range re.FindAllStringSubmatch(e.html, -1) {
				text := strings.TrimSpace(html.UnescapeString(anyTag.ReplaceAllString(m[1], "")))
				if text == "" || slices.Contains(vagueLinkTexts, strings.ToLower(strings.TrimRight(text, ".…"))) {
					t.Errorf("link or button text %q does not say where it goes", text)
				}
			}
		}
	})
}

// normalise turns typed Go values (defaults) into what JSON decoding gives,
// so that the two compare.
func normalise(v any) any {
	switch x := v.(type) {
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = normalise(s)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, s := range x {
			out[k] = normalise(s)
		}
		return out
	case int:
		return float64(x)
	}
	return v
}

var (
	headingTag = regexp.MustCompile(`<h([1-6])[\s>]`)
	hrefFrag   = regexp.MustCompile(`href="#([^"]+)"`)
)

func TestStructure(t *testing.T) {
	eachTemplate(t, func(t *testing.T, e *entry) {
		d := e.doc
		kids := doc.ChildIndex(d)
		root := d.Nodes[d.Root]
		if root == nil || root.Type != "Page" {
			t.Fatal("the root is not a Page")
		}
		section := e.Kind == builtin.KindSection
		if section {
			// One band, to go into a page that has its own navigation
			// and footer.
			if n := len(kids[d.Root]); n != 1 {
				t.Errorf("the root of a section template has %d children, want exactly one", n)
			} else if typ := d.Nodes[kids[d.Root][0]].Type; !slices.Contains(sectionTypes, typ) {
				t.Errorf("the section is a %s, want one of %v", typ, sectionTypes)
			}
			for _, id := range sortedIDs(d) {
				if typ := d.Nodes[id].Type; typ == "Navbar" || typ == "Footer" {
					t.Errorf("node %s is a %s: a section template goes into a page that has its own", id, typ)
				}
			}
		} else {
			count := map[string]int{}
			for _, c := range kids[d.Root] {
				count[d.Nodes[c].Type]++
			}
			if count["Navbar"] != 1 || count["Footer"] != 1 {
				t.Errorf("the page has %d Navbars and %d Footers at the top level, want one of each", count["Navbar"], count["Footer"])
			}
		}

		// The rendered outline: one h1, first, and no skipped levels. A
		// section goes below the page's own h1, so its outline starts at
		// h2 and has no h1.
		var levels []int
		for _, m := range headingTag.FindAllStringSubmatch(e.html, -1) {
			levels = append(levels, int(m[1][0]-'0'))
		}
		if section {
			if len(levels) == 0 || levels[0] != 2 || slices.Contains(levels, 1) {
				t.Errorf("heading levels %v: want an h2 first and no h1", levels)
			}
		} else if len(levels) == 0 || levels[0] != 1 || slices.Index(levels[1:], 1) >= 0 {
			t.Errorf("heading levels %v: want exactly one h1, before any other heading", levels)
		}
		for i := 1; i < len(levels); i++ {
			if levels[i] > levels[i-1]+1 {
				t.Errorf("heading levels %v: h%d follows h%d (heading %d)", levels, levels[i], levels[i-1], i+1)
			}
		}

		// Same-page links land somewhere.
		for _, m := range hrefFrag.FindAllStringSubmatch(e.html, -1) {
			if !strings.Contains(e.html, ` id="`+m[1]+`"`) {
				t.Errorf("link to #%s, but no element has that id", m[1])
			}
		}

		for _, id := range sortedIDs(d) {
			n := d.Nodes[id]
			if slices.Contains(forbiddenTypes, n.Type) {
				t.Errorf("node %s is an %s: templates must not depend on outside media", id, n.Type)
			}
			for _, p := range []string{"image", "avatar", "src"} {
				if n.Props[p] != nil {
					t.Errorf("node %s: props.%s set: templates carry no images", id, p)
				}
			}
			if slices.Contains(fieldTypes, n.Type) && formOf(d, id) == "" {
				t.Errorf("node %s: a %s outside a Form", id, n.Type)
			}
			if n.Type != "Form" {
				continue
			}
			if l, _ := n.Props["label"].(string); strings.TrimSpace(l) == "" {
				t.Errorf("form %s has no accessible name (props.label)", id)
			}
			var submits int
			names := map[string]string{}
			privacy := false
			for _, c := range doc.Subtree(d, id) {
				cn := d.Nodes[c]
				switch cn.Type {
				case "SubmitButton":
					submits++
				case "TextInput", "Textarea", "Select", "Checkbox", "RadioGroup":
					name, _ := cn.Props["name"].(string)
					if other, dup := names[name]; dup {
						t.Errorf("form %s: nodes %s and %s share the field name %q", id, other, c, name)
					}
					names[name] = c
				case "Text":
					if h, _ := cn.Props["html"].(string); strings.Contains(h, `href="/privacy"`) {
						privacy = true
					}
				}
			}
			if submits != 1 {
				t.Errorf("form %s has %d SubmitButtons, want 1", id, submits)
			}
			if !privacy {
				t.Errorf("form %s has no privacy notice (a Text linking to /privacy)", id)
			}
		}
	})
}

// formOf returns the id of the Form that id is inside, or "".
func formOf(d *doc.Document, id string) string {
	for _, a := range doc.Ancestors(d, id) {
		if d.Nodes[a].Type == "Form" {
			return a
		}
	}
	return ""
}

// TestContrastInEveryTheme follows the text and background colours the
// templates set down the tree and measures every combination a page shows
// (text, links, muted help text, outline buttons, icons) in every theme of
// the default design system.
func TestContrastInEveryTheme(t *testing.T) {
	sys := token.Default()
	eachTemplate(t, func(t *testing.T, e *entry) {
		pairs := map[token.Pair]string{}
		add := func(fg, bg string, need token.Level, id string) {
			p := token.Pair{Foreground: fg, Background: bg, Need: need}
			if _, ok := pairs[p]; !ok {
				pairs[p] = id
			}
		}
		kids := doc.ChildIndex(e.doc)
		var walk func(id, fg, bg string)
		walk = func(id, fg, bg string) {
			n := e.doc.Nodes[id]
			if n.Type == "Card" {
				bg = "card.background"
			}
			for _, key := range []string{"base", "sm", "md", "lg", "xl"} {
				if v, ok := n.Styles[key]["background-color"].(string); ok {
					bg = strings.Trim(v, "{}")
				}
				if v, ok := n.Styles[key]["color"].(string); ok {
					fg = strings.Trim(v, "{}")
				}
			}
			if n.Type == "Icon" {
				add(fg, bg, token.LevelAALarge, id) // non-text contrast
			} else {
				add(fg, bg, token.LevelAA, id)
			}
			links := n.Type == "Link" || n.Type == "Navbar" || (n.Type == "Footer" && n.Props["links"] != nil)
			for _, p := range []string{"html", "items"} {
				if strings.Contains(fmt.Sprint(n.Props[p]), "<a ") {
					links = true
				}
			}
			if links {
				add("color.link", bg, token.LevelAA, id)
			}
			switch n.Type {
			case "TextInput", "Textarea", "Select", "Checkbox", "RadioGroup", "Testimonial":
				add("color.text.muted", bg, token.LevelAA, id) // help text, roles
			case "Button":
				if n.Props["variant"] == "outline" {
					add("color.primary", bg, token.LevelAA, id)
				}
			}
			for _, c := range kids[id] {
				walk(c, fg, bg)
			}
		}
		walk(e.doc.Root, "color.text.default", "color.background.default")

		list := make([]token.Pair, 0, len(pairs))
		for p := range pairs {
			list = append(list, p)
		}
		sort.Slice(list, func(i, j int) bool { return fmt.Sprint(list[i]) < fmt.Sprint(list[j]) })
		s := *sys
		s.ContrastPairs = list
		findings := token.CheckContrast(&s)
		if want := len(list) * len(sys.ThemeNames()); len(findings) != want {
			t.Errorf("measured %d combinations, want %d: a colour is not a colour token", len(findings), want)
		}
		for _, f := range findings {
			if !f.OK() {
				p := token.Pair{Foreground: f.Foreground, Background: f.Background, Need: f.Need}
				t.Errorf("node %s: %s", pairs[p], f)
			}
		}
	})
}

// TestHTMLValid runs the Nu HTML Checker over every rendered template in
// one JVM (it skips, or fails under CI, without Java or the checker).
// Section templates are checked as preview.Page renders them: the band
// inside the usual page shell, as the page an install makes.
func TestHTMLValid(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a JVM")
	}
	es := entries(t)
	dir := t.TempDir()
	var files []string
	for _, e := range es {
		if e.parseErr != nil || e.err != nil {
			t.Fatalf("%s: %v", e.Slug, cmp.Or(e.parseErr, e.err))
		}
		f := filepath.Join(dir, e.Slug+".html")
		if err := os.WriteFile(f, []byte(e.html), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	htmlcheck.Valid(t, files)
}
