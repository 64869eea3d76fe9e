package render_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/render"
	"github.com/pagewright/pagewright/internal/render/component"
	"golang.org/x/net/html"
)

// FuzzRender renders a page holding one component of a fuzzed type with
// fuzzed props and styles (with an asset library at hand). Rendering may fail, but must never panic, and
// successful output must carry no <script> beyond the component scripts, no
// javascript: URL and no event-handler attribute.
func FuzzRender(f *testing.F) {
	for _, c := range goldenCases {
		f.Add(c.typ, c.props, c.styles)
	}
	f.Add("Button", `{"text":"x","href":"javascript:alert(1)"}`, `{"base":{"color":"red;}<script>"}}`)
	f.Add("Text", `{"html":"<script>alert(1)</script><img src=x onerror=alert(1)>"}`, `{"hover":{"background":"url(javascript:x)"}}`)
	f.Add("Link", `{"text":"<script>","href":"JAVASCRIPT:x"}`, `{"md":{"width":"expression(1)"}}`)
	for _, c := range assetCases {
		f.Add(c.typ, c.props, c.styles)
	}
	types := component.Default().List()
	f.Fuzz(func(t *testing.T, typ, props, styles string) {
		var p map[string]any
		var s map[string]map[string]any
		_ = json.Unmarshal([]byte(props), &p)
		_ = json.Unmarshal([]byte(styles), &s)
		if len(typ) == 1 { // a short name picks a type, so the fuzzer reaches them all
			typ = types[int(typ[0])%len(types)].Name
		}
		d := &doc.Document{SchemaVersion: 1, Root: "root", Meta: doc.Meta{Title: typ},
			Nodes: map[string]*doc.Node{
				"root": {ID: "root", Type: "Page"},
				"n":    {ID: "n", Type: typ, Parent: "root", Pos: "a0", Props: p, Styles: s},
				"c":    {ID: "c", Type: "Text", Parent: "n", Pos: "a0", Props: p},
			}}
		res, err := render.Render(d, render.Options{Tokens: tokens, Assets: assets})
		if err != nil {
			return
		}
		if got := strings.Count(strings.ToLower(res.HTML), "<script"); got != len(res.Scripts) {
			t.Fatalf("%d <script> tags for %d component scripts:\n%s", got, len(res.Scripts), res.HTML)
		}
		if strings.Contains(strings.ToLower(res.CSS), "javascript:") || strings.Contains(res.CSS, "</") {
			t.Fatalf("unsafe CSS:\n%s", res.CSS)
		}
		z := html.NewTokenizer(strings.NewReader(res.HTML))
		for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
			for _, a := range z.Token().Attr {
				v := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
				if strings.HasPrefix(a.Key, "on") || strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:") || strings.HasPrefix(v, "vbscript:") {
					t.Fatalf("unsafe attribute %s=%q in\n%s", a.Key, a.Val, res.HTML)
				}
			}
		}
	})
}

// genDoc builds a page of about n nodes: sections, each with a heading and
// columns of cards holding text and a button.
func genDoc(n int) *doc.Document {
	d := &doc.Document{SchemaVersion: 1, Root: "root", Meta: doc.Meta{Title: "Bench", Lang: "en"},
		Nodes: map[string]*doc.Node{"root": {ID: "root", Type: "Page"}}}
	add := func(id, typ, parent string, pos int, props map[string]any, styles map[string]map[string]any) {
		d.Nodes[id] = &doc.Node{ID: id, Type: typ, Parent: parent, Pos: fmt.Sprintf("a%05d", pos), Props: props, Styles: styles}
	}
	for s := 0; len(d.Nodes) < n; s++ {
		sec := fmt.Sprintf("s%d", s)
		add(sec, "Section", "root", s, map[string]any{"label": "Section " + sec}, nil)
		add(sec+"h", "Heading", sec, 0, map[string]any{"text": "Heading " + sec, "level": 2},
			map[string]map[string]any{"base": {"color": "{color.text.strong}"}, "md": {"font-size": "2rem"}})
		add(sec+"c", "Columns", sec, 1, map[string]any{"count": 1, "countMd": 3}, nil)
		for c := 0; c < 6 && len(d.Nodes) < n; c++ {
			card := fmt.Sprintf("%sc%d", sec, c)
			add(card, "Card", sec+"c", c, map[string]any{"title": "Card " + card}, nil)
			add(card+"t", "Text", card, 0, map[string]any{"html": "<p>Some <strong>text</strong> for " + card + ".</p>"}, nil)
			add(card+"b", "Button", card, 1, map[string]any{"text": "More", "href": "/more/" + card}, map[string]map[string]any{"hover": {"background-color": "{color.primary}"}})
		}
	}
	return d
}

func benchRender(b *testing.B, n int) {
	d := genDoc(n)
	opts := render.Options{Tokens: tokens}
	if _, err := render.Render(d, opts); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := render.Render(d, opts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(d.Nodes))*float64(b.N)/b.Elapsed().Seconds(), "nodes/s")
}

// BenchmarkRender1k renders a generated 1,000-node page (goal: ≤ 1 ms).
func BenchmarkRender1k(b *testing.B) { benchRender(b, 1000) }

// BenchmarkRender10k renders a generated 10,000-node page (goal: ≥ 1,000,000 nodes/s).
func BenchmarkRender10k(b *testing.B) { benchRender(b, 10000) }
