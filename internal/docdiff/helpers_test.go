package docdiff

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/doc"
)

// baseJSON is the page most table tests start from:
//
//	root Page
//	  hero Section "Hero"
//	    h1 Heading "Book your flu shot"
//	    p1 Text "Open weekdays"
//	  sec Section
//	    img Image alt "Nurse"
//	    btn Button "Book"
//	  foot Section "Footer"
//	    small Text "© Clinic"
const baseJSON = `{"schemaVersion":1,"root":"root","meta":{"title":"Flu clinic","lang":"en"},"nodes":{
"root":{"id":"root","type":"Page"},
"hero":{"id":"hero","type":"Section","parent":"root","pos":"a0","label":"Hero"},
"h1":{"id":"h1","type":"Heading","parent":"hero","pos":"a0","props":{"text":"Book your flu shot","level":1},"styles":{"base":{"color":"{color.text}"},"md":{"font-size":"{font.size.3xl}"}}},
"p1":{"id":"p1","type":"Text","parent":"hero","pos":"a1","props":{"text":"Open weekdays"}},
"sec":{"id":"sec","type":"Section","parent":"root","pos":"a1"},
"img":{"id":"img","type":"Image","parent":"sec","pos":"a0","props":{"alt":"Nurse"}},
"btn":{"id":"btn","type":"Button","parent":"sec","pos":"a1","props":{"text":"Book"}},
"foot":{"id":"foot","type":"Section","parent":"root","pos":"a2","label":"Footer"},
"small":{"id":"small","type":"Text","parent":"foot","pos":"a0","props":{"text":"© Clinic"}}}}`

// parse decodes and checks a document.
func parse(t testing.TB, s string) *doc.Document {
	t.Helper()
	d, _, err := doc.Parse([]byte(s))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return d
}

// clone copies a document deeply enough for Apply: Apply never mutates
// nodes in place, so sharing them is safe.
func clone(d *doc.Document) *doc.Document {
	c := *d
	c.Nodes = maps.Clone(d.Nodes)
	return &c
}

// edit applies ops (a JSON array) to a copy of d.
func edit(t testing.TB, d *doc.Document, ops string) *doc.Document {
	t.Helper()
	c := clone(d)
	if ops == "" {
		return c
	}
	var o []doc.Op
	if err := json.Unmarshal([]byte(ops), &o); err != nil {
		t.Fatalf("ops %s: %v", ops, err)
	}
	if err := doc.Apply(c, o, nil); err != nil {
		t.Fatalf("apply %s: %v", ops, err)
	}
	return c
}

func mustJSON(t testing.TB, d *doc.Document) string {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// valid fails unless d passes Check and, serialised, Validate.
func valid(t testing.TB, d *doc.Document) {
	t.Helper()
	if err := doc.Check(d); err != nil {
		t.Fatalf("invalid document: %v\n%s", err, mustJSON(t, d))
	}
	if _, err := doc.Validate([]byte(mustJSON(t, d))); err != nil {
		t.Fatalf("document does not validate: %v", err)
	}
}

// expect checks statements about a document, one per line:
//
//	id absent | id present
//	id.parent=p  id.label=x  id.type=x  id.hidden=true
//	id.props.k=v  id.styles.bp.prop=v  id.bind.k=v   (v in JSON, or a bare string; "-" for absent)
//	kids id=a,b,c         the children in order
//	meta.title=x
func expect(t testing.TB, d *doc.Document, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if kids, ok := strings.CutPrefix(l, "kids "); ok {
			id, want, _ := strings.Cut(kids, "=")
			if got := strings.Join(doc.Children(d, id), ","); got != want {
				t.Errorf("%s: children are %s", l, got)
			}
			continue
		}
		if id, ok := strings.CutSuffix(l, " absent"); ok {
			if d.Nodes[id] != nil {
				t.Errorf("%s: it is there", l)
			}
			continue
		}
		if id, ok := strings.CutSuffix(l, " present"); ok {
			if d.Nodes[id] == nil {
				t.Errorf("%s: it is not", l)
			}
			continue
		}
		lhs, want, _ := strings.Cut(l, "=")
		var got any
		segs := strings.Split(lhs, ".")
		if segs[0] == "meta" {
			b, _ := json.Marshal(d.Meta)
			var m map[string]any
			_ = json.Unmarshal(b, &m)
			got = m[segs[1]]
		} else {
			n := d.Nodes[segs[0]]
			if n == nil {
				t.Errorf("%s: no node %s", l, segs[0])
				continue
			}
			switch segs[1] {
			case "parent":
				got = n.Parent
			case "label":
				got = n.Label
			case "type":
				got = n.Type
			case "hidden":
				got = n.Hidden
			case "locked":
				got = n.Locked
			case "props":
				got = n.Props[segs[2]]
			case "bind":
				got = n.Bind[segs[2]]
			case "styles":
				got = n.Styles[segs[2]][segs[3]]
			}
		}
		var w any
		switch {
		case want == "-":
			w = nil
		case json.Unmarshal([]byte(want), &w) != nil:
			w = want
		}
		if !jsonEqual(got, w) {
			if s, ok := got.(string); !(ok && s == "" && w == nil) {
				t.Errorf("%s: got %v", l, got)
			}
		}
	}
}

// gen makes random documents and random edits to them for the property
// and fuzz tests.
type gen struct {
	r      *rand.Rand
	prefix string // for new node ids, so two sides never pick the same
	next   int
}

var (
	genTypes  = []string{"Section", "Text", "Heading", "Image", "Button"}
	genTexts  = []any{"Hello", "Book now", "Open weekdays", "Walk-ins welcome", nil}
	genStyles = []any{"red", "{color.brand}", 4.0, "0 auto", nil}
	genLabels = []any{"Hero", "Intro", "Call to action", nil}
	genBP     = []string{"base", "md", "hover"}
	genProps  = []string{"color", "margin", "font-size"}
)

func (g *gen) pick(s []any) any { return s[g.r.IntN(len(s))] }

func (g *gen) id() string {
	g.next++
	return g.prefix + strconv.Itoa(g.next)
}

// randomNode returns a node with random content, including the awkward
// values: props present but null, empty breakpoints, non-scalar styles.
func (g *gen) randomNode(id string) *doc.Node {
	n := &doc.Node{ID: id, Type: genTypes[g.r.IntN(len(genTypes))]}
	if g.r.IntN(3) > 0 {
		n.Props = map[string]any{"text": g.pick(genTexts[:4])}
	}
	switch g.r.IntN(8) {
	case 0:
		n.Props = map[string]any{"note": nil, "items": []any{1.0, "two"}}
	case 1:
		n.Styles = map[string]map[string]any{"hover": {}}
	case 2:
		n.Styles = map[string]map[string]any{"base": {"color": "red", "flag": true}}
	case 3:
		n.Styles = map[string]map[string]any{"md": {"margin": 4.0, "gap": nil}}
	case 4:
		n.Bind = map[string]any{"text": map[string]any{"source": "integration/x/y", "path": "$.a"}}
	case 5:
		n.Label, n.Hidden = "Card", true
	case 6:
		n.Locked = true
	}
	return n
}

// place picks a random spot among parent's children in d.
func (g *gen) place(d *doc.Document, parent, self string) string {
	kids := slices.DeleteFunc(doc.Children(d, parent), func(k string) bool { return k == self })
	i := g.r.IntN(len(kids) + 1)
	lo, hi := "", ""
	if i > 0 {
		lo = d.Nodes[kids[i-1]].Pos
	}
	if i < len(kids) {
		hi = d.Nodes[kids[i]].Pos
	}
	if lo == hi { // equal keys: siblings clash; go after both
		hi = ""
	}
	k, err := doc.KeyBetween(lo, hi)
	if err != nil {
		k, _ = doc.KeyBetween(lo, "")
	}
	return k
}

// randomParent picks any node of d.
func (g *gen) randomParent(d *doc.Document) string {
	ids := slices.Sorted(maps.Keys(d.Nodes))
	return ids[g.r.IntN(len(ids))]
}

// randomNonRoot picks a node other than the root, or "".
func (g *gen) randomNonRoot(d *doc.Document) string {
	ids := slices.DeleteFunc(slices.Sorted(maps.Keys(d.Nodes)), func(id string) bool { return id == d.Root })
	if len(ids) == 0 {
		return ""
	}
	return ids[g.r.IntN(len(ids))]
}

// randomDoc builds a document of n nodes by random inserts, with ids from
// ids(i).
func (g *gen) randomDoc(n int, ids func(i int) string) *doc.Document {
	d, _, err := doc.Parse(doc.New("Flu clinic"))
	if err != nil {
		panic(err)
	}
	for i := 0; i < n; i++ {
		id := ids(i)
		if d.Nodes[id] != nil {
			continue
		}
		node := g.randomNode(id)
		node.Parent = g.randomParent(d)
		node.Pos = g.place(d, node.Parent, "")
		if err := doc.Apply(d, []doc.Op{{Op: doc.OpInsert, NodeValue: node}}, nil); err != nil {
			panic(err)
		}
	}
	return d
}

// randomEdits applies k random ops to a copy of d, one at a time
// (skipping any Apply rejects), and returns the result with the set of
// things each op touched: a set its node (or "meta/<field>"), an insert
// the new node and its parent, a delete the whole subtree, a move the node,
// its new parent and that parent's ancestors below the root.
func (g *gen) randomEdits(d *doc.Document, k int) (*doc.Document, map[string]bool) {
	d = clone(d)
	touched := map[string]bool{}
	for range k {
		var op doc.Op
		var touch []string
		id := g.randomNonRoot(d)
		kind := g.r.IntN(12)
		if id == "" && kind >= 8 {
			kind = 0
		}
		target := id
		if kind < 8 && g.r.IntN(6) == 0 {
			target = d.Root
		}
		set := func(path string, v any) {
			op = doc.Op{Op: doc.OpSet, Node: target, Path: path, Value: raw(v)}
			touch = []string{target}
		}
		switch kind {
		case 0:
			set("props/text", g.pick(genTexts))
		case 1:
			set("styles/"+genBP[g.r.IntN(len(genBP))]+"/"+genProps[g.r.IntN(len(genProps))], g.pick(genStyles))
		case 2:
			set("label", g.pick(genLabels))
		case 3:
			if g.r.IntN(2) == 0 {
				set("hidden", g.r.IntN(2) == 0)
			} else {
				set("locked", g.r.IntN(2) == 0)
			}
		case 4:
			if g.r.IntN(2) == 0 {
				set("bind/text", map[string]any{"source": "integration/x/y", "path": "$.b"})
			} else {
				set("bind/text", nil)
			}
		case 5:
			switch g.r.IntN(3) {
			case 0:
				set("styles/hover", map[string]any{})
			case 1:
				set("styles/md", nil)
			default:
				set("props/level", float64(g.r.IntN(3)+1))
			}
		case 6:
			f := []string{"title", "lang", "description"}[g.r.IntN(3)]
			op = doc.Op{Op: doc.OpSet, Path: "meta/" + f, Value: raw(g.pick([]any{"Flu", "Clinic", "fr", nil}))}
			touch = []string{"meta/" + f}
		case 7, 8:
			n := g.randomNode(g.id())
			n.Parent = g.randomParent(d)
			n.Pos = g.place(d, n.Parent, "")
			op = doc.Op{Op: doc.OpInsert, Node: n.ID, NodeValue: n}
			touch = []string{n.ID, n.Parent}
		case 9:
			op = doc.Op{Op: doc.OpDelete, Node: id}
			touch = doc.Subtree(d, id)
		default:
			p := g.randomParent(d)
			if g.r.IntN(3) == 0 {
				p = d.Nodes[id].Parent // reorder among the same siblings
			}
			op = doc.Op{Op: doc.OpMove, Node: id, Parent: p, Pos: g.place(d, p, id)}
			touch = []string{id}
			for a := p; a != d.Root && a != ""; a = d.Nodes[a].Parent {
				touch = append(touch, a)
			}
		}
		if err := doc.Apply(d, []doc.Op{op}, nil); err != nil {
			continue
		}
		for _, x := range touch {
			touched[x] = true
		}
	}
	return d, touched
}

// describe prints a document compactly for failure messages.
func describe(d *doc.Document) string {
	var b strings.Builder
	var walk func(id string, depth int)
	idx := doc.ChildIndex(d)
	walk = func(id string, depth int) {
		n := d.Nodes[id]
		fmt.Fprintf(&b, "%s%s %s pos=%s %v\n", strings.Repeat("  ", depth), id, n.Type, n.Pos, n.Props)
		for _, k := range idx[id] {
			walk(k, depth+1)
		}
	}
	walk(d.Root, 0)
	return b.String()
}
