package symbol

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/render/component"
)

// InstanceType is the node type that places a component on a page:
// {"type":"Instance","props":{"component":"<id>@<version>","overrides":{…}}}.
const InstanceType = "Instance"

var (
	keyRe = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9]{0,39}$`)
	// idRe is the form of a component id: a lowercase UUID.
	idRe = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
)

// ValidID reports whether id has the form of a component id.
func ValidID(id string) bool { return idRe.MatchString(id) }

// FormatRef formats a component version reference, "<id>@<version>".
func FormatRef(id, version string) string { return id + "@" + version }

// ParseRef splits "<id>@<version>"; ok is false unless both parts are
// well-formed.
func ParseRef(ref string) (id string, v Semver, ok bool) {
	id, ver, found := strings.Cut(ref, "@")
	if !found || !ValidID(id) {
		return "", Semver{}, false
	}
	v, ok = ParseSemver(ver)
	return id, v, ok
}

// instance is one Instance node of a document.
type instance struct {
	node      string
	ref       string // as written
	id        string // "" when ref is malformed
	version   string
	overrides map[string]any
	badShape  string // why props.overrides is unusable, if it is
}

// instances returns the Instance nodes of d, sorted by node id.
func instances(d *doc.Document) []instance {
	var out []instance
	for id, n := range d.Nodes {
		if n == nil || n.Type != InstanceType {
			continue
		}
		in := instance{node: id}
		in.ref, _ = n.Props["component"].(string)
		if cid, v, ok := ParseRef(in.ref); ok {
			in.id, in.version = cid, v.String()
		}
		switch o := n.Props["overrides"].(type) {
		case nil:
		case map[string]any:
			in.overrides = o
		default:
			in.badShape = "must be an object of exposed prop values by key"
		}
		out = append(out, in)
	}
	slices.SortFunc(out, func(a, b instance) int { return strings.Compare(a.node, b.node) })
	return out
}

// Refs counts the Instance nodes of a stored page document by component
// id and version, for usage reports. It reads only what it needs, without
// checking the document (stored documents were checked when saved).
func Refs(docJSON []byte) (map[string]map[string]int, error) {
	var d struct {
		Nodes map[string]struct {
			Type  string `json:"type"`
			Props struct {
				Component string `json:"component"`
			} `json:"props"`
		} `json:"nodes"`
	}
	if err := json.Unmarshal(docJSON, &d); err != nil {
		return nil, err
	}
	out := map[string]map[string]int{}
	for _, n := range d.Nodes {
		if n.Type != InstanceType {
			continue
		}
		id, v, ok := ParseRef(n.Props.Component)
		if !ok {
			continue
		}
		if out[id] == nil {
			out[id] = map[string]int{}
		}
		out[id][v.String()]++
	}
	return out, nil
}

// ExposedInput is an exposed prop as the client sends it; the server
// works out its type from the component type's schema.
type ExposedInput struct {
	Key   string `json:"key" maxLength:"40" doc:"Unique within the component: a letter, then letters and digits" example:"title"`
	Node  string `json:"node" maxLength:"64" doc:"The id of a node inside the component's document"`
	Prop  string `json:"prop" maxLength:"64" doc:"A top-level prop of that node's component type" example:"text"`
	Label string `json:"label,omitempty" maxLength:"400" doc:"What the property panel shows (default: the key); up to 100 characters"`
}

// MaxExposed is the most props a component exposes.
const MaxExposed = 50

// checkComponentDoc checks the shape of a component version's document
// (parsed, already cleaned by the page validator): the root Page has
// exactly one child, which is the component's top node.
func checkComponentDoc(d *doc.Document) []errs.FieldError {
	kids := doc.Children(d, d.Root)
	if len(kids) != 1 {
		return []errs.FieldError{{Location: "body.document.nodes." + d.Root, Message: fmt.Sprintf(
			"must have exactly one child, the component's top node (it has %d)", len(kids))}}
	}
	return nil
}

// checkExposed checks the exposed props against the document and returns
// them with their types from the component types' schemas.
func checkExposed(reg *component.Registry, d *doc.Document, in []ExposedInput) ([]Exposed, []errs.FieldError) {
	var fe []errs.FieldError
	if len(in) > MaxExposed {
		return nil, []errs.FieldError{errs.Field("exposed", fmt.Sprintf("Expose at most %d props.", MaxExposed), len(in))}
	}
	out := make([]Exposed, 0, len(in))
	keys := map[string]bool{}
	targets := map[string]string{}
	for i, e := range in {
		at := fmt.Sprintf("exposed[%d]", i)
		bad := func(field, msg string, v any) { fe = append(fe, errs.Field(at+"."+field, msg, v)) }
		key := e.Key
		switch {
		case !keyRe.MatchString(key):
			bad("key", "Use a letter, then up to 39 letters and digits.", key)
		case keys[strings.ToLower(key)]:
			bad("key", "Another exposed prop already uses this key.", key)
		}
		keys[strings.ToLower(key)] = true
		label := strings.TrimSpace(e.Label)
		if label == "" {
			label = key
		}
		if !utf8.ValidString(label) || utf8.RuneCountInString(label) > 100 {
			bad("label", "Keep the label to 100 characters.", nil)
		}
		n := d.Nodes[e.Node]
		if n == nil {
			bad("node", "There is no node with this id in the component.", e.Node)
			continue
		}
		if e.Node == d.Root {
			bad("node", "The page root is not part of the component: expose a prop of a node inside it.", e.Node)
			continue
		}
		if n.Type == InstanceType {
			bad("node", "Props of a nested component cannot be exposed again: expose a prop of a node of this component.", e.Node)
			continue
		}
		if n.Type == "Embed" {
			// Only Admins may change Embed HTML; an override on an instance
			// would let anyone who edits a page change it.
			bad("node", "The props of an Embed cannot be exposed: only Admins may change embedded HTML.", e.Node)
			continue
		}
		t, ok := reg.Get(n.Type)
		if !ok {
			bad("node", "The node's component type “"+n.Type+"” is unknown.", e.Node)
			continue
		}
		p := propOf(t, e.Prop)
		if p == nil {
			bad("prop", fmt.Sprintf("A %s has no prop “%s”.", n.Type, e.Prop), e.Prop)
			continue
		}
		target := e.Node + "\x00" + e.Prop
		if other, dup := targets[target]; dup {
			bad("prop", "This prop is already exposed as “"+other+"”.", e.Prop)
			continue
		}
		targets[target] = key
		out = append(out, Exposed{Key: key, Node: e.Node, Prop: e.Prop, Label: label, Type: p.Type})
	}
	return out, fe
}

func propOf(t *component.Type, name string) *component.Prop {
	for i := range t.Props.Props {
		if t.Props.Props[i].Name == name {
			return &t.Props.Props[i]
		}
	}
	return nil
}

// loaded is a component version with its document parsed, as instance
// checks and rewrites need it.
type loaded struct {
	c Component
	v Version
	d *doc.Document
}

func (l *loaded) exposed(key string) *Exposed {
	for i := range l.v.Exposed {
		if l.v.Exposed[i].Key == key {
			return &l.v.Exposed[i]
		}
	}
	return nil
}

// checkOverride checks one override value as the prop it sets: the
// exposed node's props with the value in place must pass the node type's
// schema at that prop. It returns the problem ("" if none) and the value
// to store (rich text sanitised).
func checkOverride(reg *component.Registry, l *loaded, e *Exposed, value any) (string, any) {
	n := l.d.Nodes[e.Node]
	if n == nil {
		return "the component's node " + e.Node + " is missing", value
	}
	t, ok := reg.Get(n.Type)
	if !ok {
		return "the component's node type " + n.Type + " is unknown", value
	}
	if value == nil {
		return "must be a " + e.Type + " (leave it out to use the component's value)", value
	}
	props := maps.Clone(n.Props)
	if props == nil {
		props = map[string]any{}
	}
	props[e.Prop] = value
	prefix := "props." + e.Prop
	for _, pe := range t.CheckProps(props) {
		if pe.Path == prefix || strings.HasPrefix(pe.Path, prefix+".") || strings.HasPrefix(pe.Path, prefix+"[") {
			msg := pe.Message
			if rest := strings.TrimPrefix(pe.Path, prefix); rest != "" {
				msg = strings.TrimPrefix(rest, ".") + " " + msg
			}
			return msg, value
		}
	}
	if p := propOf(t, e.Prop); p != nil && p.Control == component.ControlRichText {
		if s, ok := value.(string); ok {
			return "", string(component.SanitizeRichText(s))
		}
	}
	return "", value
}

// Dropped is an override a version change removes from an instance.
type Dropped struct {
	Node   string `json:"node" doc:"The Instance node"`
	Key    string `json:"key" doc:"The override's key"`
	Reason string `json:"reason"`
}

// rewrite points every instance of the component in d at the version l,
// dropping overrides that no longer fit. It changes d in place (each
// rewritten node gets new props maps) and returns how many instances it
// changed and what it dropped.
func rewrite(reg *component.Registry, d *doc.Document, l *loaded) (int, []Dropped) {
	n := 0
	dropped := []Dropped{}
	ref := FormatRef(l.c.ID, l.v.Version)
	for _, in := range instances(d) {
		if in.id != l.c.ID {
			continue
		}
		node := d.Nodes[in.node]
		props := maps.Clone(node.Props)
		keep := map[string]any{}
		for _, k := range slices.Sorted(maps.Keys(in.overrides)) {
			e := l.exposed(k)
			if e == nil {
				dropped = append(dropped, Dropped{Node: in.node, Key: k, Reason: fmt.Sprintf("%s is no longer exposed in %s", quote(k), l.v.Version)})
				continue
			}
			if msg, v := checkOverride(reg, l, e, in.overrides[k]); msg != "" {
				dropped = append(dropped, Dropped{Node: in.node, Key: k, Reason: fmt.Sprintf("in %s, %s is a %s and the value no longer fits: %s", l.v.Version, quote(k), e.Type, msg)})
			} else {
				keep[k] = v
			}
		}
		if in.ref == ref && len(keep) == len(in.overrides) {
			continue
		}
		props["component"] = ref
		if len(keep) > 0 || in.overrides != nil {
			props["overrides"] = keep
		}
		cp := *node
		cp.Props = props
		d.Nodes[in.node] = &cp
		n++
	}
	return n, dropped
}

// relocate moves field errors of a document checked on its own (body.…)
// under body.document, where the component's document is sent.
func relocate(err error) error {
	e, ok := err.(*errs.Error)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	cp := *e
	cp.Fields = make([]errs.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		if rest, ok := strings.CutPrefix(f.Location, "body."); ok && !strings.HasPrefix(rest, "document") {
			f.Location = "body.document." + rest
		}
		cp.Fields[i] = f
	}
	if strings.Contains(cp.Message, "body.") && !strings.Contains(cp.Message, "body.document") {
		cp.Message = strings.Replace(cp.Message, "body.", "body.document.", 1)
	}
	return &cp
}
