package render_test

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/render"
	"github.com/pagewright/pagewright/internal/render/component"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fakeTokens maps a fixed set of token paths to --pw- custom properties, as
// the token package will.
type fakeTokens map[string]bool

func (f fakeTokens) Ref(path string) (string, bool) {
	if !f[path] {
		return "", false
	}
	return "var(--pw-" + strings.ReplaceAll(path, ".", "-") + ")", true
}

var tokens = fakeTokens{"color.text.default": true, "color.text.strong": true, "color.primary": true,
	"color.background.subtle": true, "space.4": true, "space.8": true, "font.size.3xl": true}

// child is a child node of a golden case.
type child struct {
	typ, props string
}

// goldenCase renders one component in a page.
type goldenCase struct {
	typ      string
	props    string // JSON
	styles   string // JSON
	wrap     string // optional parent type between Page and the component
	children []child
	mode     render.Mode // golden files of editor renders are named …-editor
}

func obj(t testing.TB, s string) map[string]any {
	t.Helper()
	if s == "" {
		return nil
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("bad JSON %s: %v", s, err)
	}
	return m
}

// pageWith builds Page → [wrap →] node "n" → children c0, c1, ….
func (c goldenCase) doc(t testing.TB) *doc.Document {
	d := &doc.Document{SchemaVersion: 1, Root: "root", Meta: doc.Meta{Title: c.typ + " test", Description: "Golden test of " + c.typ, Lang: "en"},
		Nodes: map[string]*doc.Node{"root": {ID: "root", Type: "Page"}}}
	parent := "root"
	if c.wrap != "" {
		props := map[string]any{}
		if c.wrap == "Form" {
			props["formId"] = "test"
		}
		d.Nodes["w"] = &doc.Node{ID: "w", Type: c.wrap, Parent: "root", Pos: "a0", Props: props}
		parent = "w"
	}
	n := &doc.Node{ID: "n", Type: c.typ, Parent: parent, Pos: "a0", Props: obj(t, c.props)}
	if c.styles != "" {
		var s map[string]map[string]any
		if err := json.Unmarshal([]byte(c.styles), &s); err != nil {
			t.Fatal(err)
		}
		n.Styles = s
	}
	d.Nodes["n"] = n
	if c.typ == "Page" { // the page is the root
		delete(d.Nodes, "root")
		d.Root, n.Parent, n.Pos = "n", "", ""
	}
	for i, ch := range c.children {
		id := fmt.Sprintf("c%d", i)
		d.Nodes[id] = &doc.Node{ID: id, Type: ch.typ, Parent: "n", Pos: fmt.Sprintf("a%d", i), Props: obj(t, ch.props)}
	}
	return d
}

var goldenCases = []goldenCase{
	{typ: "Page"},
	{typ: "Page", props: `{"skipLinkText":"Skip to content"}`, children: []child{{"Footer", `{"text":"Small print"}`}, {"Heading", `{"text":"Title","level":1}`}, {"Navbar", `{"brand":"Brand"}`}}},
	{typ: "Section", props: `{"label":"Services","anchor":"services"}`, children: []child{{"Heading", `{"text":"Services"}`}}},
	{typ: "Section", styles: `{"base":{"background-color":"{color.background.subtle}","padding":"{space.8} 1rem"},"md":{"padding":"6rem 2rem"},"hover":{"color":"{color.primary}"},"focus":{"outline-color":"red"}}`, children: []child{{"Text", ""}}},
	{typ: "Container", children: []child{{"Text", `{"html":"<p>Inside</p>"}`}}},
	{typ: "Container", props: `{"width":"narrow"}`},
	{typ: "Stack", children: []child{{"Button", `{"text":"One"}`}, {"Button", `{"text":"Two"}`}}},
	{typ: "Stack", props: `{"direction":"horizontal","wrap":true,"align":"center","gap":"{space.4}"}`, children: []child{{"Icon", `{"name":"check"}`}, {"Text", `{"html":"<p>Done</p>"}`}}},
	{typ: "Columns", children: []child{{"Card", `{"title":"A"}`}, {"Card", `{"title":"B"}`}, {"Card", `{"title":"C"}`}}},
	{typ: "Columns", props: `{"count":2,"countMd":0,"countLg":4,"gap":"2rem"}`, children: []child{{"Text", ""}, {"Text", ""}}},
	{typ: "Heading", props: `{"text":"Book your flu shot","level":1}`},
	{typ: "Heading", props: `{"text":"Small <b>print</b> & more","level":4}`, styles: `{"base":{"color":"{color.text.strong}","margin-bottom":"{space.4}"},"md":{"font-size":"{font.size.3xl}"},"lg":{"letter-spacing":0.5}}`},
	{typ: "Text", props: `{"html":"<p>Hello <strong>world</strong>, see <a href=\"https://example.org\">this</a>.</p>"}`},
	{typ: "Text", props: `{"html":"<h1 id=\"x\">Big</h1><script>alert(1)</script><p onclick=\"evil()\">Hi<img src=x onerror=alert(1)></p><a href=\"javascript:alert(1)\">bad</a><iframe src=\"https://evil\"></iframe><ul><li>one</li></ul>"}`},
	{typ: "Image", props: `{"src":"/assets/nurse.jpg","alt":"A nurse","width":800,"height":600}`},
	{typ: "Image", props: `{"src":"https://cdn.example.org/a.jpg","alt":"Clinic entrance","width":1600,"height":900,"priority":true,"variants":[{"src":"https://cdn.example.org/a-480.jpg","width":480},{"src":"https://cdn.example.org/a-960.jpg","width":960}],"sizes":"(min-width: 768px) 50vw, 100vw"}`},
	{typ: "Image", props: `{"src":"/assets/pattern.png","decorative":true,"width":100,"height":100,"caption":"Our pattern"}`},
	// An image not chosen yet: a placeholder in the editor (16:9, or the
	// given shape), nothing on a published page.
	{typ: "Image"},
	{typ: "Image", mode: render.Editor},
	{typ: "Image", props: `{"alt":"A nurse","width":800,"height":600,"caption":"Our nurse"}`, mode: render.Editor},
	{typ: "Button", props: `{"text":"Book now","href":"/book"}`},
	{typ: "Button", props: `{"text":"Open menu","variant":"secondary"}`},
	{typ: "Button", props: `{"text":"Call us","href":"tel:+441234567890","variant":"outline"}`},
	{typ: "Link", props: `{"text":"Read more","href":"#details"}`},
	{typ: "Link", props: `{"text":"Email us","href":"mailto:flu@example.org","newTab":true}`},
	{typ: "List", props: `{"items":["Bring ID","Wear a short sleeve"]}`},
	{typ: "List", props: `{"items":["Book","Come","Relax"],"ordered":true}`},
	{typ: "Divider"},
	{typ: "Divider", styles: `{"base":{"border-top-color":"{color.primary}"}}`},
	{typ: "Spacer"},
	{typ: "Spacer", props: `{"size":"{space.8}"}`},
	{typ: "Card", props: `{"title":"Riverside"}`, children: []child{{"Text", `{"html":"<p>12 River Road</p>"}`}}},
	{typ: "Card", props: `{"level":2}`, children: []child{{"Image", `{"src":"/a.jpg","alt":"A","width":10,"height":10}`}}},
	{typ: "Hero", props: `{"heading":"Book your flu shot","text":"Free for over-65s.","ctaText":"Book now","ctaHref":"#book","image":"/hero.jpg","imageAlt":"A nurse","imageWidth":1200,"imageHeight":800}`},
	{typ: "Hero", props: `{"heading":"Welcome","level":2}`},
	{typ: "Form", props: `{"formId":"contact","label":"Contact us"}`, children: []child{{"TextInput", `{"label":"Name","name":"name"}`}, {"SubmitButton", ""}}},
	{typ: "Form", props: `{"formId":"newsletter"}`, children: []child{{"Checkbox", `{"label":"Subscribe","name":"subscribe"}`}}},
	{typ: "TextInput", wrap: "Form", props: `{"label":"Email","name":"email","type":"email","required":true,"autocomplete":"email","help":"We never share it.","placeholder":"you@example.org"}`},
	{typ: "TextInput", wrap: "Form", props: `{"label":"Age","name":"age","type":"number","pattern":"[0-9]+","placeholder":"42"}`},
	{typ: "TextInput", wrap: "Form", props: `{"label":"Date","name":"when","type":"date","required":true,"placeholder":"ignored"}`},
	{typ: "Textarea", wrap: "Form", props: `{"label":"Message","name":"message"}`},
	{typ: "Textarea", wrap: "Form", props: `{"label":"Notes","name":"notes","required":true,"rows":6,"maxLength":500,"help":"Optional details."}`},
	{typ: "Select", wrap: "Form", props: `{"label":"Clinic","name":"clinic","options":[{"label":"Riverside","value":"r"},{"label":"Hillside","value":"h"}]}`},
	{typ: "Select", wrap: "Form", props: `{"label":"Country","name":"country","required":true,"autocomplete":"country","help":"Where you live.","options":[{"label":"UK","value":"gb"}]}`},
	{typ: "Checkbox", wrap: "Form", props: `{"label":"I agree","name":"agree"}`},
	{typ: "Checkbox", wrap: "Form", props: `{"label":"Remember me","name":"remember","required":true,"checked":true,"help":"On this device only."}`},
	{typ: "RadioGroup", wrap: "Form", props: `{"label":"Time","name":"time","options":[{"label":"Morning","value":"am"},{"label":"Afternoon","value":"pm"}]}`},
	{typ: "RadioGroup", wrap: "Form", props: `{"label":"Dose","name":"dose","required":true,"help":"Ask us if unsure.","options":[{"label":"First","value":"1"},{"label":"Second","value":"2"}]}`},
	{typ: "SubmitButton", wrap: "Form"},
	{typ: "SubmitButton", wrap: "Form", props: `{"text":"Book my flu shot"}`},
	{typ: "Navbar", props: `{"brand":"Riverside Health","links":[{"label":"Clinics","href":"#clinics"},{"label":"Call","href":"tel:+44123"}]}`},
	{typ: "Navbar", props: `{"brand":"Just a name","brandHref":"https://example.org/"}`},
	{typ: "Footer", props: `{"text":"© 2026 Riverside","links":[{"label":"Privacy","href":"/privacy"}]}`},
	{typ: "Footer", children: []child{{"Text", `{"html":"<p>Contact: <a href=\"mailto:a@b.org\">a@b.org</a></p>"}`}}},
	{typ: "Accordion", props: `{"items":[{"summary":"Is it free?","body":"<p>Yes.</p>"},{"summary":"Does it hurt?","body":"<p>A little.</p>"}]}`},
	{typ: "Accordion", props: `{"items":[{"summary":"Evil","body":"<p>ok</p><script>x()</script>"}]}`},
	{typ: "Tabs", props: `{"label":"Opening times","items":[{"label":"Weekdays","body":"<p>8–6</p>"},{"label":"Weekends","body":"<p>9–1</p>"}]}`},
	{typ: "Tabs", props: `{"items":[{"label":"A","body":"<p>a</p>"},{"label":"B"},{"label":"C","body":"<p>c</p>"}]}`},
	{typ: "Table", props: `{"caption":"Opening times","headers":["Day","Hours"],"rows":[["Mon","8–6"],["Sat","9–1"]]}`},
	{typ: "Table", props: `{"caption":"Prices","rowHeaders":true,"rows":[["Flu","Free"],["Travel","£30"]]}`},
	{typ: "Testimonial", props: `{"quote":"Quick and friendly.","name":"Sam","role":"Patient","avatar":"/sam.jpg"}`},
	{typ: "Testimonial", props: `{"quote":"Great.","name":"Alex"}`},
	{typ: "PricingTable", props: `{"plans":[{"name":"Basic","price":"£0","period":"per year","features":["One shot"],"ctaText":"Book","ctaHref":"/book"},{"name":"Family","price":"£20","features":["Four shots","Reminders"],"highlighted":true}]}`},
	{typ: "PricingTable", props: `{"level":2,"plans":[{"name":"Only","price":"£5"}]}`},
	{typ: "Icon", props: `{"name":"phone"}`},
	{typ: "Icon", props: `{"name":"calendar","label":"Date","size":32}`},
	{typ: "Video", props: `{"videoId":"dQw4w9WgXcQ","title":"How the flu shot works"}`},
	{typ: "Video", props: `{"videoId":"abcdefghijk","title":"Clinic tour"}`},
	{typ: "Video"},
	{typ: "Video", props: `{"title":"Clinic tour"}`, mode: render.Editor},
	{typ: "Embed", props: `{"html":"<p>Map: <a href=\"https://maps.example.org\">open</a></p>"}`},
	{typ: "Embed", props: `{"html":"<img src=\"/a.png\" alt=\"A\"><script>alert(1)</script><iframe src=\"x\"></iframe><div onmouseover=\"x()\" id=\"main\">d</div>"}`},
}

func checkGolden(t *testing.T, name, ext, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden."+ext)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/render/... -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file; diff, then rerun with -update if intended.\n--- got ---\n%s", path, got)
	}
}

func TestGoldenComponents(t *testing.T) {
	seen := map[string]int{}
	for _, c := range goldenCases {
		seen[c.typ]++
		name := fmt.Sprintf("component-%s-%d", strings.ToLower(c.typ), seen[c.typ])
		if c.mode == render.Editor {
			name += "-editor"
		}
		t.Run(name, func(t *testing.T) {
			res, err := render.Render(c.doc(t), render.Options{Tokens: tokens, Mode: c.mode})
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, name, "html", res.HTML)
			checkGolden(t, name, "css", res.CSS)
		})
	}
	for _, ty := range component.Default().List() {
		if ty.Hidden { // Instance: instance_test.go has its golden files
			continue
		}
		if seen[ty.Name] < 2 {
			t.Errorf("component %s has %d golden cases; want at least 2", ty.Name, seen[ty.Name])
		}
	}
}

func loadFlu(t testing.TB) *doc.Document {
	b, err := os.ReadFile("testdata/flu-clinic.json")
	if err != nil {
		t.Fatal(err)
	}
	d, _, err := doc.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestGoldenFluClinic(t *testing.T) {
	d := loadFlu(t)
	res, err := render.Render(d, render.Options{Tokens: tokens, StylesheetHref: "/assets/site.css"})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "page-flu-clinic", "html", res.HTML)
	checkGolden(t, "page-flu-clinic", "css", res.CSS)

	inline, err := render.Render(d, render.Options{Tokens: tokens, InlineCSS: true, Mode: render.Editor})
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "page-flu-clinic-editor-inline", "html", inline.HTML)

	for _, want := range []string{`<header class="pw-navbar">`, `<main id="main">`, `<footer class="pw-footer">`, `<html lang="en-GB">`,
		`<meta property="og:image" content="https://cdn.example.org/flu/og.jpg">`, `action="/_forms/flu-booking"`, `<link rel="stylesheet" href="/assets/site.css">`} {
		if !strings.Contains(res.HTML, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(res.HTML, "data-pw-node") {
		t.Error("published output has editor markers")
	}
	if !strings.Contains(inline.HTML, `data-pw-node="f-email"`) || !strings.Contains(inline.HTML, "<style>\n") {
		t.Error("editor output lacks data-pw-node markers or inline CSS")
	}
}

func TestDeterministic(t *testing.T) {
	d := loadFlu(t)
	first, err := render.Render(d, render.Options{Tokens: tokens})
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		again, err := render.Render(loadFlu(t), render.Options{Tokens: tokens})
		if err != nil {
			t.Fatal(err)
		}
		if again.HTML != first.HTML || again.CSS != first.CSS {
			t.Fatal("two renders of the same document differ")
		}
	}
}

func TestSubtreeFragment(t *testing.T) {
	res, err := render.Render(loadFlu(t), render.Options{Tokens: tokens, Mode: render.Editor, Subtree: "c2"})
	if err != nil {
		t.Fatal(err)
	}
	want := `<div class="pw-card" data-pw-node="c2"><h3 class="pw-card-title">Hillside</h3><div class="pw-text" data-pw-node="c2t"><p>3 Hill Street. Saturdays 9am–1pm.</p></div></div>`
	if res.HTML != want {
		t.Errorf("fragment:\n got %s\nwant %s", res.HTML, want)
	}
	if !strings.Contains(res.CSS, ".pw-card{") || strings.Contains(res.CSS, ".pw-navbar{") {
		t.Error("fragment CSS should hold only the subtree's types")
	}
	if _, err := render.Render(loadFlu(t), render.Options{Subtree: "nope"}); err == nil {
		t.Error("unknown subtree node: no error")
	}
}

func TestScriptsOnlyForUsedTypes(t *testing.T) {
	res, err := render.Render(loadFlu(t), render.Options{Tokens: tokens})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Scripts) != 0 || strings.Contains(res.HTML, "<script") {
		t.Errorf("flu page uses no scripted component, got %d scripts", len(res.Scripts))
	}
	d := goldenCase{typ: "Stack", children: []child{{"Video", `{"videoId":"dQw4w9WgXcQ","title":"T"}`}, {"Video", `{"videoId":"dQw4w9WgXcQ","title":"U"}`}, {"Tabs", `{"items":[{"label":"A"}]}`}}}.doc(t)
	res, err = render.Render(d, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Scripts) != 2 || strings.Count(res.HTML, "<script>") != 2 || strings.Count(res.CSS, ".pw-video{") != 1 {
		t.Errorf("want the Tabs and Video scripts once each and Video CSS once; got %d scripts, %d tags", len(res.Scripts), strings.Count(res.HTML, "<script>"))
	}
}

func TestUniqueIDs(t *testing.T) {
	d := goldenCase{typ: "Form", props: `{"formId":"f"}`, children: []child{
		{"TextInput", `{"label":"A","name":"email"}`}, {"TextInput", `{"label":"B","name":"email"}`},
		{"TextInput", `{"label":"C","name":"email-2"}`}, {"Section", `{"anchor":"main"}`}}}.doc(t)
	res, err := render.Render(d, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := checkHTML(res.HTML); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{`id="f-email"`, `id="f-email-2"`, `id="f-email-2-2"`, `id="main"`, `id="main-2"`} {
		if !strings.Contains(res.HTML, id) {
			t.Errorf("missing %s", id)
		}
	}
}

// renderErr renders a one-component page and returns the error.
func renderErr(t *testing.T, c goldenCase) *render.Error {
	t.Helper()
	_, err := render.Render(c.doc(t), render.Options{Tokens: tokens})
	var re *render.Error
	if !errors.As(err, &re) {
		t.Fatalf("%s %s %s: want a *render.Error, got %v", c.typ, c.props, c.styles, err)
	}
	if re.Node != "n" {
		t.Errorf("error names node %q, want n: %v", re.Node, re)
	}
	return re
}

func TestRejectsUnsafeURLs(t *testing.T) {
	for _, href := range []string{"javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
		"data:text/html,<script>alert(1)</script>", "vbscript:x", "javascript&#58;alert(1)x:y", "http://"} {
		hj, _ := json.Marshal(href)
		for _, c := range []goldenCase{
			{typ: "Button", props: `{"text":"x","href":` + string(hj) + `}`},
			{typ: "Link", props: `{"text":"x","href":` + string(hj) + `}`},
			{typ: "Navbar", props: `{"brand":"x","links":[{"label":"ok","href":"/"},{"label":"x","href":` + string(hj) + `}]}`},
			{typ: "Hero", props: `{"heading":"x","ctaText":"Go","ctaHref":` + string(hj) + `}`},
			{typ: "Image", props: `{"src":` + string(hj) + `,"alt":"a","width":1,"height":1}`},
		} {
			re := renderErr(t, c)
			if !strings.HasPrefix(re.Field, "props.") {
				t.Errorf("%s href %q: error field %q should name the prop", c.typ, href, re.Field)
			}
		}
	}
	re := renderErr(t, goldenCase{typ: "Navbar", props: `{"brand":"x","links":[{"label":"ok","href":"/"},{"label":"x","href":"javascript:x"}]}`})
	if re.Field != "props.links[1].href" {
		t.Errorf("field = %q, want props.links[1].href", re.Field)
	}
}

func TestRichTextNeutralised(t *testing.T) {
	evil := `<p>hi</p><script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)" onclick="x()">a</a><svg onload=alert(1)></svg><iframe src="https://evil"></iframe><style>*{}</style><p style="background:url(javascript:x)">s</p>`
	ej, _ := json.Marshal(evil)
	for _, c := range []goldenCase{
		{typ: "Text", props: `{"html":` + string(ej) + `}`},
		{typ: "Embed", props: `{"html":` + string(ej) + `}`},
		{typ: "Accordion", props: `{"items":[{"summary":"s","body":` + string(ej) + `}]}`},
		{typ: "Tabs", props: `{"items":[{"label":"s","body":` + string(ej) + `}]}`},
		{typ: "Heading", props: `{"text":` + string(ej) + `}`},
	} {
		res, err := render.Render(c.doc(t), render.Options{})
		if err != nil {
			t.Fatal(err)
		}
		low := strings.ToLower(res.HTML)
		bads := []string{"<script>alert", "onerror", "onclick", "onload", "javascript:", "<iframe", "<style>*", "style="}
		if c.typ == "Heading" { // plain text: everything is escaped, so only tags matter
			bads = []string{"<script", "<img", "<iframe", "<svg", "<style"}
		}
		for _, bad := range bads {
			if strings.Contains(low, bad) {
				t.Errorf("%s: output contains %q", c.typ, bad)
			}
		}
		if err := checkHTML(res.HTML); err != nil {
			t.Errorf("%s: %v", c.typ, err)
		}
	}
}

func TestRejectsCSSInjection(t *testing.T) {
	cases := []struct{ styles, field string }{
		{`{"base":{"color":"red;}</style><script>alert(1)</script>"}}`, "styles.base.color"},
		{`{"base":{"color":"red} body{display:none"}}`, "styles.base.color"},
		{`{"base":{"background":"url(javascript:alert(1))"}}`, "styles.base.background"},
		{`{"base":{"background":"URL( 'JavaScript:alert(1)' )"}}`, "styles.base.background"},
		{`{"base":{"background":"url(data:image/svg+xml;base64,xx)"}}`, "styles.base.background"},
		{`{"hover":{"width":"expression(alert(1))"}}`, "styles.hover.width"},
		{`{"md":{"width":"exp/**/ression(alert(1))"}}`, "styles.md.width"},
		{`{"base":{"content":"\"unclosed"}}`, "styles.base.content"},
		{`{"base":{"color":"\\72 ed"}}`, "styles.base.color"},
		{`{"base":{"color:red;x":"blue"}}`, "styles.base.color:red;x"},
		{`{"base":{"--evil":"x"}}`, "styles.base.--evil"},
		{`{"base":{"behavior":"url(x.htc)"}}`, ""},
		{`{"base":{"color":"{color.nope}"}}`, "styles.base.color"},
		{`{"base":{"color":"{color.text.default"}}`, "styles.base.color"},
		{`{"base":{"color":true}}`, "styles.base.color"},
		{`{"xxl":{"color":"red"}}`, "styles.xxl"},
		{`{"base":{"background-image":"-webkit-image-set(\"x.png\" 1x)"}}`, "styles.base.background-image"},
	}
	for _, c := range cases {
		re := renderErr(t, goldenCase{typ: "Heading", styles: c.styles})
		if c.field != "" && re.Field != c.field {
			t.Errorf("%s: field %q, want %q (%v)", c.styles, re.Field, c.field, re)
		}
	}
	// Safe values pass.
	ok := goldenCase{typ: "Heading", styles: `{"base":{"font-family":"\"Inter\", sans-serif","background":"url(\"/img/a.png\") no-repeat","margin":"0 auto","-webkit-line-clamp":3,"color":"{color.text.default}"}}`}
	res, err := render.Render(ok.doc(t), render.Options{Tokens: tokens})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.CSS, `.pw-n-n{-webkit-line-clamp:3;background:url("/img/a.png") no-repeat;color:var(--pw-color-text-default);font-family:"Inter", sans-serif;margin:0 auto}`) {
		t.Errorf("CSS:\n%s", res.CSS)
	}
}

func TestErrorsNameTheNode(t *testing.T) {
	re := renderErr(t, goldenCase{typ: "Marquee"})
	if !strings.Contains(re.Error(), `"Marquee"`) || !strings.Contains(re.Error(), `node "n"`) {
		t.Errorf("unknown type error: %v", re)
	}
	re = renderErr(t, goldenCase{typ: "Heading", props: `{"text":"x","level":9}`})
	if re.Field != "props.level" {
		t.Errorf("bad level: %v", re)
	}
	re = renderErr(t, goldenCase{typ: "Image", props: `{"src":"/a.png","width":1,"height":1}`})
	if re.Field != "props.alt" {
		t.Errorf("missing alt: %v", re)
	}
	// A child its parent does not accept: the error names the child.
	d := goldenCase{typ: "Form", props: `{"formId":"a"}`, children: []child{{"Form", `{"formId":"b"}`}}}.doc(t)
	_, err := render.Render(d, render.Options{})
	var e *render.Error
	if !errors.As(err, &e) || e.Node != "c0" || e.Field != "parent" {
		t.Errorf("nested form: %v", err)
	}
	// Children of a type that takes none.
	d = goldenCase{typ: "Heading", children: []child{{"Text", ""}}}.doc(t)
	if _, err := render.Render(d, render.Options{}); err == nil {
		t.Error("child of Heading: no error")
	}
}

func TestBreakpointOrder(t *testing.T) {
	c := goldenCase{typ: "Heading", styles: `{"xl":{"color":"red"},"sm":{"color":"blue"},"tablet":{"color":"green"}}`}
	res, err := render.Render(c.doc(t), render.Options{Breakpoints: map[string]int{"sm": 600, "tablet": 900, "xl": 1400}})
	if err != nil {
		t.Fatal(err)
	}
	a, b, x := strings.Index(res.CSS, "(min-width:600px)"), strings.Index(res.CSS, "(min-width:900px)"), strings.Index(res.CSS, "(min-width:1400px)")
	if a < 0 || !(a < b && b < x) {
		t.Errorf("media rules out of order:\n%s", res.CSS)
	}
}

func TestGoldenFilesAreWellFormed(t *testing.T) {
	files, err := filepath.Glob("testdata/*.golden.html")
	if err != nil || len(files) < 60 {
		t.Fatalf("found %d golden HTML files (%v)", len(files), err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := checkHTML(string(b)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func TestHiddenNodesAreNotRendered(t *testing.T) {
	d := loadFlu(t)
	d.Nodes["c2"].Hidden = true
	for _, mode := range []render.Mode{render.Published, render.Editor} {
		res, err := render.Render(d, render.Options{Tokens: tokens, Mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(res.HTML, "pw-card-title\">Hillside") || strings.Contains(res.HTML, "3 Hill Street") {
			t.Errorf("mode %d: a hidden node or its subtree was rendered", mode)
		}
	}
}
