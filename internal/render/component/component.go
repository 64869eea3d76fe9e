// Package component declares the built-in component types of the page
// builder (DESIGN.md §5): for each, its name, palette category and icon, the
// JSON Schema of its props with editor hints, its defaults, which children it
// takes, the Render func (or, for custom types, the html/template) that
// renders it, its base CSS and an optional tiny client script. The render
// package walks a document and asks this package how to render each node.
package component

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Prop control hints understood by the editor (the `x-control` keyword).
const (
	ControlText     = "text"
	ControlTextarea = "textarea"
	ControlRichText = "richtext"
	ControlNumber   = "number"
	ControlSelect   = "select"
	ControlColor    = "color"
	ControlToggle   = "toggle"
	ControlImage    = "image"
	ControlLink     = "link"
	ControlToken    = "token"
)

// Formats a string prop may declare; ValidateProps enforces them.
const (
	// FormatURL is a link target: http(s), mailto, tel, relative or "#…".
	FormatURL = "url"
	// FormatImageURL is an image source: http(s) or relative.
	FormatImageURL = "image-url"
	// FormatName is an identifier-like token: letters, digits, "_" and "-".
	FormatName = "name"
	// FormatComponentRef is a reusable component version,
	// "<componentId>@<major>.<minor>.<patch>" (see ValidComponentRef).
	FormatComponentRef = "component-ref"
)

// MaxFreeFormDepth is how deep the values of a free-form object prop (an
// "object" Prop without Fields) may nest: lists and objects inside it.
const MaxFreeFormDepth = 8

// Prop is the JSON Schema of one prop, with editor hints.
type Prop struct {
	// Name is the prop's key in Node.Props.
	Name string `json:"-"`
	// Type is the JSON Schema type: string, number, integer, boolean, array or object.
	Type        string `json:"type"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	// Control is the editor widget (`x-control`).
	Control string `json:"x-control,omitempty"`
	// Format is an extra check on strings (FormatURL, FormatImageURL,
	// FormatName, FormatComponentRef).
	Format    string   `json:"format,omitempty"`
	Enum      []any    `json:"enum,omitempty"`
	Minimum   *float64 `json:"minimum,omitempty"`
	Maximum   *float64 `json:"maximum,omitempty"`
	MaxLength int      `json:"maxLength,omitempty"`
	// Default is the value used when the prop is absent.
	Default any `json:"default,omitempty"`
	// Required props must be present and, for strings, non-empty.
	Required bool `json:"-"`
	// Items is the schema of array elements.
	Items *Prop `json:"items,omitempty"`
	// Fields is the schema of object members (for arrays of objects, or an
	// object prop). An "object" prop without Fields is free-form: any
	// member names, whose values are strings, numbers, booleans, null, or
	// lists and objects of those, nested at most MaxFreeFormDepth deep.
	Fields *Schema `json:"-"`
}

// Schema is the JSON Schema of a component's props: an object whose members
// are Props, in the order the editor shows them.
type Schema struct {
	Props []Prop
}

// MarshalJSON renders the schema as a JSON Schema object with an `x-order`
// list giving the editor's field order.
func (s Schema) MarshalJSON() ([]byte, error) {
	props := make(map[string]json.RawMessage, len(s.Props))
	order := make([]string, 0, len(s.Props))
	required := []string{}
	for _, p := range s.Props {
		b, err := p.MarshalJSON()
		if err != nil {
			return nil, err
		}
		props[p.Name] = b
		order = append(order, p.Name)
		if p.Required {
			required = append(required, p.Name)
		}
	}
	return json.Marshal(struct {
		Type                 string                     `json:"type"`
		Properties           map[string]json.RawMessage `json:"properties"`
		Required             []string                   `json:"required"`
		AdditionalProperties bool                       `json:"additionalProperties"`
		Order                []string                   `json:"x-order"`
	}{"object", props, required, false, order})
}

// MarshalJSON renders the prop's JSON Schema; a prop with Fields renders as
// an object schema.
func (p Prop) MarshalJSON() ([]byte, error) {
	if p.Fields != nil {
		return p.Fields.MarshalJSON()
	}
	type plain Prop
	return json.Marshal(plain(p))
}

func (s Schema) prop(name string) *Prop {
	for i := range s.Props {
		if s.Props[i].Name == name {
			return &s.Props[i]
		}
	}
	return nil
}

// Children says which child types a component accepts. The zero value
// accepts none.
type Children struct {
	// Any accepts every type (except those listed in Except).
	Any bool
	// Types lists the accepted child types when Any is false.
	Types []string
	// Except lists types refused even when Any is true.
	Except []string
}

// AnyChildren accepts every child type but the ones given.
func AnyChildren(except ...string) Children { return Children{Any: true, Except: except} }

// OnlyChildren accepts exactly the given child types.
func OnlyChildren(types ...string) Children { return Children{Types: types} }

// MarshalJSON renders "any", "none", or the list of accepted types; with
// exceptions it renders {"any": true, "except": [...]}.
func (c Children) MarshalJSON() ([]byte, error) {
	switch {
	case c.Any && len(c.Except) == 0:
		return []byte(`"any"`), nil
	case c.Any:
		return json.Marshal(map[string]any{"any": true, "except": c.Except})
	case len(c.Types) == 0:
		return []byte(`"none"`), nil
	}
	return json.Marshal(c.Types)
}

// allows reports whether a child of the given type is accepted.
func (c Children) allows(child string) bool {
	if c.Any {
		return !slices.Contains(c.Except, child)
	}
	return slices.Contains(c.Types, child)
}

// Child is one child of the node being rendered.
type Child struct {
	// Type is the child's component type.
	Type string
	// ID is the child's node id.
	ID string
}

// IDs hands out HTML ids that are unique within one rendered page.
type IDs interface {
	// ID returns a unique, valid id derived from hint.
	ID(hint string) string
}

// Asset is an image in the site's asset library, as the renderer needs it.
// Src and the variant URLs are made by the server and already safe.
type Asset struct {
	Src           string
	Width, Height int
	Alt           string
	Variants      []AssetVariant
}

// AssetVariant is a resized copy of an asset.
type AssetVariant struct {
	URL   string
	Width int
	// Type is the copy's content type, when the resolver knows it. A
	// width may have two copies: the JPEG or PNG every browser reads, and
	// a WebP copy (WebPType), which the renderer offers in a <picture>'s
	// <source> and leaves out of the <img>'s srcset. Any other type, or
	// none, is taken for the former.
	Type string
}

// WebPType is AssetVariant.Type of a WebP copy.
const WebPType = "image/webp"

// AssetResolver looks up the assets that props refer to as "asset:<id>".
type AssetResolver interface {
	Asset(id string) (Asset, bool)
}

// StyleDecl is one generated style declaration: under Key (base, a
// breakpoint, hover, focus), Prop: Value.
type StyleDecl struct {
	Key, Prop, Value string
}

// Context is what a component's Prepare sees and fills in for one node.
// The renderer reuses it from node to node: Prepare must not keep it, or
// its Children, after it returns.
type Context struct {
	// NodeID is the document id of the node being rendered.
	NodeID string
	// Props are the node's props over the type's defaults, already
	// validated against the schema.
	Props Props
	// Children are the node's children, in order. They are prepared before
	// their parent, so ids they take come first.
	Children []Child
	// IDs allocates page-unique HTML ids.
	IDs IDs
	// Assets resolves "asset:<id>" image references; nil when the render
	// has none, in which case any reference is an error.
	Assets AssetResolver
	// Editor is set when rendering for the editor canvas (View.Editor), so
	// that Prepare can set up what only the editor shows, such as the
	// placeholder of an image not chosen yet.
	Editor bool
	// Skip, set by Prepare, leaves the node and its subtree out of the
	// output, along with its type's CSS and script unless another node
	// uses the type: a published page shows nothing for an image or
	// video not chosen yet.
	Skip bool

	// Data is what Prepare computes for the template (`.D`) or Render func.
	Data any
	// Class lists extra classes Prepare adds to the root element.
	Class string
	// Styles are generated per-node style declarations that the renderer
	// merges under the node's own styles (which win property by property).
	Styles []StyleDecl
}

// SetStyle adds (or replaces) one generated style declaration under key
// (base, a breakpoint, hover, focus).
func (c *Context) SetStyle(key, prop, value string) {
	for i := range c.Styles {
		if c.Styles[i].Key == key && c.Styles[i].Prop == prop {
			c.Styles[i].Value = value
			return
		}
	}
	c.Styles = append(c.Styles, StyleDecl{key, prop, value})
}

// ChildWriter writes the children of a node; the renderer implements it.
type ChildWriter interface {
	// WriteChild writes child i of the node v belongs to.
	WriteChild(w *Writer, v *View, i int) error
}

// View is what a component renders one node from: a Render func reads
// Props, D and Kids and writes with the Writer; a template executes with
// Class, Attrs, P, D and Children. The renderer reuses views and writers:
// a Render func must not keep either after it returns.
type View struct {
	// Class is the root element's class list ("pw-<name> …"); set for
	// templates only (Render funcs use ClassList through the Writer).
	Class string
	// Attrs are extra attributes for the root element (editor markers);
	// templates place them right after the class attribute. Set for
	// templates only.
	Attrs template.HTMLAttr
	// P are the merged props; set for templates only.
	P map[string]any
	// D is what Prepare computed.
	D any
	// Children is the concatenated markup of all children; set for
	// templates only.
	Children template.HTML

	// NodeID is the node's document id.
	NodeID string
	// Props are the node's props over the type's defaults.
	Props Props
	// Kids are the node's children, in order.
	Kids []Child
	// ClassList is the type's class, Prepare's extra classes and the
	// node's style class; empty entries are skipped.
	ClassList [3]string
	// Editor is set when rendering for the editor canvas, which marks
	// each component's root element with data-pw-node.
	Editor bool
	// Out writes the children; Handle is the renderer's own reference to
	// the node. Both are set by the renderer.
	Out    ChildWriter
	Handle int
}

// WriteChild writes child i in place.
func (v *View) WriteChild(w *Writer, i int) error { return v.Out.WriteChild(w, v, i) }

// WriteChildren writes every child in order.
func (v *View) WriteChildren(w *Writer) error {
	for i := range v.Kids {
		if err := v.Out.WriteChild(w, v, i); err != nil {
			return err
		}
	}
	return nil
}

// Type is one component type.
type Type struct {
	Name     string `json:"name"`
	Category string `json:"category"`
	// Icon is a lucide icon name for the editor palette.
	Icon  string `json:"icon"`
	Props Schema `json:"props"`
	// Defaults are the props' default values (derived from Prop.Default).
	Defaults map[string]any `json:"defaults"`
	Children Children       `json:"children"`
	// Render writes one node's markup. The built-in types all have one;
	// it is much faster than a template.
	Render func(w *Writer, v *View) error `json:"-"`
	// Template is the html/template source rendering one node, for types
	// without a Render func (custom types declared by template).
	Template string `json:"-"`
	// CSS is the type's base CSS, scoped by `.pw-<name>`; included once per page using it.
	CSS string `json:"-"`
	// EditorCSS is base CSS only the editor canvas needs (the placeholder
	// of an image not chosen yet), added after CSS in editor renders so
	// that published pages do not carry it.
	EditorCSS string `json:"-"`
	// Script is an optional tiny client script, included once per page using it.
	Script string `json:"-"`
	// HasScript tells the editor the type ships a client script.
	HasScript bool `json:"hasScript"`
	// Hidden types are not offered in the editor's palette: nodes of the
	// type are made another way (an Instance, by placing a reusable
	// component).
	Hidden bool `json:"hidden,omitempty"`

	// Prepare computes render data from validated props (sanitising,
	// URL checks, ids). It may return an error naming a prop.
	Prepare func(c *Context) error `json:"-"`
	// Validate adds cross-field checks to the schema's.
	Validate func(props map[string]any) []FieldError `json:"-"`

	tpl   *template.Template
	class string
}

// ClassName is the type's scoping class, `pw-<lowercase name>`.
func (t *Type) ClassName() string {
	if t.class == "" {
		return "pw-" + strings.ToLower(t.Name)
	}
	return t.class
}

// Execute renders the node's view with the type's template.
func (t *Type) Execute(w io.Writer, v *View) error {
	if t.tpl == nil {
		return fmt.Errorf("component %s has no template", t.Name)
	}
	return t.tpl.Execute(w, v)
}

// WriteNode writes one node: with the Render func when the type has one,
// else by filling in the template fields of v (merged props, class list,
// editor attributes, the children's markup) and executing the template.
func (t *Type) WriteNode(w *Writer, v *View) error {
	if t.Render != nil {
		return t.Render(w, v)
	}
	tv := *v
	tv.P = v.Props.Map()
	for _, c := range v.ClassList {
		if c != "" && tv.Class != "" {
			tv.Class += " "
		}
		tv.Class += c // the template escapes it
	}
	if v.Editor {
		var attrs Writer
		attrs.EditorAttrs(v)
		tv.Attrs = template.HTMLAttr(attrs.b) //nolint:gosec // escaped node id
	}
	if len(v.Kids) > 0 {
		var kids Writer
		if err := v.WriteChildren(&kids); err != nil {
			return err
		}
		tv.Children = template.HTML(kids.b) //nolint:gosec // rendered by the renderer
	}
	return t.Execute(w, &tv)
}

// Accepts reports whether a node of type child may be a child of a node of
// this type (a Page never is).
func (t *Type) Accepts(child *Type) bool {
	return child.Name != "Page" && t.Children.allows(child.Name)
}

// Registry holds component types by name. It is safe for concurrent use once
// built.
type Registry struct {
	types map[string]*Type
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{types: map[string]*Type{}} }

// Register adds a type, parsing its template when it has no Render func. It
// fails on a duplicate name, a type with neither, or a template that does
// not parse.
func (r *Registry) Register(t *Type) error {
	if t.Name == "" {
		return fmt.Errorf("component: type without a name")
	}
	if _, dup := r.types[t.Name]; dup {
		return fmt.Errorf("component: type %q registered twice", t.Name)
	}
	if t.Render == nil {
		if t.Template == "" {
			return fmt.Errorf("component %s: neither a Render func nor a template", t.Name)
		}
		tpl, err := template.New(t.Name).Parse(t.Template)
		if err != nil {
			return fmt.Errorf("component %s: template: %w", t.Name, err)
		}
		t.tpl = tpl
	}
	t.class = "pw-" + strings.ToLower(t.Name)
	t.Defaults = map[string]any{}
	for _, p := range t.Props.Props {
		if p.Default != nil {
			t.Defaults[p.Name] = p.Default
		}
	}
	t.HasScript = t.Script != ""
	r.types[t.Name] = t
	return nil
}

// Get returns the type of the given name.
func (r *Registry) Get(name string) (*Type, bool) {
	t, ok := r.types[name]
	return t, ok
}

// List returns every type sorted by name, for GET /api/v1/component-types.
func (r *Registry) List() []*Type {
	names := slices.Sorted(maps.Keys(r.types))
	out := make([]*Type, len(names))
	for i, n := range names {
		out[i] = r.types[n]
	}
	return out
}

// Allowed reports whether a node of childType may be a child of a node of
// parentType. Unknown types are never allowed; a Page is never a child.
func (r *Registry) Allowed(parentType, childType string) bool {
	p, ok := r.types[parentType]
	if !ok || childType == "Page" {
		return false
	}
	if _, ok := r.types[childType]; !ok {
		return false
	}
	return p.Children.allows(childType)
}

// FieldError names one invalid prop by its path, e.g. "props.items[2].href".
type FieldError struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// Error formats the field error as "path: message".
func (e FieldError) Error() string { return e.Path + ": " + e.Message }

// ValidateProps checks props against the type's schema: unknown props,
// required props, JSON types, enums, bounds, lengths and URL safety, plus
// the type's own cross-field rules. Defaults are not applied: a required prop
// with a default counts as present.
func (r *Registry) ValidateProps(typeName string, props map[string]any) []FieldError {
	t, ok := r.types[typeName]
	if !ok {
		return []FieldError{{Path: "type", Message: fmt.Sprintf("unknown component type %q", typeName)}}
	}
	return t.CheckProps(props)
}

// CheckProps is ValidateProps for this type.
func (t *Type) CheckProps(props map[string]any) []FieldError {
	v := validator{root: &t.Props}
	v.object(&t.Props, props, t.Defaults)
	if t.Validate != nil {
		v.errs = append(v.errs, t.Validate(props)...)
	}
	return v.errs
}

// validator checks props against a schema. It keeps the location it is
// at as a stack of numbers (a prop's index in its schema, or a list
// index), turned into a string ("props.links[1].href") only for an
// error, so that valid props cost no allocations and store no pointers.
// Schemas nest a few levels at most.
type validator struct {
	root *Schema
	segs [8]int // ≥ 0: a prop's index; < 0: list index -(i+1)
	n    int
	errs []FieldError
}

func (v *validator) push(prop int)   { v.pushSeg(prop) }
func (v *validator) pushIndex(i int) { v.pushSeg(-(i + 1)) }

func (v *validator) pushSeg(s int) {
	if v.n < len(v.segs) {
		v.segs[v.n] = s
	}
	v.n++
}

func (v *validator) pop() { v.n-- }

// path is the current location, found by walking the schema down the
// stack.
func (v *validator) path() string {
	b := []byte("props")
	schema, list := v.root, (*Prop)(nil)
	for _, s := range v.segs[:min(v.n, len(v.segs))] {
		if s >= 0 {
			if schema == nil || s >= len(schema.Props) {
				break
			}
			p := &schema.Props[s]
			b = append(b, '.')
			b = append(b, p.Name...)
			schema, list = nil, p
			if p.Type == "object" && p.Fields != nil {
				schema, list = p.Fields, nil
			}
			continue
		}
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(-s-1), 10)
		b = append(b, ']')
		if list == nil || list.Items == nil {
			schema, list = nil, nil
			continue
		}
		if list.Items.Fields != nil {
			schema, list = list.Items.Fields, nil
		} else {
			schema, list = nil, list.Items
		}
	}
	return string(b)
}

// bad reports a problem at the current location.
func (v *validator) bad(msg string) {
	v.errs = append(v.errs, FieldError{Path: v.path(), Message: msg})
}

func (v *validator) object(s *Schema, obj, defaults map[string]any) {
	start := len(v.errs)
	known := 0
	for i := range s.Props {
		p := &s.Props[i]
		x, present := obj[p.Name]
		if present {
			known++
		}
		v.push(i)
		if !present || x == nil {
			if p.Required && defaults[p.Name] == nil {
				v.bad("is required")
			}
		} else {
			v.value(p, x)
		}
		v.pop()
	}
	if known == len(obj) {
		return
	}
	// Unknown props come first, sorted, as the editor shows them.
	var unknown []string
	for k := range obj {
		if s.prop(k) == nil {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	ue := make([]FieldError, len(unknown))
	at := v.path()
	for i, k := range unknown {
		ue[i] = FieldError{Path: at + "." + k, Message: "is not a known prop"}
	}
	v.errs = slices.Insert(v.errs, start, ue...)
}

func (v *validator) value(p *Prop, x any) {
	switch p.Type {
	case "string":
		s, ok := x.(string)
		if !ok {
			v.bad("must be a string")
			return
		}
		if p.Required && isBlank(s) {
			v.bad("is required")
			return
		}
		if p.MaxLength > 0 && len(s) > p.MaxLength {
			v.bad(fmt.Sprintf("must be at most %d bytes", p.MaxLength))
		}
		switch p.Format {
		case FormatURL:
			if s != "" {
				if _, ok := SafeURL(s); !ok {
					v.bad("must be an http(s), mailto, tel, relative or #fragment URL")
				}
			}
		case FormatImageURL:
			if s != "" {
				if id, isRef := AssetRef(s); isRef {
					if !ValidAssetID(id) {
						v.bad("must name an asset as asset:<id> (letters, digits and '-', at most 64)")
					}
				} else if _, ok := SafeImageURL(s); !ok {
					v.bad("must be an http(s) or relative URL, or asset:<id>")
				}
			}
		case FormatName:
			if s != "" && !isName(s) {
				v.bad("may contain only letters, digits, '_' and '-'")
			}
		case FormatComponentRef:
			if s != "" && !ValidComponentRef(s) {
				v.bad("must name a component version as <componentId>@<major>.<minor>.<patch>, e.g. 0193a3f4-8a2b-7c3d-9e4f-0123456789ab@1.2.0")
			}
		}
	case "number", "integer":
		f, ok := Number(x)
		if !ok {
			v.bad("must be a number")
			return
		}
		if p.Type == "integer" && f != float64(int64(f)) {
			v.bad("must be a whole number")
			return
		}
		if p.Minimum != nil && f < *p.Minimum {
			v.bad(fmt.Sprintf("must be at least %g", *p.Minimum))
		}
		if p.Maximum != nil && f > *p.Maximum {
			v.bad(fmt.Sprintf("must be at most %g", *p.Maximum))
		}
	case "boolean":
		if _, ok := x.(bool); !ok {
			v.bad("must be true or false")
			return
		}
	case "array":
		items, ok := asList(x)
		if !ok {
			v.bad("must be a list")
			return
		}
		if p.Items != nil {
			for i, it := range items {
				v.pushIndex(i)
				if p.Items.Fields != nil {
					if m, ok := it.(map[string]any); ok {
						v.object(p.Items.Fields, m, nil)
					} else {
						v.bad("must be an object")
					}
				} else {
					v.value(p.Items, it)
				}
				v.pop()
			}
		}
		return
	case "object":
		m, ok := x.(map[string]any)
		if !ok {
			v.bad("must be an object")
			return
		}
		if p.Fields != nil {
			v.object(p.Fields, m, nil)
		} else if !freeForm(m, 1) {
			v.bad(fmt.Sprintf("may hold only text, numbers, true/false, lists and objects, nested at most %d deep", MaxFreeFormDepth))
		}
		return
	default:
		return
	}
	if len(p.Enum) > 0 && !inEnum(p.Enum, x) {
		v.bad(fmt.Sprintf("must be one of %v", p.Enum))
	}
}

// freeForm reports whether x, at the given nesting depth, is a JSON value
// a free-form object may hold.
func freeForm(x any, depth int) bool {
	switch x := x.(type) {
	case nil, string, bool:
		return true
	case map[string]any:
		if depth > MaxFreeFormDepth {
			return false
		}
		for _, e := range x {
			if !freeForm(e, depth+1) {
				return false
			}
		}
		return true
	}
	if _, ok := Number(x); ok {
		return true
	}
	items, ok := asList(x)
	if !ok || depth > MaxFreeFormDepth {
		return false
	}
	for _, e := range items {
		if !freeForm(e, depth+1) {
			return false
		}
	}
	return true
}

// isBlank is strings.TrimSpace(s) == "" without the call for the common,
// non-blank case.
func isBlank(s string) bool {
	if s != "" && s[0] > ' ' && s[0] < 0x80 {
		return false
	}
	return strings.TrimSpace(s) == ""
}

func inEnum(enum []any, v any) bool {
	for _, e := range enum {
		if e == v {
			return true
		}
		ef, ok1 := Number(e)
		vf, ok2 := Number(v)
		if ok1 && ok2 && ef == vf {
			return true
		}
	}
	return false
}

// Number reports v as a float64 when it is any Go numeric type (JSON
// decoding yields float64; documents built in Go may hold ints).
func Number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case int32:
		return float64(n), true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}

// asList reports v as a []any for the list shapes props may hold.
func asList(v any) ([]any, bool) {
	switch l := v.(type) {
	case []any:
		return l, true
	case []string:
		out := make([]any, len(l))
		for i, s := range l {
			out[i] = s
		}
		return out, true
	case []map[string]any:
		out := make([]any, len(l))
		for i, m := range l {
			out[i] = m
		}
		return out, true
	}
	return nil, false
}

func isName(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}
