// Package versiontest makes realistic page documents and small edits for
// version history tests and benchmarks: sections of headings, varied
// paragraphs, images, buttons and links, all valid for the built-in
// components, so the API accepts them too.
package versiontest

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/pagewright/pagewright/internal/doc"
)

var words = strings.Fields(`flu clinic vaccine appointment nurse doctor weekday weekend morning evening booking
	parking entrance reception pharmacy children adults seniors pregnancy allergy insurance referral waiting
	room ward visiting hours emergency urgent care family health screening blood pressure diabetes heart
	lung kidney therapy physio dental eye hearing mental wellbeing support group volunteer donate research
	trial consent privacy record portal results prescription repeat refill phone email address map bus
	train cycle accessible wheelchair interpreter language translation leaflet download form guidance`)

// Sentence is n pseudo-random words, capitalised and ended with a full stop.
func Sentence(rng *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = words[rng.IntN(len(words))]
	}
	s := strings.Join(w, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// Document returns a valid page document of n nodes (n ≥ 5) made from
// the seed: sections, each with a container, a heading and columns of
// paragraphs, images, buttons and links.
func Document(n int, seed uint64) *doc.Document {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	d := &doc.Document{SchemaVersion: doc.SchemaVersion, Root: "root",
		Meta:  doc.Meta{Title: "Riverside flu clinic", Description: Sentence(rng, 12), Lang: "en"},
		Nodes: map[string]*doc.Node{"root": {ID: "root", Type: "Page", Props: map[string]any{}}}}
	count, section := 1, 0
	add := func(n *doc.Node) { d.Nodes[n.ID] = n; count++ }
	for count < n {
		section++
		sid := fmt.Sprintf("s%d", section)
		pos := key(section)
		add(&doc.Node{ID: sid, Type: "Section", Parent: "root", Pos: pos, Props: map[string]any{"label": Sentence(rng, 3)}, Label: "Section " + fmt.Sprint(section)})
		if count >= n {
			break
		}
		cid := sid + "c"
		add(&doc.Node{ID: cid, Type: "Container", Parent: sid, Pos: key(0), Props: map[string]any{"width": "default"}})
		if count >= n {
			break
		}
		add(&doc.Node{ID: sid + "h", Type: "Heading", Parent: cid, Pos: key(0), Props: map[string]any{"text": Sentence(rng, 5), "level": float64(2)},
			Styles: map[string]map[string]any{"base": {"margin-bottom": "1rem", "color": "#1a1a2e"}}})
		if count >= n {
			break
		}
		col := sid + "k"
		add(&doc.Node{ID: col, Type: "Columns", Parent: cid, Pos: key(1), Props: map[string]any{"count": float64(1), "countMd": float64(2), "countLg": float64(3)}})
		for i := 0; i < 21 && count < n; i++ {
			id := fmt.Sprintf("%sn%d", sid, i)
			add(leaf(rng, id, col, key(i)))
		}
	}
	return d
}

func leaf(rng *rand.Rand, id, parent, pos string) *doc.Node {
	n := &doc.Node{ID: id, Parent: parent, Pos: pos}
	switch rng.IntN(6) {
	case 0:
		n.Type = "Image"
		n.Props = map[string]any{"alt": Sentence(rng, 6), "sizes": "100vw"}
	case 1:
		n.Type = "Button"
		n.Props = map[string]any{"text": Sentence(rng, 2), "href": "https://example.org/" + words[rng.IntN(len(words))], "variant": "primary"}
	case 2:
		n.Type = "Link"
		n.Props = map[string]any{"text": Sentence(rng, 3), "href": "https://example.org/info/" + words[rng.IntN(len(words))]}
	default:
		n.Type = "Text"
		n.Props = map[string]any{"html": "<p>" + Sentence(rng, 14+rng.IntN(20)) + "</p>"}
		if rng.IntN(3) == 0 {
			n.Styles = map[string]map[string]any{"base": {"margin-bottom": "0.75rem"}, "md": {"font-size": "1.125rem"}}
		}
	}
	return n
}

// keys are valid, ordered fractional indexes for siblings.
var keys, _ = doc.NKeysBetween("", "", 400)

func key(i int) string { return keys[i] }

// Clone copies a document deeply enough for doc.Apply (which never
// mutates a node in place).
func Clone(d *doc.Document) *doc.Document {
	c := *d
	c.Nodes = maps.Clone(d.Nodes)
	return &c
}

// Edit returns a copy of d with one small edit an editor might make:
// mostly a changed paragraph, sometimes a style, a reordering, a new
// paragraph or a removed node. d is not changed.
func Edit(d *doc.Document, rng *rand.Rand) *doc.Document {
	ids := slices.Sorted(maps.Keys(d.Nodes))
	pick := func(types ...string) *doc.Node {
		for range 1000 {
			n := d.Nodes[ids[rng.IntN(len(ids))]]
			if slices.Contains(types, n.Type) {
				return n
			}
		}
		return nil
	}
	var op doc.Op
	switch r := rng.IntN(20); {
	case r < 12:
		if n := pick("Text"); n != nil {
			op = doc.Op{Op: doc.OpSet, Node: n.ID, Path: "props/html", Value: raw("<p>" + Sentence(rng, 14+rng.IntN(20)) + "</p>")}
		}
	case r < 14:
		if n := pick("Heading"); n != nil {
			op = doc.Op{Op: doc.OpSet, Node: n.ID, Path: "props/text", Value: raw(Sentence(rng, 5))}
		}
	case r < 16:
		if n := pick("Text", "Heading", "Button"); n != nil {
			op = doc.Op{Op: doc.OpSet, Node: n.ID, Path: "styles/base/margin-bottom", Value: raw(fmt.Sprintf("%drem", 1+rng.IntN(4)))}
		}
	case r < 18:
		if n := pick("Text", "Image", "Button", "Link"); n != nil {
			sibs := doc.Children(d, n.Parent)
			if k, err := doc.KeyBetween("", d.Nodes[sibs[0]].Pos); err == nil && sibs[0] != n.ID {
				op = doc.Op{Op: doc.OpMove, Node: n.ID, Parent: n.Parent, Pos: k}
			}
		}
	case r < 19:
		if n := pick("Text", "Image", "Button", "Link"); n != nil {
			sibs := doc.Children(d, n.Parent)
			if k, err := doc.KeyBetween(d.Nodes[sibs[len(sibs)-1]].Pos, ""); err == nil {
				id := fmt.Sprintf("e%d", rng.Uint64()%1_000_000_000)
				op = doc.Op{Op: doc.OpInsert, Node: id, NodeValue: &doc.Node{ID: id, Type: "Text", Parent: n.Parent, Pos: k,
					Props: map[string]any{"html": "<p>" + Sentence(rng, 12) + "</p>"}}}
			}
		}
	default:
		if n := pick("Text", "Image", "Button", "Link"); n != nil {
			op = doc.Op{Op: doc.OpDelete, Node: n.ID}
		}
	}
	if op.Op == "" {
		op = doc.Op{Op: doc.OpSet, Path: "meta/description", Value: raw(Sentence(rng, 12))}
	}
	out := Clone(d)
	if err := doc.Apply(out, []doc.Op{op}, doc.AnyChild); err != nil {
		panic(fmt.Sprintf("versiontest: edit %+v: %v", op, err))
	}
	return out
}

func raw(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// JSON encodes a document.
func JSON(d *doc.Document) []byte {
	b, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	return b
}
