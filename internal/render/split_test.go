package render_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/render"
	"github.com/pagewright/pagewright/internal/render/component"
)

func TestSplitNodeCSS(t *testing.T) {
	whole, err := render.Render(loadFlu(t), render.Options{Tokens: tokens})
	if err != nil {
		t.Fatal(err)
	}
	split, err := render.Render(loadFlu(t), render.Options{Tokens: tokens, SplitNodeCSS: true})
	if err != nil {
		t.Fatal(err)
	}
	if whole.NodeCSS != nil {
		t.Error("NodeCSS set without SplitNodeCSS")
	}
	if split.HTML != whole.HTML {
		t.Error("SplitNodeCSS changed the HTML")
	}
	// The shared part is the whole stylesheet's beginning: base and types.
	if !strings.HasPrefix(whole.CSS, split.CSS) || strings.Contains(split.CSS, ".pw-n-") {
		t.Errorf("split CSS is not the base and type CSS:\n%s", split.CSS)
	}
	cases := []struct{ node, want string }{
		{"clinics-h", ".pw-n-clinics-h{color:var(--pw-color-text-strong);margin-bottom:var(--pw-space-4)}\n" +
			"@media (min-width:768px){\n.pw-n-clinics-h{font-size:var(--pw-font-size-3xl)}\n}\n"},
		{"c1", ".pw-n-c1:hover{border-color:var(--pw-color-primary)}\n"},
		{"cols", ".pw-n-cols{gap:var(--pw-space-4)}\n" +
			"@media (min-width:768px){\n.pw-n-cols{grid-template-columns:repeat(2,minmax(0,1fr))}\n}\n" +
			"@media (min-width:1024px){\n.pw-n-cols{grid-template-columns:repeat(3,minmax(0,1fr))}\n}\n"},
	}
	for _, c := range cases {
		if got := split.NodeCSS[c.node]; got != c.want {
			t.Errorf("NodeCSS[%s] =\n%s\nwant\n%s", c.node, got, c.want)
		}
	}
	if _, ok := split.NodeCSS["c2"]; ok {
		t.Error("an unstyled node has NodeCSS")
	}
	// Every rule of the whole stylesheet is in exactly one node's CSS.
	var all strings.Builder
	for _, css := range split.NodeCSS {
		all.WriteString(css)
	}
	for _, line := range strings.Split(strings.TrimPrefix(whole.CSS, split.CSS), "\n") {
		if strings.HasPrefix(line, ".pw-n-") && strings.Count(all.String(), line+"\n") != 1 {
			t.Errorf("rule %s is not in exactly one node's CSS", line)
		}
	}
}

func TestResultTokens(t *testing.T) {
	res, err := render.Render(loadFlu(t), render.Options{Tokens: tokens})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"color.background.subtle", "color.primary", "color.text.strong", "font.size.3xl", "space.4"}
	if !slices.Equal(res.Tokens, want) {
		t.Errorf("Tokens = %v, want %v", res.Tokens, want)
	}
	frag, err := render.Render(loadFlu(t), render.Options{Tokens: tokens, Subtree: "c1"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(frag.Tokens, []string{"color.primary"}) {
		t.Errorf("subtree Tokens = %v", frag.Tokens)
	}
}

// TestTokensCSSFor: the hook gets the page's tokens and CSS, and what it
// returns goes in front of the page's CSS.
func TestTokensCSSFor(t *testing.T) {
	var gotTokens []string
	var gotCSS string
	res, err := render.Render(loadFlu(t), render.Options{Tokens: tokens, InlineCSS: true,
		TokensCSSFor: func(paths []string, css string) (string, error) {
			gotTokens, gotCSS = paths, css
			return ":root{--pw-space-4:1rem}\n", nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(gotTokens, res.Tokens) || gotCSS != res.CSS {
		t.Error("hook did not get the page's tokens and CSS")
	}
	if !strings.Contains(res.HTML, "<style>\n:root{--pw-space-4:1rem}\n"+res.CSS+"</style>") {
		t.Error("hook's CSS is not in front of the page's")
	}
}

// TestRendersConcurrently: renders share caches and recycled buffers; they
// must not see each other's state.
func TestRendersConcurrently(t *testing.T) {
	want, err := render.Render(loadFlu(t), render.Options{Tokens: tokens})
	if err != nil {
		t.Fatal(err)
	}
	small := goldenCase{typ: "Heading", props: `{"text":"x"}`, styles: `{"base":{"color":"red"}}`}.doc(t)
	wantSmall, err := render.Render(small, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan string, 16)
	for g := range 8 {
		go func() {
			for i := range 50 {
				d, w := loadFlu(t), want
				opts := render.Options{Tokens: tokens}
				if (g+i)%2 == 0 {
					d, w, opts = small, wantSmall, render.Options{}
				}
				got, err := render.Render(d, opts)
				if err != nil || got.HTML != w.HTML || got.CSS != w.CSS {
					errs <- "a concurrent render differs"
					return
				}
			}
			errs <- ""
		}()
	}
	for range 8 {
		if e := <-errs; e != "" {
			t.Fatal(e)
		}
	}
}

// TestTemplateTypes: a type declared by an html/template (as custom types
// will be) renders beside the built-in Render funcs, children and editor
// markers included.
func TestTemplateTypes(t *testing.T) {
	reg := component.NewRegistry()
	for _, ty := range component.Builtins() {
		if err := reg.Register(ty); err != nil {
			t.Fatal(err)
		}
	}
	if err := reg.Register(&component.Type{Name: "Callout", Category: "Custom", Icon: "info",
		Props:    component.Schema{Props: []component.Prop{{Name: "title", Type: "string", Default: "Note"}}},
		Children: component.AnyChildren("Page"),
		Template: `<aside class="{{.Class}}"{{.Attrs}}><p>{{.P.title}}</p>{{.Children}}</aside>`,
		CSS:      `.pw-callout{border:1px solid}`,
		Prepare: func(c *component.Context) error {
			c.Class = "pw-callout--" + c.Props.Str("title")
			return nil
		},
	}); err != nil {
		t.Fatal(err)
	}
	d := goldenCase{typ: "Callout", props: `{"title":"Tip <1>"}`, styles: `{"base":{"color":"red"}}`,
		children: []child{{"Heading", `{"text":"Inside","level":2}`}, {"Text", `{"html":"<p>Body</p>"}`}}}.doc(t)
	for _, mode := range []render.Mode{render.Published, render.Editor} {
		res, err := render.Render(d, render.Options{Registry: reg, Mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		want := `<aside class="pw-callout pw-callout--Tip &lt;1&gt; pw-n-n"><p>Tip &lt;1&gt;</p><h2 class="pw-heading">Inside</h2><div class="pw-text"><p>Body</p></div></aside>`
		if mode == render.Editor {
			want = `<aside class="pw-callout pw-callout--Tip &lt;1&gt; pw-n-n" data-pw-node="n"><p>Tip &lt;1&gt;</p><h2 class="pw-heading" data-pw-node="c0">Inside</h2><div class="pw-text" data-pw-node="c1"><p>Body</p></div></aside>`
		}
		if !strings.Contains(res.HTML, want) {
			t.Errorf("mode %d:\n%s\nlacks\n%s", mode, res.HTML, want)
		}
		if !strings.Contains(res.CSS, ".pw-callout{border:1px solid}") || !strings.Contains(res.CSS, ".pw-n-n{color:red}") {
			t.Errorf("CSS:\n%s", res.CSS)
		}
	}
}

// TestNodeClassesUnique: node ids that are not usable in a class name as
// they are still get distinct classes.
func TestNodeClassesUnique(t *testing.T) {
	d := goldenCase{typ: "Section", children: []child{{"Heading", `{"text":"a"}`}, {"Heading", `{"text":"b"}`}, {"Heading", `{"text":"c"}`}}}.doc(t)
	for i, id := range []string{"x.y", "x-y", "x y"} {
		n := d.Nodes[fmt.Sprintf("c%d", i)]
		delete(d.Nodes, n.ID)
		n.ID = id
		n.Styles = map[string]map[string]any{"base": {"order": i}}
		d.Nodes[id] = n
	}
	res, err := render.Render(d, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<h2 class="pw-heading pw-n-x-y">a</h2>`, `<h2 class="pw-heading pw-n-x-y-2">b</h2>`, `<h2 class="pw-heading pw-n-x-y-3">c</h2>`,
		".pw-n-x-y{order:0}", ".pw-n-x-y-2{order:1}", ".pw-n-x-y-3{order:2}"} {
		if !strings.Contains(res.HTML+res.CSS, want) {
			t.Errorf("lacks %s", want)
		}
	}
}
