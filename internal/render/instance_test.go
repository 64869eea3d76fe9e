package render_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/render"
	"github.com/pagewright/pagewright/internal/render/component"
)

// library is a component library in memory.
type library map[string]*render.Symbol

func (l library) Symbol(ref string) (*render.Symbol, bool) {
	s, ok := l[ref]
	return s, ok
}

// cref is the ref of test component i at version v.
func cref(i int, v string) string { return fmt.Sprintf("0193a3f4-8a2b-7c3d-9e4f-%012x@%s", i, v) }

func nd(id, typ, parent, pos string, props map[string]any) *doc.Node {
	return &doc.Node{ID: id, Type: typ, Parent: parent, Pos: pos, Props: props}
}

func inst(id, parent, pos, ref string, overrides map[string]any) *doc.Node {
	p := map[string]any{"component": ref}
	if overrides != nil {
		p["overrides"] = overrides
	}
	return nd(id, component.InstanceType, parent, pos, p)
}

// symbol is a component version whose document's page "r" holds nodes
// (the first is the top node, a child of "r").
func symbol(ref, name string, exposed []render.ExposedProp, nodes ...*doc.Node) *render.Symbol {
	d := &doc.Document{SchemaVersion: 1, Root: "r", Nodes: map[string]*doc.Node{"r": {ID: "r", Type: "Page"}}}
	for _, n := range nodes {
		d.Nodes[n.ID] = n
	}
	return &render.Symbol{Ref: ref, Name: name, Document: d, Exposed: exposed}
}

// page is a document whose Page "root" holds nodes.
func page(nodes ...*doc.Node) *doc.Document {
	d := &doc.Document{SchemaVersion: 1, Root: "root", Meta: doc.Meta{Title: "Clinics", Lang: "en"},
		Nodes: map[string]*doc.Node{"root": {ID: "root", Type: "Page"}}}
	for _, n := range nodes {
		d.Nodes[n.ID] = n
	}
	return d
}

var (
	cardRef   = cref(1, "1.2.0")
	bannerRef = cref(2, "1.0.0")
	selfRef   = cref(3, "1.0.0") // contains another version of itself
	aRef      = cref(4, "1.0.0") // contains b
	bRef      = cref(5, "1.0.0") // contains a
)

// testLibrary builds the components the tests use, afresh each time so
// that a test can check nothing modified them.
func testLibrary() library {
	card := nd("card", "Card", "r", "a0", map[string]any{"title": "Riverside"})
	card.Styles = map[string]map[string]any{"base": {"padding": "1rem", "color": "{color.text.default}"}, "md": {"padding": "2rem"}}
	lib := library{
		cardRef: symbol(cardRef, "Clinic card", []render.ExposedProp{
			{Key: "title", Node: "card", Prop: "title", Label: "Title", Type: "string"},
			{Key: "hours", Node: "t", Prop: "html", Label: "Opening hours", Type: "string"},
			{Key: "cta", Node: "b", Prop: "text", Label: "Button text", Type: "string"},
			{Key: "ghost", Node: "nowhere", Prop: "text", Label: "Not in the component", Type: "string"},
		},
			card,
			nd("t", "Text", "card", "a0", map[string]any{"html": "<p>Open 9am–5pm</p>"}),
			nd("b", "Button", "card", "a1", map[string]any{"text": "Book", "href": "/book"}),
		),
		bannerRef: symbol(bannerRef, "Clinics banner", []render.ExposedProp{
			{Key: "heading", Node: "h", Prop: "text", Label: "Heading", Type: "string"},
		},
			nd("sec", "Section", "r", "a0", map[string]any{"label": "Clinics"}),
			nd("h", "Heading", "sec", "a0", map[string]any{"text": "Our clinics", "level": 2}),
			inst("c", "sec", "a1", cardRef, map[string]any{"title": "Hillside", "cta": "Visit"}),
		),
		selfRef: symbol(selfRef, "", nil,
			nd("st", "Stack", "r", "a0", nil),
			nd("in", "Stack", "st", "a0", nil),
			inst("i", "in", "a0", cref(3, "2.0.0"), nil),
		),
		aRef: symbol(aRef, "Alpha", nil, nd("sa", "Stack", "r", "a0", nil), inst("ib", "sa", "a0", bRef, nil)),
		bRef: symbol(bRef, "", nil, nd("sb", "Stack", "r", "a0", nil), inst("ia", "sb", "a0", aRef, nil)),
	}
	// A chain of 17 components, each holding the next: deeper than allowed.
	for i := range render.MaxInstanceDepth + 1 {
		ref := cref(100+i, "1.0.0")
		if i == render.MaxInstanceDepth {
			lib[ref] = symbol(ref, "", nil, nd("h", "Heading", "r", "a0", map[string]any{"text": "Deep"}))
			continue
		}
		lib[ref] = symbol(ref, "", nil, nd("s", "Stack", "r", "a0", nil), inst("i", "s", "a0", cref(100+i+1, "1.0.0"), nil))
	}
	return lib
}

// snapshot is a JSON copy of a value, to check that nothing changed it.
func snapshot(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestExpandInstances(t *testing.T) {
	type check func(t *testing.T, in, out *doc.Document)
	wantNode := func(id, typ, parent string) check {
		return func(t *testing.T, _, out *doc.Document) {
			t.Helper()
			n := out.Nodes[id]
			if n == nil {
				t.Fatalf("no node %s; have %v", id, slices.Sorted(maps.Keys(out.Nodes)))
			}
			if n.ID != id || n.Type != typ || n.Parent != parent {
				t.Errorf("node %s = {id %s, type %s, parent %s}, want {%s, %s, %s}", id, n.ID, n.Type, n.Parent, id, typ, parent)
			}
		}
	}
	wantProp := func(id, prop string, want any) check {
		return func(t *testing.T, _, out *doc.Document) {
			t.Helper()
			if n := out.Nodes[id]; n == nil || !reflect.DeepEqual(n.Props[prop], want) {
				t.Errorf("%s.props.%s = %v, want %v", id, prop, n.Props[prop], want)
			}
		}
	}
	wantIDs := func(ids ...string) check {
		return func(t *testing.T, _, out *doc.Document) {
			t.Helper()
			if got := slices.Sorted(maps.Keys(out.Nodes)); !slices.Equal(got, ids) {
				t.Errorf("node ids %v, want %v", got, ids)
			}
		}
	}
	overridden := page(nd("s1", "Section", "root", "a0", nil),
		inst("x1", "s1", "a1", cardRef, map[string]any{"title": "Walk-in hours", "hours": "<p>Walk in 8–10am</p>"}))
	styled := page(inst("x1", "root", "a0", cardRef, nil))
	styled.Nodes["x1"].Styles = map[string]map[string]any{"base": {"padding": "3rem", "margin-top": "2rem"}, "hover": {"color": "{color.primary}"}}

	cases := []struct {
		name    string
		page    *doc.Document
		lib     render.SymbolResolver
		checks  []check
		errNode string
		errMsg  string // a part of the message; empty: no error
	}{
		{name: "no instances", page: page(nd("h", "Heading", "root", "a0", map[string]any{"text": "Hi"})), lib: nil,
			checks: []check{func(t *testing.T, in, out *doc.Document) {
				if in != out {
					t.Error("a document without instances was copied")
				}
			}}},
		{name: "one instance with overrides", page: overridden, lib: testLibrary(),
			checks: []check{
				wantIDs("root", "s1", "x1", "x1_b", "x1_t"),
				wantNode("x1", "Card", "s1"), wantNode("x1_t", "Text", "x1"), wantNode("x1_b", "Button", "x1"),
				wantProp("x1", "title", "Walk-in hours"), wantProp("x1_t", "html", "<p>Walk in 8–10am</p>"),
				wantProp("x1_b", "text", "Book"), wantProp("x1_b", "href", "/book"),
				func(t *testing.T, _, out *doc.Document) {
					if n := out.Nodes["x1"]; n.Pos != "a1" {
						t.Errorf("top node pos %q, want the instance's a1", n.Pos)
					}
					if n := out.Nodes["x1_b"]; n.Pos != "a1" {
						t.Errorf("inner node pos %q, want its own a1", n.Pos)
					}
				},
			}},
		{name: "instance styles merged over the top node's", page: styled, lib: testLibrary(),
			checks: []check{func(t *testing.T, _, out *doc.Document) {
				want := map[string]map[string]any{
					"base":  {"padding": "3rem", "margin-top": "2rem", "color": "{color.text.default}"},
					"md":    {"padding": "2rem"},
					"hover": {"color": "{color.primary}"},
				}
				if got := out.Nodes["x1"].Styles; !reflect.DeepEqual(got, want) {
					t.Errorf("styles %v, want %v", got, want)
				}
			}}},
		{name: "nested instance", page: page(inst("x2", "root", "a0", bannerRef, map[string]any{"heading": "Find a clinic"})), lib: testLibrary(),
			checks: []check{
				wantIDs("root", "x2", "x2_c", "x2_c_b", "x2_c_t", "x2_h"),
				wantNode("x2", "Section", "root"), wantNode("x2_h", "Heading", "x2"), wantNode("x2_c", "Card", "x2"),
				wantNode("x2_c_t", "Text", "x2_c"), wantNode("x2_c_b", "Button", "x2_c"),
				wantProp("x2_h", "text", "Find a clinic"), wantProp("x2_c", "title", "Hillside"), wantProp("x2_c_b", "text", "Visit"),
				wantProp("x2_c_t", "html", "<p>Open 9am–5pm</p>"),
			}},
		{name: "override of a prop not exposed is ignored", page: page(inst("x1", "root", "a0", cardRef, map[string]any{"nope": "x", "href": "/evil", "ghost": "boo", "title": nil})), lib: testLibrary(),
			checks: []check{
				wantIDs("root", "x1", "x1_b", "x1_t"),
				wantProp("x1", "title", "Riverside"), wantProp("x1_b", "href", "/book"), wantProp("x1_b", "text", "Book"),
				func(t *testing.T, _, out *doc.Document) {
					for id, n := range out.Nodes {
						for _, k := range []string{"nope", "ghost"} {
							if _, ok := n.Props[k]; ok {
								t.Errorf("node %s got prop %s", id, k)
							}
						}
					}
				},
			}},
		{name: "sixteen levels are fine", page: page(inst("x1", "root", "a0", cref(101, "1.0.0"), nil)), lib: testLibrary(),
			checks: []check{wantNode("x1"+strings.Repeat("_i", 15), "Heading", "x1"+strings.Repeat("_i", 14))}},
		{name: "unknown ref", page: page(inst("x1", "root", "a0", cref(9, "1.0.0"), nil)), lib: testLibrary(),
			errNode: "x1", errMsg: "component " + cref(9, "1.0.0") + " is not in the library"},
		{name: "unknown version", page: page(inst("x1", "root", "a0", cref(1, "1.3.0"), nil)), lib: testLibrary(),
			errNode: "x1", errMsg: "is not in the library"},
		{name: "nil resolver", page: page(inst("x1", "root", "a0", cardRef, nil)), lib: nil,
			errNode: "x1", errMsg: "this page uses reusable components, but no component library is available"},
		{name: "malformed ref", page: page(inst("x1", "root", "a0", "card@1", nil)), lib: testLibrary(),
			errNode: "x1", errMsg: "must name a component version"},
		{name: "direct cycle, other version", page: page(inst("x1", "root", "a0", selfRef, nil)), lib: testLibrary(),
			errNode: "x1", errMsg: "component " + selfRef + " contains itself through " + selfRef + " → " + cref(3, "2.0.0")},
		{name: "indirect cycle", page: page(inst("x1", "root", "a0", aRef, nil)), lib: testLibrary(),
			errNode: "x1", errMsg: "component “Alpha” (" + aRef + ") contains itself through " + aRef + " → " + bRef + " → " + aRef},
		{name: "indirect cycle entered in the middle", page: page(nd("s", "Section", "root", "a0", nil), inst("x9", "s", "a0", bRef, nil)), lib: testLibrary(),
			errNode: "x9", errMsg: "contains itself through " + bRef + " → " + aRef + " → " + bRef},
		{name: "depth limit", page: page(inst("x1", "root", "a0", cref(100, "1.0.0"), nil)), lib: testLibrary(),
			errNode: "x1", errMsg: "nested deeper than 16 levels"},
		{name: "nested unknown ref names the page's instance", page: page(inst("x1", "root", "a0", bannerRef, nil)),
			lib: library{bannerRef: testLibrary()[bannerRef]}, errNode: "x1", errMsg: "component " + cardRef + " is not in the library (it is used inside component “Clinics banner”"},
		{name: "expanded id taken", page: page(inst("x1", "root", "a0", cardRef, nil), nd("x1_t", "Heading", "root", "a1", map[string]any{"text": "clash"})), lib: testLibrary(),
			errNode: "x1", errMsg: "the node id “x1_t” of component “Clinic card”"},
		{name: "child of an instance", page: page(inst("x1", "root", "a0", cardRef, nil), nd("k", "Heading", "x1", "a0", map[string]any{"text": "no"})), lib: testLibrary(),
			errNode: "k", errMsg: "a Heading cannot be placed inside a reusable component's instance"},
		{name: "component with two top nodes", page: page(inst("x1", "root", "a0", cref(7, "1.0.0"), nil)),
			lib:     library{cref(7, "1.0.0"): symbol(cref(7, "1.0.0"), "", nil, nd("a", "Stack", "r", "a0", nil), nd("b", "Stack", "r", "a1", nil))},
			errNode: "x1", errMsg: "is malformed: its page holds 2 nodes"},
		{name: "overrides not an object", page: page(nd("x1", component.InstanceType, "root", "a0", map[string]any{"component": cardRef, "overrides": "x"})), lib: testLibrary(),
			errNode: "x1", errMsg: "must be an object"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var libBefore string
			if l, ok := c.lib.(library); ok {
				libBefore = snapshot(t, l)
			}
			before := snapshot(t, c.page)
			out, err := render.ExpandInstances(c.page, c.lib)
			if after := snapshot(t, c.page); after != before {
				t.Errorf("the page was modified:\n%s\n%s", before, after)
			}
			if l, ok := c.lib.(library); ok && snapshot(t, l) != libBefore {
				t.Error("the library was modified")
			}
			if c.errMsg != "" {
				var re *render.Error
				if !errors.As(err, &re) {
					t.Fatalf("want a *render.Error, got %v", err)
				}
				if re.Node != c.errNode || !strings.Contains(re.Message, c.errMsg) {
					t.Errorf("error %v; want node %q and a message with %q", re, c.errNode, c.errMsg)
				}
				if re.Field != "props.component" && re.Field != "props.overrides" && re.Field != "parent" {
					t.Errorf("error field %q", re.Field)
				}
				if out != nil {
					t.Error("a document came with the error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for id, n := range out.Nodes {
				if n.Type == component.InstanceType {
					t.Errorf("node %s is still an Instance", id)
				}
				if id != out.Root && out.Nodes[n.Parent] == nil {
					t.Errorf("node %s: parent %q missing", id, n.Parent)
				}
				if c.page.Nodes[render.InstanceOf(id)] == nil {
					t.Errorf("InstanceOf(%s) = %s, not a node of the page", id, render.InstanceOf(id))
				}
			}
			for _, ch := range c.checks {
				ch(t, c.page, out)
			}
		})
	}
}

func TestInstanceOfAndRefs(t *testing.T) {
	for in, want := range map[string]string{"x1": "x1", "x1_t": "x1", "a_b_c": "a", "": ""} {
		if got := render.InstanceOf(in); got != want {
			t.Errorf("InstanceOf(%q) = %q, want %q", in, got, want)
		}
	}
	d := page(inst("x1", "root", "a0", cardRef, nil), inst("x2", "root", "a1", bannerRef, nil), inst("x3", "root", "a2", cardRef, nil),
		inst("x4", "root", "a3", "bad", nil), nd("h", "Heading", "root", "a4", map[string]any{"text": "h"}))
	if got, want := render.InstanceRefs(d), []string{cardRef, bannerRef}; !slices.Equal(got, want) {
		t.Errorf("InstanceRefs = %v, want %v", got, want)
	}
	if got := render.InstanceRefs(page()); got != nil {
		t.Errorf("InstanceRefs of a page without instances = %v", got)
	}
}

func TestCheckDocumentInstances(t *testing.T) {
	ok := page(nd("s", "Section", "root", "a0", nil),
		inst("x1", "s", "a0", cardRef, map[string]any{"title": "T", "n": 2, "flag": true, "list": []any{"a", map[string]any{"b": 1.5}}}),
		inst("x2", "s", "a1", bannerRef, nil))
	if p := render.CheckDocument(ok, nil); len(p) > 0 {
		t.Errorf("valid instances: %v", p)
	}
	deep := any("x")
	for range component.MaxFreeFormDepth {
		deep = []any{deep}
	}
	bad := page(
		inst("b1", "root", "a0", "0193A3F4-8A2B-7C3D-9E4F-0123456789AB@1.2.0", nil),
		inst("b2", "root", "a1", cref(1, "01.2.0"), nil),
		inst("b3", "root", "a2", cref(1, "1.2"), nil),
		inst("b4", "root", "a3", cref(1, "1.2.0-beta"), nil),
		inst("b5", "root", "a4", cardRef, map[string]any{"deep": deep}),
		nd("b6", component.InstanceType, "root", "a5", map[string]any{"component": cardRef, "overrides": []any{"x"}}),
		nd("b7", component.InstanceType, "root", "a6", map[string]any{"overrides": map[string]any{}}),
		nd("b8", component.InstanceType, "root", "a7", map[string]any{"component": cardRef, "extra": 1}),
		inst("b9", "root", "a8", cardRef, map[string]any{"fn": func() {}}),
	)
	got := map[string]string{}
	for _, p := range render.CheckDocument(bad, nil) {
		got[p.Location] = p.Message
	}
	want := map[string]string{
		"nodes.b1.props.component": "must name a component version as <componentId>@<major>.<minor>.<patch>, e.g. 0193a3f4-8a2b-7c3d-9e4f-0123456789ab@1.2.0",
		"nodes.b2.props.component": "must name a component version",
		"nodes.b3.props.component": "must name a component version",
		"nodes.b4.props.component": "must name a component version",
		"nodes.b5.props.overrides": "may hold only text, numbers, true/false, lists and objects, nested at most 8 deep",
		"nodes.b6.props.overrides": "must be an object",
		"nodes.b7.props.component": "is required",
		"nodes.b8.props.extra":     "is not a known prop",
		"nodes.b9.props.overrides": "may hold only",
	}
	for loc, msg := range want {
		if !strings.HasPrefix(got[loc], msg) {
			t.Errorf("%s: got %q, want %q", loc, got[loc], msg)
		}
	}
	if len(got) != len(want) {
		t.Errorf("problems %v", got)
	}
	// Nesting up to the limit is fine.
	fine := page(inst("x", "root", "a0", cardRef, map[string]any{"deep": deep.([]any)[0]}))
	if p := render.CheckDocument(fine, nil); len(p) > 0 {
		t.Errorf("overrides nested %d deep: %v", component.MaxFreeFormDepth, p)
	}
	// Nothing takes an instance's place as its child.
	child := page(inst("x", "root", "a0", cardRef, nil), nd("k", "Text", "x", "a0", nil))
	if p := render.CheckDocument(child, nil); len(p) != 1 || p[0].Location != "nodes.k.parent" {
		t.Errorf("child of an instance: %v", p)
	}
	ty, _ := component.Default().Get(component.InstanceType)
	if !ty.Hidden || ty.Category != "Components" || ty.Icon != "component" {
		t.Errorf("Instance type: %+v", ty)
	}
	b, _ := json.Marshal(ty)
	if !strings.Contains(string(b), `"hidden":true`) || !strings.Contains(string(b), `"format":"component-ref"`) {
		t.Errorf("Instance type JSON: %s", b)
	}
}

// instancePage is a page with a plain heading, a card instance (with
// overrides and its own spacing) and a banner holding a card.
func instancePage() *doc.Document {
	d := page(
		nd("h1", "Heading", "root", "a0", map[string]any{"text": "Our clinics", "level": 1}),
		nd("s1", "Section", "root", "a1", map[string]any{"label": "Walk-in"}),
		nd("s1h", "Heading", "s1", "a0", map[string]any{"text": "Walk in", "level": 2}),
		inst("x1", "s1", "a1", cardRef, map[string]any{"title": "Walk-in hours", "hours": "<p>Walk in 8–10am, <strong>no booking</strong>.</p>", "nope": 1}),
		inst("x2", "root", "a2", bannerRef, map[string]any{"heading": "Find a clinic"}),
	)
	d.Nodes["x1"].Styles = map[string]map[string]any{"base": {"margin-top": "{space.4}", "padding": "2rem"}}
	return d
}

func TestGoldenInstances(t *testing.T) {
	for _, c := range []struct {
		name string
		mode render.Mode
	}{{"instance-page", render.Published}, {"instance-page-editor", render.Editor}} {
		t.Run(c.name, func(t *testing.T) {
			res, err := render.Render(instancePage(), render.Options{Tokens: tokens, Mode: c.mode, Symbols: testLibrary()})
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, c.name, "html", res.HTML)
			checkGolden(t, c.name, "css", res.CSS)
			if err := checkHTML(res.HTML); err != nil {
				t.Error(err)
			}
			marked := strings.Contains(res.HTML, `data-pw-node="x1"`) && strings.Contains(res.HTML, `data-pw-node="x2_c_t"`)
			if marked != (c.mode == render.Editor) {
				t.Errorf("data-pw-node markers in mode %d: %v", c.mode, marked)
			}
			if strings.Contains(res.HTML, "pw-instance") {
				t.Error("an Instance was rendered as such")
			}
		})
	}
}

func TestRenderInstances(t *testing.T) {
	lib := testLibrary()
	// The editor canvas re-renders one instance.
	res, err := render.Render(instancePage(), render.Options{Tokens: tokens, Mode: render.Editor, Subtree: "x1", Symbols: lib, SplitNodeCSS: true})
	if err != nil {
		t.Fatal(err)
	}
	const wantStart = `<div class="pw-card pw-n-x1" data-pw-node="x1"><h3 class="pw-card-title">Walk-in hours</h3><div class="pw-text" data-pw-node="x1_t"><p>Walk in 8–10am, <strong>no booking</strong>.</p></div>`
	if !strings.HasPrefix(res.HTML, wantStart) || !strings.Contains(res.HTML, `data-pw-node="x1_b"`) {
		t.Errorf("subtree x1:\n got %s\nwant %s…", res.HTML, wantStart)
	}
	if strings.Contains(res.HTML, "Our clinics") {
		t.Error("subtree render holds more than the instance")
	}
	// The instance's spacing wins over the component's; the rest stays.
	if css := res.NodeCSS["x1"]; !strings.HasPrefix(css, ".pw-n-x1{color:var(--pw-color-text-default);margin-top:var(--pw-space-4);padding:2rem}") ||
		!strings.Contains(css, ".pw-n-x1{padding:2rem}") {
		t.Errorf("NodeCSS[x1] = %q", css)
	}
	// A nested node of an instance renders on its own too.
	if res, err := render.Render(instancePage(), render.Options{Mode: render.Editor, Subtree: "x2_c", Symbols: lib, Tokens: tokens}); err != nil || !strings.HasPrefix(res.HTML, `<div class="pw-card pw-n-x2_c" data-pw-node="x2_c">`) {
		t.Errorf("subtree x2_c: %v %s", err, res.HTML)
	}
	// Without a library, the page cannot render.
	_, err = render.Render(instancePage(), render.Options{Tokens: tokens})
	var re *render.Error
	if !errors.As(err, &re) || re.Node != "x1" || re.Field != "props.component" || !strings.Contains(re.Error(), "no component library") {
		t.Errorf("no library: %v", err)
	}
	// An override of the wrong type fails on the inner node, which
	// InstanceOf maps back to the instance.
	d := page(inst("x1", "root", "a0", cardRef, map[string]any{"title": 5}))
	_, err = render.Render(d, render.Options{Symbols: lib})
	if !errors.As(err, &re) || re.Node != "x1" || re.Field != "props.title" {
		t.Errorf("bad override: %v", err)
	}
	// A component's top node must fit where the instance is: the error
	// names the instance.
	heroRef := cref(8, "1.0.0")
	heroLib := library{heroRef: symbol(heroRef, "", nil, nd("hero", "Hero", "r", "a0", map[string]any{"heading": "Hi"}))}
	d = page(nd("f", "Form", "root", "a0", map[string]any{"formId": "f"}), inst("x1", "f", "a0", heroRef, nil))
	_, err = render.Render(d, render.Options{Symbols: heroLib})
	if !errors.As(err, &re) || re.Node != "x1" || re.Field != "parent" || !strings.Contains(re.Message, "a Hero cannot be placed inside a Form") {
		t.Errorf("hero in a form: %v", err)
	}
	// The page's own instance, hidden, is not rendered.
	d = instancePage()
	d.Nodes["x2"].Hidden = true
	res, err = render.Render(d, render.Options{Tokens: tokens, Symbols: lib})
	if err != nil || strings.Contains(res.HTML, "Find a clinic") || strings.Contains(res.HTML, "Hillside") {
		t.Errorf("hidden instance: %v\n%s", err, res.HTML)
	}
}

// FuzzExpandInstances builds a random component library and page from the
// input and expands it: that never panics, never modifies the page or
// the library, and, when it succeeds, leaves no instance, no node whose
// parent is missing, and no node InstanceOf does not map to a node of the
// page. Failures name a node of the page.
func FuzzExpandInstances(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{3, 5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
	f.Add([]byte("a fairly long seed that makes many nodes and instances, nested in many ways"))
	f.Add([]byte{0xff, 0x80, 0x7f, 0x01, 0x02, 0x40, 0x41, 0x42, 0xfe, 0x10, 0x20, 0x30, 0x33, 0x44, 0x55, 0x66, 0x77})
	f.Fuzz(func(t *testing.T, seed []byte) {
		d, lib := randomInstances(seed)
		before, libBefore := snapshot(t, d), snapshot(t, lib)
		var syms render.SymbolResolver
		if lib != nil {
			syms = lib
		}
		out, err := render.ExpandInstances(d, syms)
		if snapshot(t, d) != before || snapshot(t, lib) != libBefore {
			t.Fatal("the page or the library was modified")
		}
		if err != nil {
			var re *render.Error
			if !errors.As(err, &re) || d.Nodes[re.Node] == nil {
				t.Fatalf("error %v does not name a node of the page", err)
			}
			return
		}
		for id, n := range out.Nodes {
			if n.Type == component.InstanceType {
				t.Fatalf("node %s is still an Instance", id)
			}
			if n.ID != id {
				t.Fatalf("node %s stored under %s", n.ID, id)
			}
			if id != out.Root && out.Nodes[n.Parent] == nil {
				t.Fatalf("node %s: parent %q missing", id, n.Parent)
			}
			if d.Nodes[id] == nil && d.Nodes[render.InstanceOf(id)] == nil {
				t.Fatalf("InstanceOf(%s) is not a node of the page", id)
			}
		}
		_, _ = render.Render(d, render.Options{Symbols: syms, Mode: render.Editor})
	})
}

// randomInstances makes a page and a library from seed.
func randomInstances(seed []byte) (*doc.Document, library) {
	i := 0
	next := func(n int) int {
		if n <= 0 {
			return 0
		}
		b := 0
		if i < len(seed) {
			b = int(seed[i])
		}
		i++
		return b % n
	}
	const ncomp = 5
	refOf := func(k int) string {
		switch {
		case k < ncomp:
			return cref(200+k, fmt.Sprintf("1.%d.0", k%2))
		case k == ncomp:
			return cref(299, "1.0.0") // not in the library
		}
		return "junk"
	}
	someRef := func() string { return refOf(next(ncomp + 2)) }
	types := []string{"Stack", "Text", component.InstanceType, "Section", "Card"}
	// The page first, so that a short seed still makes one.
	d := page()
	ids := []string{"root"}
	pageTypes := []string{"Section", component.InstanceType, component.InstanceType, "Stack"}
	for j := range next(7) {
		id := fmt.Sprintf("p%d", j)
		typ := pageTypes[next(len(pageTypes))]
		var props map[string]any
		if typ == component.InstanceType {
			ov := map[string]any{}
			for range next(3) {
				ov[fmt.Sprintf("k%d", next(4))] = []any{"x", 1.5, true, nil, map[string]any{"a": "b"}}[next(5)]
			}
			ref := refOf(next(ncomp))
			if next(8) == 7 {
				ref = someRef()
			}
			props = map[string]any{"component": ref, "overrides": ov}
		}
		// Mostly under a node that takes children.
		parent := ids[next(len(ids))]
		if next(8) != 7 {
			for parent != "root" && d.Nodes[parent].Type == component.InstanceType {
				parent = d.Nodes[parent].Parent
			}
		}
		n := nd(id, typ, parent, fmt.Sprintf("a%d", j), props)
		n.Hidden = next(6) == 5
		d.Nodes[id] = n
		ids = append(ids, id)
	}
	if next(6) == 5 {
		d.Nodes["p0_n1"] = nd("p0_n1", "Text", "root", "b0", nil) // may clash with an expanded id
	}
	var lib library
	if next(8) != 7 {
		lib = library{}
	}
	for k := range ncomp {
		ref := refOf(k)
		var nodes []*doc.Node
		ids := []string{}
		count, twoTops := 1+next(6), next(16) == 15 // a second top node: malformed
		for j := range count {
			id := fmt.Sprintf("n%d", j)
			typ := types[next(len(types))]
			parent := "r"
			if j > 0 {
				parent = ids[next(len(ids))]
				if twoTops && j == count-1 {
					parent = "r"
				}
			}
			var props map[string]any
			switch typ {
			case component.InstanceType:
				ref := "" // a later component, so that most libraries nest without cycles; sometimes any
				if k+1 < ncomp {
					ref = refOf(k + 1 + next(ncomp-k-1))
				}
				if next(8) == 7 || ref == "" {
					ref = someRef()
				}
				props = map[string]any{"component": ref, "overrides": map[string]any{"k0": "x"}}
			case "Text":
				props = map[string]any{"html": "<p>t</p>"}
			}
			nodes = append(nodes, nd(id, typ, parent, fmt.Sprintf("a%d", j), props))
			ids = append(ids, id)
		}
		var exposed []render.ExposedProp
		for e := range next(4) {
			exposed = append(exposed, render.ExposedProp{Key: fmt.Sprintf("k%d", e), Node: fmt.Sprintf("n%d", next(8)), Prop: []string{"html", "title", "overrides", "component", ""}[next(5)]})
		}
		if lib != nil && next(10) != 9 {
			lib[ref] = symbol(ref, "", exposed, nodes...)
		}
	}
	return d, lib
}

// benchInstancePage is a generated page of about n nodes plus instances
// instances of the card and banner components.
func benchInstancePage(n, instances int) *doc.Document {
	d := genDoc(n)
	for i := range instances {
		ref := cardRef
		if i%2 == 1 {
			ref = bannerRef
		}
		id := fmt.Sprintf("x%d", i)
		d.Nodes[id] = inst(id, "root", fmt.Sprintf("b%05d", i), ref, map[string]any{"title": "Clinic " + id, "heading": "Banner " + id})
	}
	return d
}

// BenchmarkExpandNoInstances is the cost every render of a page without
// instances pays: one scan of its nodes.
func BenchmarkExpandNoInstances(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			d := genDoc(n)
			b.ReportAllocs()
			for b.Loop() {
				out, err := render.ExpandInstances(d, nil)
				if err != nil || out != d {
					b.Fatal("copied", err)
				}
			}
		})
	}
}

// BenchmarkExpand20Instances expands 20 instances (half of them holding
// another) in a 1,000-node page.
func BenchmarkExpand20Instances(b *testing.B) {
	d, lib := benchInstancePage(1000, 20), testLibrary()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := render.ExpandInstances(d, lib); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRender20Instances renders that page, expansion included.
func BenchmarkRender20Instances(b *testing.B) {
	d, opts := benchInstancePage(1000, 20), render.Options{Tokens: tokens, Symbols: testLibrary()}
	if _, err := render.Render(d, opts); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := render.Render(d, opts); err != nil {
			b.Fatal(err)
		}
	}
}
