package component_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/render"
	"github.com/pagewright/pagewright/internal/render/component"
)

func TestRegistry(t *testing.T) {
	r := component.Default()
	list := r.List()
	if len(list) != 33 {
		t.Errorf("%d built-in types, want 33", len(list))
	}
	if !slices.IsSortedFunc(list, func(a, b *component.Type) int {
		if a.Name < b.Name {
			return -1
		}
		return 1
	}) {
		t.Error("List is not sorted by name")
	}
	for _, ty := range list {
		if ty.Category == "" || ty.Icon == "" || ty.Render == nil {
			t.Errorf("%s lacks a category, icon or Render func", ty.Name)
		}
		if got, ok := r.Get(ty.Name); !ok || got != ty {
			t.Errorf("Get(%s) failed", ty.Name)
		}
	}
	b, err := json.Marshal(list)
	if err != nil {
		t.Fatal(err)
	}
	var decoded []map[string]any
	if err := json.Unmarshal(b, &decoded); err != nil {
		t.Fatal(err)
	}
	img := decoded[slices.IndexFunc(list, func(t *component.Type) bool { return t.Name == "Image" })]
	props := img["props"].(map[string]any)
	// An image starts without a source (the editor shows a placeholder),
	// so src is not required.
	if props["type"] != "object" || slices.Contains(props["required"].([]any), any("src")) {
		t.Errorf("Image schema: %v", props)
	}
	if c := props["properties"].(map[string]any)["variants"].(map[string]any)["items"].(map[string]any); c["type"] != "object" {
		t.Errorf("variants items schema: %v", c)
	}
	if img["children"] != "none" {
		t.Errorf("Image children = %v", img["children"])
	}
	if err := r.Register(&component.Type{Name: "Image"}); err == nil {
		t.Error("duplicate registration accepted")
	}
	if err := component.NewRegistry().Register(&component.Type{Name: "Bad", Template: "{{if}}"}); err == nil {
		t.Error("bad template accepted")
	}
	if err := component.NewRegistry().Register(&component.Type{Name: "Empty"}); err == nil {
		t.Error("a type with neither a Render func nor a template accepted")
	}
}

func TestAllowed(t *testing.T) {
	r := component.Default()
	for _, c := range []struct {
		parent, child string
		want          bool
	}{
		{"Page", "Section", true}, {"Section", "Heading", true}, {"Page", "Page", false},
		{"Heading", "Text", false}, {"Form", "Form", false}, {"Form", "TextInput", true},
		{"Card", "Section", false}, {"Footer", "Navbar", false}, {"Nope", "Text", false}, {"Section", "Nope", false},
	} {
		if got := r.Allowed(c.parent, c.child); got != c.want {
			t.Errorf("Allowed(%s, %s) = %v, want %v", c.parent, c.child, got, c.want)
		}
	}
}

func TestValidateProps(t *testing.T) {
	r := component.Default()
	cases := []struct {
		typ   string
		props string
		want  []string // paths
	}{
		{"Heading", `{"text":"x","level":3}`, nil},
		{"Heading", `{"text":"x","level":7}`, []string{"props.level"}},
		{"Heading", `{"text":"","level":"2"}`, []string{"props.level", "props.text"}},
		{"Heading", `{"txt":"x"}`, []string{"props.txt"}},
		{"Image", `{"src":"/a.png","width":1,"height":1}`, []string{"props.alt"}},
		{"Image", `{"src":"/a.png","width":1,"height":1,"decorative":true}`, nil},
		{"Image", `{"src":"data:image/png;base64,xx","alt":"a","width":1.5}`, []string{"props.height", "props.src", "props.width"}},
		{"Button", `{"text":"x","href":"javascript:alert(1)"}`, []string{"props.href"}},
		{"Button", `{"text":"x","href":"tel:+44"}`, nil},
		{"Navbar", `{"brand":"b","links":[{"label":"a","href":"/"},{"label":"","href":"data:x"},"str"]}`, []string{"props.links[1].href", "props.links[1].label", "props.links[2]"}},
		{"Image", `{}`, nil},
		{"Image", `{"src":""}`, nil},
		{"Image", `{"src":"","alt":"","width":640}`, nil},
		{"Image", `{"src":"asset:nurse-1"}`, nil},
		{"Image", `{"src":"/a.png"}`, []string{"props.alt", "props.height", "props.width"}},
		{"Image", `{"src":null,"decorative":true}`, nil},
		{"Video", `{"videoId":"short","title":"t"}`, []string{"props.videoId"}},
		{"Video", `{}`, nil},
		{"Video", `{"videoId":""}`, nil},
		{"Video", `{"videoId":"dQw4w9WgXcQ"}`, nil},
		{"Video", `{"title":""}`, []string{"props.title"}},
		{"Accordion", `{"items":[]}`, nil},
		{"Select", `{"options":[{"label":"A"}]}`, []string{"props.options[0].value"}},
		{"TextInput", `{"label":"l","name":"bad name","autocomplete":"<x>"}`, []string{"props.autocomplete", "props.name"}},
		{"Table", `{"caption":"c","rows":[["a",1]]}`, []string{"props.rows[0][1]"}},
		{"Nope", `{}`, []string{"type"}},
	}
	for _, c := range cases {
		var p map[string]any
		if err := json.Unmarshal([]byte(c.props), &p); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, fe := range r.ValidateProps(c.typ, p) {
			got = append(got, fe.Path)
		}
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s %s: paths %v, want %v", c.typ, c.props, got, c.want)
		}
	}
}

func TestSafeURL(t *testing.T) {
	for u, want := range map[string]bool{
		"https://example.org/a?b=c": true, "http://x.org": true, "/a/b": true, "a/b": true, "#top": true, "?q=1": true,
		"mailto:a@b.org": true, "tel:+441234": true, "//cdn.example.org/x": true,
		"javascript:alert(1)": false, "JavaScript:alert(1)": false, " javascript:x": false, "java\nscript:x": false,
		"data:text/html,x": false, "vbscript:x": false, "file:///etc/passwd": false, "": false, "http://": false, `\\evil`: false,
	} {
		if _, ok := component.SafeURL(u); ok != want {
			t.Errorf("SafeURL(%q) = %v, want %v", u, ok, want)
		}
	}
	if _, ok := component.SafeImageURL("mailto:a@b.org"); ok {
		t.Error("SafeImageURL accepts mailto")
	}
}

func TestSanitizeRichText(t *testing.T) {
	got := string(component.SanitizeRichText(`<p id="x" onclick="e()">a <a href="javascript:x">b</a> <a href="/ok">c</a></p><script>s()</script><img src=x onerror=y><iframe src=z></iframe>`))
	want := `<p>a b <a href="/ok">c</a></p>`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestDefaultsAreValid holds every type to what the editor does when it
// inserts one: a node with the type's defaults (or no props at all) must
// pass the type's own schema, or the document could not be saved, and
// must render in both modes.
func TestDefaultsAreValid(t *testing.T) {
	r := component.Default()
	for _, ty := range r.List() {
		t.Run(ty.Name, func(t *testing.T) {
			if ty.Hidden {
				t.Skip("not inserted from the palette")
			}
			if fe := r.ValidateProps(ty.Name, nil); len(fe) > 0 {
				t.Errorf("no props: %v", fe)
			}
			// The defaults as the editor gets them: through JSON.
			b, err := json.Marshal(ty.Defaults)
			if err != nil {
				t.Fatal(err)
			}
			var defaults map[string]any
			if err := json.Unmarshal(b, &defaults); err != nil {
				t.Fatal(err)
			}
			if fe := r.ValidateProps(ty.Name, defaults); len(fe) > 0 {
				t.Errorf("the defaults as props: %v", fe)
			}
			// A saved document's rich text is sanitised: the defaults must
			// come through unchanged, or inserting one would dirty the page.
			for _, p := range ty.Props.Props {
				if p.Control == component.ControlRichText {
					if s, ok := ty.Defaults[p.Name].(string); ok && string(component.SanitizeRichText(s)) != s {
						t.Errorf("default %s changes when sanitised", p.Name)
					}
				}
				if p.Items == nil || p.Items.Fields == nil {
					continue
				}
				list, _ := ty.Defaults[p.Name].([]any)
				for i, it := range list {
					for _, f := range p.Items.Fields.Props {
						if f.Control != component.ControlRichText {
							continue
						}
						if s, ok := it.(map[string]any)[f.Name].(string); ok && string(component.SanitizeRichText(s)) != s {
							t.Errorf("default %s[%d].%s changes when sanitised", p.Name, i, f.Name)
						}
					}
				}
			}
		})
	}
}

// TestEveryTypeRendersWithoutProps renders a page holding one node of each
// type, none with props, as the editor canvas and as a published page.
func TestEveryTypeRendersWithoutProps(t *testing.T) {
	d := &doc.Document{SchemaVersion: 1, Root: "root", Meta: doc.Meta{Title: "Every type", Lang: "en"},
		Nodes: map[string]*doc.Node{"root": {ID: "root", Type: "Page"}}}
	var ids []string
	for i, ty := range component.Default().List() {
		if ty.Name == "Page" || ty.Hidden { // an Instance needs a component: see render's instance tests
			continue
		}
		id := "n-" + strings.ToLower(ty.Name)
		d.Nodes[id] = &doc.Node{ID: id, Type: ty.Name, Parent: "root", Pos: fmt.Sprintf("a%02d", i)}
		ids = append(ids, id)
	}
	if problems := render.CheckDocument(d, nil); len(problems) > 0 {
		t.Fatalf("the document does not pass the save-time check: %v", problems)
	}
	for _, c := range []struct {
		name string
		mode render.Mode
	}{
		{"editor", render.Editor},
		{"published", render.Published},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := render.Render(d, render.Options{Mode: c.mode, InlineCSS: true})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := html.Parse(strings.NewReader(res.HTML)); err != nil {
				t.Fatal(err)
			}
			for _, id := range ids {
				marked := strings.Contains(res.HTML, `data-pw-node="`+id+`"`)
				if c.mode == render.Editor && !marked {
					t.Errorf("%s: no element marked data-pw-node", id)
				}
				if c.mode == render.Published && marked {
					t.Errorf("%s: editor marker on a published page", id)
				}
			}
			placeholders := strings.Count(res.HTML, `class="pw-placeholder"`)
			switch c.mode {
			case render.Editor:
				if placeholders != 2 || !strings.Contains(res.HTML, `aria-label="Image not chosen yet"`) || !strings.Contains(res.HTML, `aria-label="Video not chosen yet"`) {
					t.Errorf("want the image and video placeholders, got %d placeholders", placeholders)
				}
				if !strings.Contains(res.CSS, ".pw-image--empty .pw-placeholder{") {
					t.Error("editor CSS lacks the placeholder rules")
				}
			case render.Published:
				if placeholders != 0 || strings.Contains(res.HTML, `class="pw-image`) || strings.Contains(res.HTML, `class="pw-video`) {
					t.Error("a published page shows an image or video without a source")
				}
				if strings.Contains(res.CSS, "pw-placeholder") {
					t.Error("published CSS carries the editor's placeholder rules")
				}
				// Nothing shown, so nothing shipped for it either.
				if strings.Contains(res.CSS, ".pw-image{") || strings.Contains(res.CSS, ".pw-video{") || strings.Contains(res.HTML, "data-pw-yt") {
					t.Error("a published page carries the CSS or script of an image or video it does not show")
				}
			}
		})
	}
}
