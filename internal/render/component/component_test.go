package component_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/pagewright/pagewright/internal/render/component"
)

func TestRegistry(t *testing.T) {
	r := component.Default()
	list := r.List()
	if len(list) != 32 {
		t.Errorf("%d built-in types, want 32", len(list))
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
	if props["type"] != "object" || !slices.Contains(props["required"].([]any), any("src")) {
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
		{"Video", `{"videoId":"short","title":"t"}`, []string{"props.videoId"}},
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
