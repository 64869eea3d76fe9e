package app

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/designsystem"
	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/preview"
	"github.com/pagewright/pagewright/internal/render"
	"github.com/pagewright/pagewright/internal/render/component"
)

// documents holds what a page save checks beyond the document itself: the
// site's design tokens, which style values may refer to.
type documents struct {
	// tokens returns the site's tokens; nil skips the check.
	tokens func(ctx context.Context, siteID string) (render.TokenRefs, error)
}

// siteTokens reads a site's design system for the save-time token check.
func siteTokens(ds *designsystem.Service) func(ctx context.Context, siteID string) (render.TokenRefs, error) {
	return func(ctx context.Context, siteID string) (render.TokenRefs, error) {
		d, err := ds.Get(ctx, siteID)
		if err != nil {
			return nil, err
		}
		sys, err := designsystem.System(d)
		if err != nil {
			return nil, err
		}
		return preview.Refs{System: sys}, nil
	}
}

var tokenRef = regexp.MustCompile(`\{([A-Za-z0-9._-]+)\}`)

// checkTokens names every style value of the given nodes that refers to a
// token the site's design system does not define: such a page would save
// and then fail to render.
func (dc documents) checkTokens(ctx context.Context, siteID string, ids iter.Seq[string], d *doc.Document) ([]errs.FieldError, error) {
	if dc.tokens == nil {
		return nil, nil
	}
	var refs render.TokenRefs
	var fields []errs.FieldError
	for id := range ids {
		n := d.Nodes[id]
		if n == nil {
			continue
		}
		for key, decls := range n.Styles {
			for prop, v := range decls {
				s, ok := v.(string)
				if !ok || !strings.Contains(s, "{") {
					continue
				}
				for _, m := range tokenRef.FindAllStringSubmatch(s, -1) {
					if refs == nil {
						var err error
						if refs, err = dc.tokens(ctx, siteID); err != nil {
							return nil, err
						}
					}
					if _, ok := refs.Ref(m[1]); !ok {
						fields = append(fields, errs.FieldError{Location: "body.nodes." + id + ".styles." + key + "." + prop,
							Message: fmt.Sprintf("refers to the token {%s}, which this site's design system does not define", m[1])})
					}
				}
			}
		}
	}
	return fields, nil
}

// invalidDocument is the error for a document with field problems, sorted
// so the same document always gets the same answer.
func invalidDocument(fields []errs.FieldError) error {
	slices.SortFunc(fields, func(a, b errs.FieldError) int { return strings.Compare(a.Location, b.Location) })
	return errs.Invalid("document.invalid", "The document has errors: "+fields[0].Location+" "+fields[0].Message+".", fields...)
}

// validate is what a page save checks: the document's structure
// (doc) and its components' types, props and nesting (render).
func (dc documents) validate(ctx context.Context, siteID string, b []byte, old func() ([]byte, error)) ([]byte, error) {
	d, out, err := doc.Parse(b)
	if err != nil {
		return nil, err
	}
	if err := checkEmbeds(ctx, d, old); err != nil {
		return nil, err
	}
	problems := render.CheckDocument(d, nil)
	fields := make([]errs.FieldError, 0, len(problems))
	for _, p := range problems {
		fields = append(fields, errs.FieldError{Location: "body." + p.Location, Message: p.Message})
	}
	tf, err := dc.checkTokens(ctx, siteID, maps.Keys(d.Nodes), d)
	if err != nil {
		return nil, err
	}
	fields = append(fields, tf...)
	if len(fields) > 0 {
		return nil, invalidDocument(fields)
	}
	if render.SanitizeRichText(d, nil) {
		return json.Marshal(d)
	}
	return out, nil
}

// patch applies editor ops to a stored document and checks only
// what the ops touched: the stored document passed every check when it was
// saved, doc.Apply keeps the tree valid and enforces the parent/child rules,
// so the props, rich text and Embed rules of the touched nodes are all that
// is left. An autosave therefore costs what changed, plus one decode and one
// encode of the document.
func (dc documents) patch(ctx context.Context, siteID string, old, ops []byte) ([]byte, error) {
	var list []doc.Op
	if err := json.Unmarshal(ops, &list); err != nil {
		return nil, errs.Invalid("document.ops_invalid", "The ops must be a JSON list of set, insert, delete and move ops.",
			errs.FieldError{Location: "body.ops", Message: "must be a list of op objects"})
	}
	if len(list) == 0 {
		return nil, errs.Invalid("document.ops_invalid", "Send at least one op.", errs.FieldError{Location: "body.ops", Message: "is empty"})
	}
	d, _, err := doc.Parse(old)
	if err != nil {
		return nil, err
	}
	touched := map[string]string{} // node id → its type before the ops ("" if new)
	for _, op := range list {
		if op.Node == "" {
			continue
		}
		if _, seen := touched[op.Node]; !seen {
			typ := ""
			if n := d.Nodes[op.Node]; n != nil {
				typ = n.Type
			}
			touched[op.Node] = typ
		}
	}
	before := make(map[string]*doc.Node, len(touched))
	for id := range touched {
		before[id] = d.Nodes[id]
	}
	reg := component.Default()
	if err := doc.Apply(d, list, doc.RulesFunc(reg.Allowed)); err != nil {
		return nil, err
	}
	admin := false
	if a := access.ActorFrom(ctx); a != nil && a.Role == access.RoleAdmin {
		admin = true
	}
	var fields []errs.FieldError
	for id := range touched {
		n := d.Nodes[id]
		if n == nil {
			continue // deleted
		}
		if n.Type == "Embed" && !admin {
			if o := before[id]; o == nil || o.Type != "Embed" || !reflect.DeepEqual(o.Props, n.Props) {
				return nil, &errs.Error{Kind: errs.KindForbidden, Code: "document.embed_admin_only",
					Message: "Only Admins may add or change Embed components.", Fields: []errs.FieldError{{Location: "body.nodes." + id + ".type", Message: "Embed needs an Admin"}}}
			}
		}
		for _, fe := range reg.ValidateProps(n.Type, n.Props) {
			fields = append(fields, errs.FieldError{Location: "body.nodes." + id + "." + fe.Path, Message: fe.Message})
		}
		sanitizeNode(reg, n)
	}
	tf, err := dc.checkTokens(ctx, siteID, maps.Keys(touched), d)
	if err != nil {
		return nil, err
	}
	fields = append(fields, tf...)
	if len(fields) > 0 {
		return nil, invalidDocument(fields)
	}
	out, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	if len(out) > doc.MaxBytes {
		return nil, &errs.Error{Kind: errs.KindTooLarge, Code: "document.too_large", Message: fmt.Sprintf("The document would be larger than %d MiB.", doc.MaxBytes>>20)}
	}
	return out, nil
}

// sanitizeNode cleans a node's rich-text props in place, as a full save
// does for every node. The node is the copy doc.Apply made, so the stored
// original is untouched.
func sanitizeNode(reg *component.Registry, n *doc.Node) {
	t, ok := reg.Get(n.Type)
	if !ok {
		return
	}
	for _, p := range t.Props.Props {
		if p.Control != component.ControlRichText {
			continue
		}
		if v, ok := n.Props[p.Name].(string); ok {
			if clean := string(component.SanitizeRichText(v)); clean != v {
				props := maps.Clone(n.Props)
				props[p.Name] = clean
				n.Props = props
			}
		}
	}
}

// checkEmbeds lets only Admins add or change Embed components: their HTML
// is sanitised, but it is still HTML from outside. Editors may keep the
// ones an Admin placed, untouched.
func checkEmbeds(ctx context.Context, d *doc.Document, old func() ([]byte, error)) error {
	if a := access.ActorFrom(ctx); a != nil && a.Role == access.RoleAdmin {
		return nil
	}
	var prev *doc.Document
	for id, n := range d.Nodes {
		if n.Type != "Embed" {
			continue
		}
		if prev == nil {
			b, err := old()
			if err != nil {
				return err
			}
			if prev, _, err = doc.Parse(b); err != nil {
				prev = &doc.Document{}
			}
		}
		if o := prev.Nodes[id]; o == nil || o.Type != "Embed" || !reflect.DeepEqual(o.Props, n.Props) {
			return &errs.Error{Kind: errs.KindForbidden, Code: "document.embed_admin_only",
				Message: "Only Admins may add or change Embed components.", Fields: []errs.FieldError{{Location: "body.nodes." + id + ".type", Message: "Embed needs an Admin"}}}
		}
	}
	return nil
}
