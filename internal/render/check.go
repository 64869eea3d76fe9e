package render

import (
	"slices"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/render/component"
)

// Problem is one reason a document cannot be saved, located at a node's
// field (e.g. "nodes.h1.props.level").
type Problem struct {
	Location string
	Message  string
}

// CheckDocument checks a structurally valid document against the component
// registry: every node's type exists, its props pass the type's schema, and
// the parent accepts it as a child; meta.ogImage, when set, is an http(s)
// or relative URL or an asset reference. Asset references ("asset:<id>")
// are checked for their form only: whether the asset exists is for the
// render that has the site's asset library. Problems come sorted by
// location.
func CheckDocument(d *doc.Document, reg *component.Registry) []Problem {
	if reg == nil {
		reg = component.Default()
	}
	var out []Problem
	if og := d.Meta.OGImage; og != "" {
		if id, ok := component.AssetRef(og); ok {
			if !component.ValidAssetID(id) {
				out = append(out, Problem{"meta.ogImage", "must name an asset as asset:<id> (letters, digits and '-', at most 64)"})
			}
		} else if _, ok := component.SafeImageURL(og); !ok {
			out = append(out, Problem{"meta.ogImage", "must be an http(s) or relative URL, or asset:<id>"})
		}
	}
	for id, n := range d.Nodes {
		loc := "nodes." + id
		if _, ok := reg.Get(n.Type); !ok {
			out = append(out, Problem{loc + ".type", "unknown component type " + quote(n.Type)})
			continue
		}
		for _, fe := range reg.ValidateProps(n.Type, n.Props) {
			out = append(out, Problem{loc + "." + fe.Path, fe.Message})
		}
		if id == d.Root {
			if n.Type != "Page" {
				out = append(out, Problem{loc + ".type", "the root must be a Page"})
			}
			continue
		}
		if p := d.Nodes[n.Parent]; p != nil && !reg.Allowed(p.Type, n.Type) {
			out = append(out, Problem{loc + ".parent", "a " + p.Type + " cannot contain a " + n.Type})
		}
	}
	slices.SortFunc(out, func(a, b Problem) int {
		if a.Location < b.Location {
			return -1
		}
		if a.Location > b.Location {
			return 1
		}
		return 0
	})
	return out
}

func quote(s string) string { return "“" + s + "”" }

// SanitizeRichText cleans every top-level rich-text prop of d in place (the
// same policy the renderer applies on output) and reports whether anything
// changed, so that stored documents never hold scripts or event handlers.
func SanitizeRichText(d *doc.Document, reg *component.Registry) bool {
	if reg == nil {
		reg = component.Default()
	}
	changed := false
	for _, n := range d.Nodes {
		t, ok := reg.Get(n.Type)
		if !ok {
			continue
		}
		for _, p := range t.Props.Props {
			if p.Control != component.ControlRichText {
				continue
			}
			if v, ok := n.Props[p.Name].(string); ok {
				if clean := string(component.SanitizeRichText(v)); clean != v {
					n.Props[p.Name] = clean
					changed = true
				}
			}
		}
	}
	return changed
}
